package io.footfall.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PendingSightingsTest {

  @Test
  void releasesSightingsByTimeThenSensorThenDevice() {
    PendingSightings pending = new PendingSightings();
    Random random = new Random(3);
    for (int i = 0; i < 5_000; i++) {
      pending.add(random.nextInt(50), random.nextInt(4), random.nextInt(20), -60, (byte) 0, (short) 0, 0L, 0L);
    }

    List<long[]> order = new ArrayList<>();
    while (pending.size() > 0) {
      pending.poll();
      order.add(new long[] {pending.polledTs, pending.polledSensor, pending.polledDev});
    }

    assertThat(order).hasSize(5_000);
    for (int i = 1; i < order.size(); i++) {
      long[] a = order.get(i - 1);
      long[] b = order.get(i);
      assertThat(a[0] < b[0] || a[0] == b[0] && (a[1] < b[1] || a[1] == b[1] && a[2] <= b[2])).isTrue();
    }
  }

  @Test
  void givesMemoryBackOnceMostlyDrainedAndKeepsTheOrderOfWhatRemains() {
    // GIVEN a buffer that held 100,000 sightings after a stall, drained to its 10 latest
    PendingSightings pending = new PendingSightings();
    for (int i = 0; i < 100_000; i++) {
      pending.add(100_000 - i, 0, i, -60, (byte) 0, (short) 0, 0L, 0L);
    }
    int full = pending.capacity();
    while (pending.size() > 10) {
      pending.poll();
    }

    // WHEN the step ends
    pending.trim();

    // THEN its columns shrank, and the rest still come out in time order
    assertThat(pending.capacity()).isLessThan(full / 64);
    long previous = Long.MIN_VALUE;
    while (pending.size() > 0) {
      pending.poll();
      assertThat(pending.polledTs).isGreaterThan(previous);
      previous = pending.polledTs;
    }
  }
}
