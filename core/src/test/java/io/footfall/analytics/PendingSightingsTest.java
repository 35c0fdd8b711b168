package io.footfall.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
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

  /**
   * Each operation is a batch of sightings added (positive: that many, in roughly rising time like a sensor's batch,
   * with ties on every field), or sightings released (negative), or a snapshot written and read back (zero). Whatever
   * the interleaving, what comes out is what a single priority queue over the whole tuple releases.
   */
  @Property(tries = 300)
  void releasesWhatOnePriorityQueueOverTheWholeTupleWouldWhateverTheRunsAndSnapshots(
      @ForAll @Size(max = 80) List<@IntRange(min = -60, max = 40) Integer> operations,
      @ForAll @IntRange(min = 0, max = 1000) int seed) throws IOException {
    Random random = new Random(seed);
    PendingSightings pending = new PendingSightings();
    PriorityQueue<long[]> expected = new PriorityQueue<>(Arrays::compare);
    long clock = 0;
    for (int op : operations) {
      if (op > 0) {
        for (int i = 0; i < op; i++) {
          long[] s = {clock + random.nextInt(6) - 2, random.nextInt(3), random.nextInt(4), -60 - random.nextInt(2),
              random.nextInt(2), random.nextInt(2), random.nextInt(2), random.nextInt(2)};
          clock += random.nextInt(2);
          pending.add(s[0], (int) s[1], s[2], (int) s[3], (byte) s[4], (short) s[5], s[6], s[7]);
          expected.add(s);
        }
      } else if (op < 0) {
        for (int i = 0; i < -op && !expected.isEmpty(); i++) {
          assertThat(pending.peekTs()).isEqualTo(expected.peek()[0]);
          pending.poll();
          assertThat(polled(pending)).containsExactly(expected.poll());
        }
      } else {
        pending = roundTrip(pending);
      }
      assertThat(pending.size()).isEqualTo(expected.size());
      pending.trim();
    }
  }

  private static long[] polled(PendingSightings p) {
    return new long[] {p.polledTs, p.polledSensor, p.polledDev, p.polledRssi, p.polledFlags, p.polledSn, p.polledFp,
        p.polledRid};
  }

  private static PendingSightings roundTrip(PendingSightings pending) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    pending.writeTo(new DataOutputStream(bytes));
    PendingSightings read = new PendingSightings();
    read.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), 3);
    return read;
  }
}
