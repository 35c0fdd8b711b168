package io.footfall.analytics;

import static io.footfall.analytics.TestSite.A;
import static io.footfall.analytics.TestSite.B;
import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.analytics.TestSite.Feed;
import org.junit.jupiter.api.Test;

class ZoneAssignmentTest {

  private final RecordingListener listener = new RecordingListener();
  private final Feed feed = new Feed(AnalyticsSettings.defaults(), listener);

  @Test
  void assignsDeviceToZoneOfStrongestSensor() {
    // GIVEN a device heard by s0 (zone A) at -75 and, a second later, by s1 (zone B) at -60
    feed.sight(0, 42, 1_000, -75).sight(1, 42, 2_000, -60);

    // WHEN event time passes both sightings
    feed.advanceTo(3_000);

    // THEN it is in B, having entered A first because a new device enters its first zone at once
    assertThat(feed.analytics.occupancy()).containsExactly(0, 1, 0);
    assertThat(listener.transitions).containsExactly("dev 42 outside->A at 1000", "dev 42 A->B at 2000");
  }

  @Test
  void strongerSensorOfTheSameZoneKeepsTheDeviceThere() {
    feed.sight(0, 42, 1_000, -75).sight(3, 42, 2_000, -55).sight(1, 42, 3_000, -60).advanceTo(4_000);

    assertThat(feed.analytics.devicesIn(A)).isEqualTo(1);
    assertThat(listener.transitions).containsExactly("dev 42 outside->A at 1000");
  }

  @Test
  void hysteresisPreventsFlappingBetweenSensorsOfNearlyEqualStrength() {
    // GIVEN a device between s0 (A) and s1 (B), B 1 dB stronger, then A 1 dB stronger, for two minutes
    for (long t = 0; t < 120_000; t += 10_000) {
      boolean bStronger = (t / 30_000) % 2 == 0;
      feed.sight(0, 42, t, bStronger ? -65 : -63);
      feed.sight(1, 42, t + 500, bStronger ? -64 : -64);
    }
    feed.advanceTo(125_000);

    // THEN it never leaves the zone it entered first
    assertThat(feed.analytics.devicesIn(A)).isEqualTo(1);
    assertThat(listener.transitions).containsExactly("dev 42 outside->A at 0");
  }

  @Test
  void movesOnceTheOtherZoneIsStrongerByTheHysteresis() {
    feed.sight(0, 42, 0, -66).sight(1, 42, 1_000, -65).sight(1, 42, 2_000, -55).advanceTo(3_000);

    // smoothed B: -65 (1 dB over A's -66, not enough) then -65 + 0.3 * 10 = -62, which is 4 dB over A
    assertThat(feed.analytics.devicesIn(B)).isEqualTo(1);
    assertThat(listener.transitions).containsExactly("dev 42 outside->A at 0", "dev 42 A->B at 2000");
  }

  @Test
  void ignoresAndCountsSignalsBelowTheFloor() {
    feed.sight(1, 7, 0, -86).sight(0, 8, 0, -85).advanceTo(1_000);
    long weakBefore = 4; // the heartbeats that moved event time are weak too

    assertThat(feed.analytics.counters().weak()).isEqualTo(1 + weakBefore);
    assertThat(feed.analytics.occupancy()).containsExactly(1, 0, 0);
  }

  @Test
  void weakSignalFromAnotherZoneDoesNotMoveTheDevice() {
    feed.sight(0, 42, 0, -80).sight(1, 42, 1_000, -90).advanceTo(2_000);

    assertThat(feed.analytics.devicesIn(A)).isEqualTo(1);
  }

  @Test
  void sightingWithoutRssiCountsAtTheDefaultStrength() {
    feed.sight(0, 42, 0, -80).sight(1, 42, 1_000, io.footfall.wire.SightingBatch.NO_RSSI).advanceTo(2_000);

    // default -75 is 5 dB over -80
    assertThat(feed.analytics.devicesIn(B)).isEqualTo(1);
  }

  @Test
  void zoneSwitchIsAnExitFromTheOldZoneAndAnEntryIntoTheNew() {
    // GIVEN a device in A since 10 s, heard there last at 20 s
    feed.sight(0, 42, 10_000, -60).sight(0, 42, 20_000, -60);

    // WHEN from 51 s only s1 in B hears it, weaker, but A's sensor has been silent for longer than the window
    feed.sight(1, 42, 51_000, -78).advanceTo(60_000);

    // THEN it left A and entered B at 51 s
    assertThat(feed.analytics.occupancy()).containsExactly(0, 1, 0);
    assertThat(listener.visits).containsExactly("dev 42 in A from 10000 to 51000");
    assertThat(listener.transitions).containsExactly("dev 42 outside->A at 10000", "dev 42 A->B at 51000");
  }

  @Test
  void staysWhileItsZoneSensorIsStillWithinTheWindow() {
    feed.sight(0, 42, 10_000, -60).sight(1, 42, 39_000, -78).advanceTo(40_000);

    assertThat(feed.analytics.devicesIn(A)).isEqualTo(1);
  }
}
