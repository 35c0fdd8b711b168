package io.footfall.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.wire.SightingBatch;
import org.junit.jupiter.api.Test;

class OptOutListTest {

  @Test
  void anEmptyListHandsTheBatchOnUntouched() {
    SightingBatch batch = batch(1, 2, 3);

    assertThat(new OptOutList().without(batch)).isSameAs(batch);
  }

  @Test
  void dropsEveryColumnOfListedDevicesAndKeepsTheOthersInOrder() {
    OptOutList list = new OptOutList();
    list.replace(new long[] {9, 2});

    SightingBatch kept = list.without(batch(1, 2, 3, 2, 9));

    assertThat(kept.size).isEqualTo(2);
    assertThat(kept.dev).containsExactly(1, 3);
    assertThat(kept.ts).containsExactly(1_001, 1_003);
    assertThat(kept.rssi).containsExactly((short) -61, (short) -63);
    assertThat(kept.count).containsExactly(1, 3);
    assertThat(kept.seq).isEqualTo(7);
  }

  @Test
  void theOthersKeepTheirRepeatVisitIds() {
    OptOutList list = new OptOutList();
    list.replace(new long[] {2});
    SightingBatch batch = batch(1, 2, 3);
    SightingBatch withRids = new SightingBatch(batch.site, batch.sensor, batch.seq, batch.size, batch.dev, batch.ts,
        batch.rssi, batch.sn, batch.fp, batch.flags, batch.count, new long[] {11, 22, 33}, 0, 0);

    SightingBatch kept = list.without(withRids);

    assertThat(kept.rid).containsExactly(11, 33);
  }

  @Test
  void aBatchOfOnlyOptedOutDevicesBecomesAnEmptyBatchSoTheSensorStillCountsAsAlive() {
    OptOutList list = new OptOutList();
    list.replace(new long[] {5});

    SightingBatch kept = list.without(batch(5, 5));

    assertThat(kept.size).isZero();
    assertThat(kept.sensor).isEqualTo("s-01");
  }

  private static SightingBatch batch(long... devs) {
    int n = devs.length;
    long[] ts = new long[n];
    short[] rssi = new short[n];
    int[] count = new int[n];
    for (int i = 0; i < n; i++) {
      ts[i] = 1_000 + i + 1;
      rssi[i] = (short) (-60 - i - 1);
      count[i] = i + 1;
    }
    return new SightingBatch("demo-mall", "s-01", 7, n, devs, ts, rssi, new short[n], new long[n], new byte[n],
        count, 0, 0);
  }
}
