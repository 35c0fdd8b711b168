package io.footfall.analytics;

import static io.footfall.analytics.TestSite.A;
import static io.footfall.analytics.TestSite.B;
import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.analytics.TestSite.Feed;
import io.footfall.site.FixedDeviceSpec;
import io.footfall.site.SensorSpec;
import io.footfall.site.Site;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class FixedDevicesTest {

  private static final long MINUTE = 60_000;
  private static final long HOUR = 60 * MINUTE;
  private static final long TILL = 77;
  private static final long PHONE = 42;

  /** What docs/metrics.md suggests: nothing listed, fixed devices found after 3 h. */
  private static final FixedDeviceSpec FOUND_AFTER_3_H =
      new FixedDeviceSpec(new long[0], FixedDeviceSpec.SUGGESTED_DETECT_AFTER_MS);

  private final RecordingListener listener = new RecordingListener();

  @Test
  void aListedDeviceIsInNoZoneAndCountsAsFixedWhereItIsHeard() {
    Feed feed = feed(new FixedDeviceSpec(new long[] {TILL}, FixedDeviceSpec.SUGGESTED_DETECT_AFTER_MS));

    feed.sight(0, TILL, 0, -45).sight(0, PHONE, 0, -60).sight(0, TILL, 30_000, -45).advanceTo(40_000);

    assertThat(feed.analytics.devicesIn(A)).isEqualTo(1);
    assertThat(feed.analytics.devices()).isEqualTo(1);
    assertThat(feed.analytics.fixedDevicesPerZone()).containsExactly(1, 0, 0);
    assertThat(listener.transitions).containsExactly("dev 42 outside->A at 0");
    assertThat(feed.analytics.fixedSightings()).isEqualTo(2);
  }

  @Test
  void aVendorAddressHeardForThreeHoursLeavesOccupancyThenAndStaysOut() {
    Feed feed = feed(FOUND_AFTER_3_H);

    hearEveryMinute(feed, 1, TILL, 0, 3 * HOUR - MINUTE, false);
    assertThat(feed.analytics.devicesIn(B)).isEqualTo(1);
    assertThat(feed.analytics.fixedDevicesPerZone()).containsExactly(0, 0, 0);

    hearEveryMinute(feed, 1, TILL, 3 * HOUR, 3 * HOUR + 10 * MINUTE, false);

    assertThat(feed.analytics.devicesIn(B)).isZero();
    assertThat(feed.analytics.devices()).isZero();
    assertThat(feed.analytics.fixedDevicesPerZone()).containsExactly(0, 1, 0);
    // counted as present until it was found, its exit dated like any departure's
    assertThat(listener.transitions).containsExactly("dev 77 outside->B at 0",
        "dev 77 B->outside at " + (3 * HOUR - MINUTE + 60_000));
  }

  @Test
  void aRandomizedAddressHeardForHoursIsStillSomeone() {
    Feed feed = feed(FOUND_AFTER_3_H);

    hearEveryMinute(feed, 0, PHONE, 0, 4 * HOUR, true);

    assertThat(feed.analytics.devicesIn(A)).isEqualTo(1);
    assertThat(feed.analytics.fixedDevicesPerZone()).containsExactly(0, 0, 0);
  }

  @Test
  void aSilenceOfMoreThanHalfAnHourStartsTheSpanAgainAShorterOneDoesNot() {
    Feed left = feed(FOUND_AFTER_3_H);
    hearEveryMinute(left, 0, PHONE, 0, 2 * HOUR, false);
    hearEveryMinute(left, 0, PHONE, 2 * HOUR + 40 * MINUTE, 4 * HOUR + 30 * MINUTE, false);
    assertThat(left.analytics.devicesIn(A)).as("came back after 40 min: 1 h 50 min since").isEqualTo(1);

    Feed rare = feed(FOUND_AFTER_3_H);
    hearEveryMinute(rare, 0, TILL, 0, 2 * HOUR, false);
    hearEveryMinute(rare, 0, TILL, 2 * HOUR + 20 * MINUTE, 3 * HOUR + 5 * MINUTE, false);
    assertThat(rare.analytics.devicesIn(A)).as("silent 20 min: heard for 3 h").isZero();
    assertThat(rare.analytics.fixedDevicesPerZone()).containsExactly(1, 0, 0);
  }

  @Test
  void byDefaultFixedDevicesAreNotLookedFor() {
    Feed feed = feed(FixedDeviceSpec.DEFAULT);

    hearEveryMinute(feed, 0, TILL, 0, 5 * HOUR, false);

    assertThat(feed.analytics.devicesIn(A)).isEqualTo(1);
  }

  @Test
  void aFixedDeviceNoLongerHeardStopsCountingInItsZoneAfterTheAbsenceTimeout() {
    Feed feed = feed(new FixedDeviceSpec(new long[] {TILL}, 0));

    feed.sight(0, TILL, 0, -45).advanceTo(179_000);
    assertThat(feed.analytics.fixedDevicesPerZone()).containsExactly(1, 0, 0);

    feed.advanceTo(181_000);
    assertThat(feed.analytics.fixedDevicesPerZone()).containsExactly(0, 0, 0);
  }

  @Test
  void aSnapshotTakenWhileADeviceIsWatchedGoesOnToFindIt() {
    Feed feed = feed(FOUND_AFTER_3_H);
    hearEveryMinute(feed, 0, TILL, 0, 2 * HOUR + 30 * MINUTE, false);

    SiteAnalytics back = SiteAnalytics.restore(feed.analytics.site(), feed.settings, VisitListener.NONE,
        feed.analytics.snapshot());
    hearEveryMinute(new Feed(back, feed.settings), 0, TILL, 2 * HOUR + 31 * MINUTE, 3 * HOUR + 5 * MINUTE, false);

    assertThat(back.devicesIn(A)).isZero();
    assertThat(back.fixedDevicesPerZone()).containsExactly(1, 0, 0);
  }

  @Test
  void eachSensorKeepsItsOwnRssiFloorTheOthersTheEngines() {
    // s1 (zone B) hears the room next door at -72 to -80 dBm; its floor of -70 keeps them out, s0 keeps -85
    Site base = TestSite.site();
    List<SensorSpec> sensors = new ArrayList<>(base.sensors());
    SensorSpec s1 = sensors.get(1);
    sensors.set(1, new SensorSpec(1, s1.id(), s1.floor(), 0, 0, s1.zone(), null, null, -70));
    Site site = new Site(base.id(), base.name(), base.timezone(), base.floors(), base.zones(), sensors);
    Feed feed = new Feed(site, AnalyticsSettings.defaults(), listener);

    feed.sight(1, 1, 0, -75).sight(1, 2, 0, -69).sight(0, 3, 0, -80).advanceTo(10_000);

    assertThat(feed.analytics.occupancy()).containsExactly(1, 1, 0);
    assertThat(feed.analytics.counters().weak()).isEqualTo(1 + 4); // and the four heartbeats at -120
  }

  /** Leaving a listed device's sightings out of the input changes nothing else: it is as if it was never heard. */
  @Property(tries = 60)
  void aListedDeviceChangesNothingButItsOwnCount(@ForAll long seed, @ForAll @IntRange(min = 1, max = 200) int n) {
    FixedDeviceSpec spec = new FixedDeviceSpec(new long[] {TILL}, 0);
    Feed with = feed(spec);
    Feed without = feed(spec);
    SplittableRandom rng = new SplittableRandom(seed);
    long t = 0;
    for (int i = 0; i < n; i++) {
      t += rng.nextLong(1, 40_000);
      int sensor = rng.nextInt(4);
      int rssi = -40 - rng.nextInt(50);
      long dev = rng.nextInt(4) == 0 ? TILL : 1 + rng.nextInt(6);
      with.sight(sensor, dev, t, rssi);
      if (dev != TILL) {
        without.sight(sensor, dev, t, rssi);
      } else {
        without.sight(sensor, TestSite.Feed.CLOCK_DEVICE, t, -120);
      }
      if (rng.nextInt(5) == 0) {
        with.advanceTo(t);
        without.advanceTo(t);
        assertThat(with.analytics.occupancy()).containsExactly(without.analytics.occupancy());
      }
    }
    with.advanceTo(t + 400_000);
    without.advanceTo(t + 400_000);
    assertThat(with.analytics.occupancy()).containsExactly(without.analytics.occupancy());
    assertThat(with.analytics.drainFinishedMinutes()).isEqualTo(without.analytics.drainFinishedMinutes());
  }

  private Feed feed(FixedDeviceSpec spec) {
    Site base = TestSite.site();
    Site site = new Site(base.id(), base.name(), base.timezone(), base.floors(), base.zones(), base.sensors(),
        base.people(), spec);
    return new Feed(site, AnalyticsSettings.defaults(), listener);
  }

  /** Heard by one sensor at -50 dBm every minute from {@code fromMs} to {@code toMs}, event time following. */
  private static void hearEveryMinute(Feed feed, int sensor, long dev, long fromMs, long toMs, boolean random) {
    for (long t = fromMs; t <= toMs; t += MINUTE) {
      feed.analytics.accept(new TestSite.Batch(sensor).add(dev, t, -50, random).build());
      feed.advanceTo(t);
    }
  }
}
