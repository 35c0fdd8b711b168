package io.footfall.analytics;

import static io.footfall.analytics.TestSite.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.wire.SightingBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The analytics core under any order of time: multi-sensor streams with silences of months, jumps forward and back,
 * sightings from the far future and the far past, re-sent batches, wall-clock ticks and restarts from a snapshot at
 * random points, and backlogs sent late within and beyond the late horizon. Whatever comes, nothing throws, no later
 * batch is poisoned, occupancy is never negative, every minute of every zone ends final once and is only ever sent
 * again amended with a higher revision, entries minus exits of the newest rows is the occupancy, and a run restored
 * from a snapshot goes on exactly as the uninterrupted one.
 */
class TimeInvariantsTest {

  private static final long DAY = 86_400_000L;
  private static final int SENSORS = 4;

  @Property(tries = 150)
  void anyOrderOfTimeNeitherThrowsNorBreaksTheCounts(@ForAll long seed, @ForAll @IntRange(min = 1, max = 400) int steps) {
    List<Step> stream = stream(new Random(seed), steps);
    SiteAnalytics analytics = new SiteAnalytics(TestSite.site(), AnalyticsSettings.defaults());
    Map<String, ZoneMinute> newest = new HashMap<>();

    for (Step step : stream) {
      step.applyTo(analytics);
      for (int occupancy : analytics.occupancy()) {
        assertThat(occupancy).as("occupancy after %s", step).isNotNegative();
      }
      for (ZoneMinute row : analytics.drainFinishedMinutes()) {
        ZoneMinute before = newest.put(row.zone() + "@" + row.minute(), row);
        if (before != null) {
          assertThat(row.revision()).as("minute %s of %s sent again after revision %d", row.minute(), row.zone(),
              before.revision()).isGreaterThan(before.revision());
        }
      }
    }
    // WHEN every sensor then reports a day after everything sent, nobody outlived the absence timeout
    long end = T0;
    for (Step step : stream) {
      SightingBatch b = step.batch();
      for (int i = 0; b != null && i < b.size; i++) {
        // a batch of unknown arrival (a tool's) is taken at its word, however far ahead
        if (b.receivedAt == 0 || b.ts[i] - b.receivedAt <= AnalyticsSettings.DEFAULT_MAX_CLOCK_AHEAD_MS) {
          end = Math.max(end, b.ts[i]);
        }
      }
    }
    end += DAY;
    for (int s = 0; s < SENSORS; s++) {
      analytics.accept(new SightingBatch("test-site", "s" + s, 1L << 40, 1, new long[] {999}, new long[] {end},
          new short[] {-120}, new short[1], new long[1], new byte[1], new int[] {1}, s, end));
    }
    assertThat(analytics.devices()).as("devices a day after the last sighting").isZero();
    List<ZoneMinute> last = new ArrayList<>(analytics.drainFinishedMinutes());
    last.addAll(analytics.flushOpenMinutes());
    for (ZoneMinute row : last) {
      ZoneMinute before = newest.put(row.zone() + "@" + row.minute(), row);
      if (before != null) {
        assertThat(row.revision()).as("minute %s of %s", row.minute(), row.zone()).isGreaterThan(before.revision());
      }
    }
    List<ZoneMinute> rows = List.copyOf(newest.values());

    int[] occupancy = analytics.occupancy();
    for (int z = 0; z < occupancy.length; z++) {
      String zone = TestSite.site().zones().get(z).id();
      long net = rows.stream().filter(r -> r.zone().equals(zone)).mapToLong(r -> r.entries() - r.exits()).sum();
      assertThat(net).as("entries minus exits of %s", zone).isEqualTo(occupancy[z]);
    }
  }

