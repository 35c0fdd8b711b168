package io.footfall.analytics;

import static io.footfall.analytics.TestSite.A;
import static io.footfall.analytics.TestSite.B;
import static io.footfall.analytics.TestSite.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.analytics.TestSite.Batch;
import io.footfall.analytics.TestSite.Feed;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a site does with sensors whose clocks are wrong, that fall silent, re-send, or replay days of captures. */
class SensorClocksTest {

  private static final long DAY = 86_400_000L;
  private final Feed feed = new Feed();
  private final SiteAnalytics analytics = feed.analytics;

  @Test
  void aSightingFromTheFarFutureIsRefusedAndBlindsNobody() {
    long year2098 = Instant.parse("2098-12-31T23:59:59Z").toEpochMilli() - T0;
    feed.arriving(0, 42, 10_000, -60, 10_000);

    feed.arriving(1, 666, year2098, -60, 11_000);
    for (long t = 12_000; t <= 60_000; t += 1_000) {
      feed.arriving(0, 42, t, -60, t).arriving(1, 43, t, -60, t);
    }

    assertThat(analytics.counters().clockAhead()).isEqualTo(1);
    assertThat(analytics.counters().late()).isZero();
    assertThat(analytics.watermark()).isEqualTo(T0 + 55_000);
    assertThat(analytics.occupancy()).containsExactly(1, 1, 0);
    SensorClock s1 = analytics.sensorClocks().get(1);
    assertThat(s1.refusedAhead()).isEqualTo(1);
    assertThat(s1.wrongAt(T0 + 60_000, 300_000)).isTrue();
    assertThat(analytics.sensorClocks().get(0).wrongAt(T0 + 60_000, 300_000)).isFalse();
  }

  @Test
  void aSensorTwoMinutesFastNeverMakesACorrectOneLate() {
    // s1's clock is 120 s ahead of the server's; s0's is right
    for (long t = 0; t <= 300_000; t += 1_000) {
      feed.arriving(0, 42, t, -60, t).arriving(1, 43, t + 120_000, -60, t);
    }

    assertThat(analytics.counters().late()).isZero();
    assertThat(analytics.sensorClocks().get(1).correctionMs()).isEqualTo(120_000);
    // corrected, s1 no longer runs the site's clock two minutes early
    assertThat(analytics.watermark()).isEqualTo(T0 + 295_000);
    assertThat(analytics.occupancy()).containsExactly(1, 1, 0);
  }

  @Test
  void aSensorTwoMinutesSlowIsCorrectedOnceItsLeadSettlesAndCountsInTheRightMinutes() {
    // s1's clock is 120 s behind the server's (and s0's); it hears its own device from the second minute on
    for (long t = 0; t <= 400_000; t += 1_000) {
      feed.arriving(0, 42, t, -60, t);
      if (t >= 60_000 && t < 180_000) {
        feed.arriving(1, 43, t - 120_000, -60, t);
      } else {
        feed.arriving(1, Feed.CLOCK_DEVICE, t - 120_000, -120, t);
      }
    }

    SensorClock s1 = analytics.sensorClocks().get(1);
    assertThat(s1.correctionMs()).isEqualTo(-120_000);
    assertThat(s1.wrongAt(T0 + 400_000, 300_000)).as("reported clock wrong while corrected").isTrue();
    // only what it sent before its lead settled came too late: at most the settling time's batches
    assertThat(s1.late()).isBetween(1L, EventClock.SETTLE_MS / 1_000 + 1);
    assertThat(analytics.sensorClocks().get(0).late()).isZero();
    // s1's device entered zone B in the minute it was heard, by the server's clock, not two minutes earlier
    List<ZoneMinute> b = analytics.drainFinishedMinutes().stream().filter(r -> r.zone().equals("B")).toList();
    assertThat(b).isNotEmpty();
    assertThat(b.get(0).minute()).isEqualTo(T0 + 60_000);
    assertThat(b.get(0).entries()).isEqualTo(1);
    assertThat(b.stream().mapToInt(ZoneMinute::entries).sum()).isEqualTo(1);
  }

  @Test
  void aBacklogSentFasterThanRealTimeIsNotTakenForASlowClock() {
    for (long t = 0; t <= 60_000; t += 1_000) {
      feed.arriving(0, 42, t, -60, t).arriving(1, 43, t, -60, t);
    }
    // s1 was cut off for two minutes and sends what it heard meanwhile at 20 batches/s, then live again
    long arrival = 180_000;
    for (long t = 61_000; t < 180_000; t += 1_000) {
      feed.arriving(0, 42, arrival, -60, arrival).arriving(1, 43, t, -60, arrival);
      arrival += 50;
    }
    for (long t = arrival; t <= arrival + 30_000; t += 1_000) {
      feed.arriving(0, 42, t, -60, t).arriving(1, 43, t, -60, t);
    }

    assertThat(analytics.sensorClocks().get(1).correctionMs()).isZero();
    assertThat(analytics.sensorClocks().get(1).wrongAt(T0 + arrival + 30_000, 300_000)).isFalse();
  }

