package io.footfall.analytics;

import static io.footfall.analytics.TestSite.A;
import static io.footfall.analytics.TestSite.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.analytics.TestSite.Feed;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventTimeTest {

  private final Feed feed = new Feed();
  private final SiteAnalytics analytics = feed.analytics;

  @Test
  void watermarkTrailsTheSensorByTheAllowedLateness() {
    feed.sight(0, 42, 20_000, -60);

    assertThat(analytics.watermark()).isEqualTo(T0 + 15_000);
    assertThat(analytics.devices()).isZero();
    assertThat(analytics.counters().buffered()).isEqualTo(1);
  }

  @Test
  void sightingIsAppliedOnceTheWatermarkPassesIt() {
    feed.sight(0, 42, 20_000, -60).sight(0, 43, 25_000, -60);

    assertThat(analytics.devicesIn(A)).isEqualTo(1);
    assertThat(analytics.counters().buffered()).isEqualTo(1);
  }

  @Test
  void lateSightingsBeyondTheHorizonAreCountedAndDroppedThoseWithinItAreTaken() {
    long horizon = AnalyticsSettings.DEFAULT_LATE_HORIZON_MS;
    feed.sight(0, 42, horizon + 30_000, -60);

    // the watermark is at horizon + 25 s: 43 is late within the horizon, 44 beyond it
    feed.sight(1, 43, horizon + 25_000, -60).sight(1, 44, 25_000 - 1, -60);

    assertThat(analytics.counters().late()).isEqualTo(1);
    assertThat(analytics.counters().amended()).isEqualTo(1);
    assertThat(analytics.counters().accepted()).isEqualTo(1);
    feed.advanceTo(horizon + 40_000);
    assertThat(analytics.occupancy()).containsExactly(1, 1, 0);
  }

  @Test
  void aLateSightingWithinTheHorizonAmendsTheMinutesAlreadyFinalWithAHigherRevision() {
    // s0 hears a device in A through four minutes; the minutes up to 4 close
    for (long t = 0; t <= 240_000; t += 10_000) {
      feed.sight(0, 42, t, -60);
    }
    feed.advanceTo(540_000);
    List<ZoneMinute> first = analytics.drainFinishedMinutes();
    assertThat(first).filteredOn(r -> r.zone().equals("B")).isEmpty();
    assertThat(first).allSatisfy(r -> assertThat(r.revision()).isZero());

    // WHEN s1 sends, late, what it heard in minutes 1 and 2 (a device in B), then time moves on
    for (long t = 60_000; t < 180_000; t += 10_000) {
      feed.sight(1, 77, t, -60);
    }
    feed.advanceTo(600_000);

    // THEN the device counts in B in the minutes it was heard, sent as revision 1; nothing was late
    List<ZoneMinute> revised = analytics.drainFinishedMinutes().stream().filter(r -> r.zone().equals("B")).toList();
    assertThat(revised).extracting(ZoneMinute::minute).contains(T0 + 60_000, T0 + 120_000);
    assertThat(revised).allSatisfy(r -> assertThat(r.revision()).isEqualTo(1));
    assertThat(revised.stream().mapToInt(ZoneMinute::entries).sum()).isEqualTo(1);
    assertThat(revised.stream().mapToInt(ZoneMinute::exits).sum()).isEqualTo(1);
    assertThat(revised.get(0).minute()).isEqualTo(T0 + 60_000);
    assertThat(analytics.counters().late()).isZero();
    assertThat(analytics.counters().amended()).isEqualTo(12);
    assertThat(analytics.counters().revised()).isEqualTo(revised.size());
    assertThat(analytics.occupancy()).containsExactly(0, 0, 0);
  }

  @Test
  void watermarkWaitsForTheSlowestSensorStillSending() {
    feed.sight(1, 43, 80_000, -60).sight(0, 42, 90_000, -60).sight(0, 42, 94_000, -60);

    assertThat(analytics.watermark()).isEqualTo(T0 + 75_000);
  }

  @Test
  void sensorSilentLongerThanTheGraceNoLongerHoldsTheWatermarkBack() {
    // s1 last sent at 80 s of server time; the grace is 15 s
    feed.arriving(1, 43, 80_000, -60, 80_000).arriving(0, 42, 90_000, -60, 90_000);

    feed.arriving(0, 42, 95_000, -60, 95_000);
    assertThat(analytics.watermark()).isEqualTo(T0 + 75_000);

    feed.arriving(0, 42, 95_001, -60, 95_001);
    assertThat(analytics.watermark()).isEqualTo(T0 + 90_001);
  }

  @Test
  void sensorTooFarBehindTheNewestNoLongerHoldsTheWatermarkBack() {
    // s1 heard nothing since 80 s while s0, still sending at the same moment, is at 96 s: a replay faster than real time
    feed.arriving(1, 43, 80_000, -60, 95_000).arriving(0, 42, 95_000, -60, 95_000);
    assertThat(analytics.watermark()).isEqualTo(T0 + 75_000);

    feed.arriving(0, 42, 95_001, -60, 95_001);
    assertThat(analytics.watermark()).isEqualTo(T0 + 90_001);
  }

  @Test
  void watermarkNeverMovesBack() {
    feed.sight(0, 42, 100_000, -60);
    feed.sight(1, 43, 96_000, -60);

    assertThat(analytics.watermark()).isEqualTo(T0 + 95_000);
    assertThat(analytics.counters().late()).isZero();
  }

  @Test
  void tickAdvancesEventTimeOnlyAfterTheIdlePeriod() {
    // GIVEN sightings up to 20 s, seen by the engine's tick at wall time 1 000 000
    feed.sight(0, 42, 20_000, -60);
    analytics.tick(1_000_000);
    long watermark = analytics.watermark();

    // WHEN nothing arrives for 10 s of wall time, event time stands still
    analytics.tick(1_010_000);
    assertThat(analytics.watermark()).isEqualTo(watermark);

    // THEN after more than 10 s it follows the wall clock by the time elapsed since it last moved
    analytics.tick(1_010_500);
    assertThat(analytics.watermark()).isEqualTo(watermark + 10_500);
    analytics.tick(1_011_000);
    assertThat(analytics.watermark()).isEqualTo(watermark + 11_000);
    assertThat(analytics.devicesIn(A)).isEqualTo(1);
  }

  @Test
  void quietNightStillExpiresDevicesAndClosesMinutes() {
    feed.sight(0, 42, 20_000, -60);
    analytics.tick(0);
    for (long wall = 500; wall <= 400_000; wall += 500) {
      analytics.tick(wall);
    }

    assertThat(analytics.devices()).isZero();
    assertThat(analytics.drainFinishedMinutes()).extracting(ZoneMinute::minute)
        .containsExactly(T0, T0 + 60_000);
  }

  @Test
  void arrivalsResetTheIdlePeriod() {
    feed.sight(0, 42, 20_000, -60);
    analytics.tick(0);
    analytics.tick(9_000);
    feed.sight(0, 42, 21_000, -60);
    analytics.tick(9_500);
    analytics.tick(19_000);

    assertThat(analytics.watermark()).isEqualTo(T0 + 16_000);
  }
}