  @Property(tries = 100)
  void aRunRestoredFromASnapshotGoesOnAsTheUninterruptedOne(@ForAll long seed,
                                                            @ForAll @IntRange(min = 2, max = 300) int steps) {
    Random random = new Random(seed);
    List<Step> stream = stream(random, steps);
    int cut = 1 + random.nextInt(steps - 1);
    SiteAnalytics uninterrupted = new SiteAnalytics(TestSite.site(), AnalyticsSettings.defaults());
    SiteAnalytics before = new SiteAnalytics(TestSite.site(), AnalyticsSettings.defaults());
    List<ZoneMinute> expected = new ArrayList<>();
    List<ZoneMinute> actual = new ArrayList<>();
    for (int i = 0; i < cut; i++) {
      stream.get(i).applyTo(uninterrupted);
      stream.get(i).applyTo(before);
    }
    expected.addAll(uninterrupted.drainFinishedMinutes());
    actual.addAll(before.drainFinishedMinutes());

    SiteAnalytics restored = SiteAnalytics.restore(TestSite.site(), AnalyticsSettings.defaults(), VisitListener.NONE,
        before.snapshot());
    for (int i = cut; i < steps; i++) {
      stream.get(i).applyTo(uninterrupted);
      stream.get(i).applyTo(restored);
    }
    expected.addAll(uninterrupted.drainFinishedMinutes());
    actual.addAll(restored.drainFinishedMinutes());

    assertThat(actual).isEqualTo(expected);
    assertThat(restored.occupancy()).isEqualTo(uninterrupted.occupancy());
    assertThat(restored.watermark()).isEqualTo(uninterrupted.watermark());
    assertThat(restored.counters()).isEqualTo(uninterrupted.counters());
  }

  /** One input to the analytics: a batch (maybe re-sent) or a tick of the wall clock. */
  private record Step(SightingBatch batch, long tickWallMs) {

    void applyTo(SiteAnalytics analytics) {
      if (batch == null) {
        analytics.tick(tickWallMs);
      } else if (!analytics.alreadyTaken(batch)) {
        analytics.accept(batch);
      }
    }

    @Override
    public String toString() {
      return batch == null ? "tick " + tickWallMs : "batch " + batch.sensor + "#" + batch.seq + " of " + batch.size;
    }
  }

  /**
   * A stream of sensors' batches over a clock that mostly runs forward at a few seconds a batch, with silences of
   * minutes to months, jumps back, sightings from the far future and the far past, re-sends and ticks.
   */
  private static List<Step> stream(Random random, int steps) {
    List<Step> out = new ArrayList<>();
    long[] seq = new long[SENSORS];
    long now = T0;
    List<SightingBatch> sent = new ArrayList<>();
    for (int i = 0; i < steps; i++) {
      int kind = random.nextInt(100);
      if (kind < 3) {
        now += (1 + random.nextInt(60)) * DAY;
      } else if (kind < 8) {
        now += 60_000L * (1 + random.nextInt(30));
      } else if (kind < 10) {
        now -= 1_000L * random.nextInt(600);
      } else {
        now += random.nextInt(5_000);
      }
      if (kind >= 10 && kind < 14 && !sent.isEmpty()) {
        out.add(new Step(sent.get(random.nextInt(sent.size())), 0));
        continue;
      }
      if (kind >= 14 && kind < 18) {
        out.add(new Step(null, now + random.nextInt(60_000)));
        continue;
      }
      // a sensor's backlog: what it heard up to a little beyond the late horizon ago, arriving now
      long back = kind >= 18 && kind < 24
          ? random.nextLong(AnalyticsSettings.DEFAULT_LATE_HORIZON_MS + 300_000) : 0;
      int sensor = random.nextInt(SENSORS);
      int n = random.nextInt(6);
      long[] dev = new long[n];
      long[] ts = new long[n];
      short[] rssi = new short[n];
      byte[] flags = new byte[n];
      int[] count = new int[n];
      for (int k = 0; k < n; k++) {
        dev[k] = 1 + random.nextInt(40);
        int odd = random.nextInt(100);
        ts[k] = odd == 0 ? 4_070_908_799_000L : odd == 1 ? 946_684_800_000L : now - back - random.nextInt(3_000);
        rssi[k] = (short) (-40 - random.nextInt(60));
        flags[k] = random.nextInt(3) == 0 ? SightingBatch.FLAG_RANDOM : 0;
        count[k] = 1;
      }
      long arrival = random.nextInt(10) == 0 ? 0 : now + random.nextInt(2_000);
      SightingBatch batch = new SightingBatch("test-site", "s" + sensor, ++seq[sensor], n, dev, ts, rssi, new short[n],
          new long[n], flags, count, sensor, arrival);
      sent.add(batch);
      out.add(new Step(batch, 0));
    }
    return out;
  }
}