  @Test
  void aSensorThatStopsHoldsTheSiteBackOnlyForTheGrace() {
    feed.arriving(0, 42, 10_000, -60, 10_000).arriving(1, 43, 10_000, -60, 10_000);

    // s1 dies; s0 goes on
    for (long t = 11_000; t <= 40_000; t += 1_000) {
      feed.arriving(0, 42, t, -60, t);
    }

    assertThat(analytics.watermark()).isEqualTo(T0 + 35_000);
  }

  @Test
  void sensorsThatAllFellSilentStopHoldingTheSiteBackByTheServersClock() {
    // GIVEN a replay a day old: after a restart, s0 gets a grace; then only s1 sends, once, far ahead of s0
    feed.arriving(0, 42, 10_000, -60, DAY + 10_000);
    analytics.resumed(T0 + DAY + 11_000);
    feed.arriving(1, 43, 400_000, -60, DAY + 12_000);
    assertThat(analytics.watermark()).isEqualTo(T0 + 5_000);

    // WHEN nothing else arrives, but the server's clock goes on past the grace
    analytics.tick(T0 + DAY + 12_000 + 15_001);

    // THEN s0 no longer holds the watermark back
    assertThat(analytics.watermark()).isEqualTo(T0 + 395_000);
  }

  @Test
  void daysOfCapturesBackToBackNeverThrowAndEveryDayGetsItsMinutes() {
    List<ZoneMinute> rows = new ArrayList<>();
    // days weeks apart, as a lab's captures are: more than the device table's relative times can span
    long[] days = {0, 14 * DAY, 45 * DAY, 46 * DAY, 120 * DAY};
    for (long day : days) {
      for (long t = 0; t < 600_000; t += 5_000) {
        feed.sight(0, 42, day + t, -60).sight(1, 1000 + day / DAY, day + t, -60);
      }
      rows.addAll(analytics.drainFinishedMinutes());
    }
    feed.advanceTo(days[days.length - 1] + DAY);
    rows.addAll(analytics.drainFinishedMinutes());

    for (long day : days) {
      // both devices, heard every 5 s, are present the whole of every minute of their ten
      assertThat(rows).as("zone rows of day %d, minute 5", day / DAY)
          .filteredOn(r -> r.minute() == T0 + day + 300_000)
          .extracting(ZoneMinute::devicesAvg).containsExactly(1.0, 1.0);
    }
    assertThat(rows).allMatch(r -> r.devicesAvg() >= 0 && r.devicesMax() >= 0);
    assertThat(analytics.occupancy()).containsExactly(0, 0, 0);
  }

  @Test
  void aBatchIsTakenOnceWhateverTheTransportSays() {
    assertThat(analytics.alreadyTaken(new Batch(0).add(42, 1_000, -60).build(7, 0))).isFalse();
    assertThat(analytics.alreadyTaken(new Batch(0).add(42, 2_000, -60).build(8, 0))).isFalse();

    assertThat(analytics.alreadyTaken(new Batch(0).add(42, 1_000, -60).build(7, 0))).as("re-sent").isTrue();
    assertThat(analytics.alreadyTaken(new Batch(1).add(42, 1_000, -60).build(7, 0))).as("another sensor's").isFalse();
    assertThat(analytics.alreadyTaken(new Batch(0).add(42, 1_000, -60).build(6, 0))).as("never taken").isFalse();
    assertThat(analytics.alreadyTaken(new Batch(0).add(42, 1_000, -60).build(0, 0)))
        .as("a reinstalled sensor counting afresh").isFalse();
    assertThat(analytics.alreadyTaken(new Batch(0).add(42, 9_000, -60).build(7, 0)))
        .as("a reinstalled sensor's number again, with sightings newer than any taken").isFalse();
  }

  @Test
  void batchNumbersTakenSurviveASnapshot() {
    analytics.alreadyTaken(new Batch(0).add(42, 1_000, -60).build(7, 0));

    SiteAnalytics restored = SiteAnalytics.restore(analytics.site(), feed.settings, VisitListener.NONE,
        analytics.snapshot());

    assertThat(restored.alreadyTaken(new Batch(0).add(42, 1_000, -60).build(7, 0))).isTrue();
  }

  @Test
  void afterARestartSensorsHaveTheGraceToSendTheirBacklog() {
    for (long t = 0; t <= 30_000; t += 1_000) {
      feed.arriving(0, 42, t, -60, t).arriving(1, 43, t, -60, t);
    }
    SiteAnalytics restored = SiteAnalytics.restore(analytics.site(), feed.settings, VisitListener.NONE,
        analytics.snapshot());

    // 20 s down; s0 reconnects first and sends its backlog, then s1 sends its own
    restored.resumed(T0 + 52_000);
    for (long t = 31_000; t <= 52_000; t += 1_000) {
      restored.accept(new Batch(0).add(42, t, -60).build(0, T0 + 52_000 + (t - 31_000) / 100));
    }
    for (long t = 31_000; t <= 52_000; t += 1_000) {
      restored.accept(new Batch(1).add(44, t, -60).build(0, T0 + 54_000 + (t - 31_000) / 100));
    }

    assertThat(restored.counters().late()).isZero();
    assertThat(restored.occupancy()[B]).isEqualTo(2);
    assertThat(restored.occupancy()[A]).isEqualTo(1);
  }
}
