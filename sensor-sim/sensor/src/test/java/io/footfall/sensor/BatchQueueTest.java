package io.footfall.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchQueueTest {

  @TempDir
  Path dir;

  private static byte[] payload(int size) {
    return new byte[size];
  }

  @Test
  void servesBatchesOldestFirstAndForgetsAcknowledgedOnes() {
    BatchQueue q = BatchQueue.open(dir, 1 << 20, new SensorCounters());
    q.append(0, "a".getBytes());
    q.append(1, "b".getBytes());

    assertThat(q.head().seq()).isZero();
    q.remove(0);
    assertThat(new String(q.head().payload())).isEqualTo("b");
    q.remove(1);
    assertThat(q.head()).isNull();
  }

  @Test
  void aNewQueueNumbersFromTheWallClockAndReopeningResumesTheBatchesAndTheNumbering() {
    long before = System.currentTimeMillis();
    BatchQueue first = BatchQueue.open(dir, 1 << 20, new SensorCounters());
    long base = first.nextSeq();
    first.append(base, payload(10));
    first.append(base + 1, payload(10));
    first.remove(base);
    first.remove(base + 1);
    first.append(base + 2, payload(10));

    BatchQueue again = BatchQueue.open(dir, 1 << 20, new SensorCounters());

    assertThat(base).as("a fresh queue never counts again from where an older one began").isGreaterThanOrEqualTo(before);
    assertThat(again.head().seq()).isEqualTo(base + 2);
    assertThat(again.nextSeq()).isEqualTo(base + 3);
  }

  @Test
  void dropsTheOldestBatchesWhenFullAndCountsThem() {
    SensorCounters counters = new SensorCounters();
    BatchQueue q = BatchQueue.open(dir, 250, counters);

    for (int seq = 0; seq < 5; seq++) {
      q.append(seq, payload(100));
    }

    assertThat(q.snapshot().keySet()).containsExactly(3L, 4L);
    assertThat(counters.snapshot()).containsEntry("queue-dropped", 3L);
  }
}
