package io.footfall.analytics;

import static io.footfall.analytics.TestSite.A;
import static io.footfall.analytics.TestSite.B;
import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.analytics.TestSite.Feed;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Zones are decided per burst of probe requests (sightings no more than {@code burstMs} apart), from all the sensors
 * that heard the burst, with the defaults: another zone 10 dB stronger moves a device at once, 2 dB stronger only
 * when the next burst agrees; a zone whose sensors did not hear a burst counts at the -85 dBm floor.
 */
class ZoneAssignmentTest {

  private final RecordingListener listener = new RecordingListener();
  private final Feed feed = new Feed(AnalyticsSettings.defaults(), listener);

  @Test
  void anArrivingDeviceEntersTheZoneOfTheStrongestSensorOfItsFirstBurst() {
    // GIVEN a device's first burst, heard by s0 (zone A) at -75 and, 200 ms later, by s1 (zone B) at -60
    feed.sight(0, 42, 1_000, -75).sight(1, 42, 1_200, -60);

    // WHEN event time passes the burst
    feed.advanceTo(3_000);

    // THEN it entered B when the burst began, and never A
    assertThat(feed.analytics.occupancy()).containsExactly(0, 1, 0);
    assertThat(listener.transitions).containsExactly("dev 42 outside->B at 1000");
  }

  @Test
  void theCopiesOfOneBurstAreComparedTogetherWhicheverSensorsCopyComesFirst() {
    // GIVEN a device in A
    feed.sight(0, 42, 0, -60);

    // WHEN a later burst reaches s1 (B) first, weaker, and s0 (A) 10 ms later
    feed.sight(1, 42, 60_000, -70).sight(0, 42, 60_010, -60).advanceTo(70_000);

    // THEN it stays in A
    assertThat(feed.analytics.devicesIn(A)).isEqualTo(1);
    assertThat(listener.transitions).containsExactly("dev 42 outside->A at 0");
  }

  @Test
  void strongerSensorOfTheSameZoneKeepsTheDeviceThere() {
    feed.sight(0, 42, 1_000, -75).advanceTo(2_000);
    feed.sight(3, 42, 30_000, -55).sight(1, 42, 30_000, -60).advanceTo(31_000);

    assertThat(feed.analytics.devicesIn(A)).isEqualTo(1);
    assertThat(listener.transitions).containsExactly("dev 42 outside->A at 1000");
  }

  @Test
  void oneBurstThatFavoursAnotherZoneDoesNotMoveTheDevice() {
    // GIVEN a device in A; WHEN one burst puts B 7 dB above A and the next puts A back on top
    feed.sight(0, 42, 0, -60);
    feed.sight(0, 42, 30_000, -62).sight(1, 42, 30_000, -55);
    feed.sight(0, 42, 60_000, -58).sight(1, 42, 60_000, -64).advanceTo(70_000);

    // THEN it never left A
    assertThat(feed.analytics.devicesIn(A)).isEqualTo(1);
    assertThat(listener.transitions).containsExactly("dev 42 outside->A at 0");
  }

  @Test
  void everySilenceIsToldWithTheZonesAtItsEndsOnceTheBurstAfterItIsDecided() {
    // GIVEN a device in A, heard again in A 90 s later (its burst lasting 400 ms), then twice far stronger in B
    feed.sight(0, 42, 0, -60);
    feed.sight(0, 42, 90_000, -60).sight(0, 42, 90_400, -61);
    feed.sight(1, 42, 150_400, -50).sight(1, 42, 200_000, -50).advanceTo(210_000);

    // THEN each silence runs from the end of one burst to the start of the next, in the zones they were decided in
    assertThat(listener.silences).containsExactly("dev 42 A at 0 then A at 90000",
        "dev 42 A at 90400 then B at 150400", "dev 42 B at 150400 then B at 200000");
  }

  @Test
  void movesWhenTheNextBurstConfirmsTheChallengerDatedBetweenItsLastBurstInTheOldZoneAndTheFirstInTheNew() {
    // GIVEN a device in A heard last at 0 s; WHEN two bursts in a row put B 6 and 8 dB above A
    feed.sight(0, 42, 0, -60);
    feed.sight(0, 42, 60_000, -66).sight(1, 42, 60_000, -60);
    feed.sight(0, 42, 120_000, -68).sight(1, 42, 120_000, -60).advanceTo(130_000);

    // THEN it moved to B, dated half-way between 0 s and 60 s
    assertThat(feed.analytics.occupancy()).containsExactly(0, 1, 0);
    assertThat(listener.transitions).containsExactly("dev 42 outside->A at 0", "dev 42 A->B at 30000");
  }

  @Test
  void movesAtOnceWhenItsZoneDidNotHearABurstThatAnotherZoneHeardStrongly() {
    // GIVEN a device in A since 10 s, heard there last at 20 s
    feed.sight(0, 42, 10_000, -60).sight(0, 42, 20_000, -60);

    // WHEN at 50 s only s1 in B hears it, at -60: 25 dB over the floor A counts at
    feed.sight(1, 42, 50_000, -60).advanceTo(60_000);

    // THEN it left A and entered B half-way, at 35 s
    assertThat(feed.analytics.occupancy()).containsExactly(0, 1, 0);
    assertThat(listener.visits).containsExactly("dev 42 in A from 10000 to 35000");
    assertThat(listener.transitions).containsExactly("dev 42 outside->A at 10000", "dev 42 A->B at 35000");
  }

  @Test
  void hysteresisPreventsFlappingBetweenSensorsOfNearlyEqualStrength() {
    // GIVEN a device between s0 (A) and s1 (B), B 1 dB stronger, then A 1 dB stronger, for two minutes
    for (long t = 0; t < 120_000; t += 10_000) {
      boolean bStronger = (t / 30_000) % 2 == 0;
      feed.sight(0, 42, t, bStronger ? -65 : -63);
      feed.sight(1, 42, t + 500, -64);
    }
    feed.advanceTo(125_000);

    // THEN it never leaves the zone it entered first
    assertThat(feed.analytics.devicesIn(B)).isEqualTo(1);
    assertThat(listener.transitions).containsExactly("dev 42 outside->B at 0");
  }

  @Test
  void aMoveDatedInAFinalMinuteWithinTheLateHorizonKeepsItsOwnTime() {
    // GIVEN a device in A heard at 0 s, and next at 170 s by B, 6 dB above A (a challenger, dated from 85 s)
    feed.sight(0, 42, 0, -60);
    feed.sight(0, 42, 170_000, -66).sight(1, 42, 170_000, -60);
    // AND event time moves on until the minutes before 2 min are final
    feed.advanceTo(330_000);

    // WHEN the next burst, 170 s later, confirms B
    feed.sight(0, 42, 340_000, -68).sight(1, 42, 340_000, -60).advanceTo(345_000);

    // THEN the device moved at 85 s: a final minute within engine.lateHorizonMs is amended, not skipped over
    // (beyond the horizon a move is dated at the oldest minute still open: MinuteRollups' `redated`)
    assertThat(feed.analytics.occupancy()).containsExactly(0, 1, 0);
    assertThat(listener.transitions).containsExactly("dev 42 outside->A at 0", "dev 42 A->B at 85000");
  }

  @Test
  void aMoveFromACorridorIntoAStoreIsDatedSoonAfterTheLastBurstInTheCorridor() {
    // WHEN a device heard in the corridor B is heard strongly in the store A 90 s later; THEN it most likely walked
    // in early in the silence: 1/k - g/(e^(kg) - 1), k = 1/30 s - 1/600 s, g = 90 s
    assertThat(heardAndNinetySecondsLaterHeardStronglyBy(1, 0))
        .containsExactly("dev 42 outside->B at 0", "dev 42 B->A at 26053");
  }

  @Test
  void aMoveFromAStoreIntoACorridorIsDatedShortlyBeforeTheFirstBurstInTheCorridor() {
    assertThat(heardAndNinetySecondsLaterHeardStronglyBy(0, 1))
        .containsExactly("dev 42 outside->A at 0", "dev 42 A->B at 63947");
  }

  @Test
  void leavingAStoreNeedsMoreEvidenceThanLeavingACorridor() {
    // GIVEN a mall where people stay about 10 min in the store A and 30 s in the corridor B
    Feed mall = new Feed(TestSite.site(600_000, 30_000), AnalyticsSettings.defaults(), listener);
    // WHEN a device in A, and another in B, are heard twice a minute apart 3 dB stronger in the other zone
    mall.sight(0, 42, 0, -60).sight(1, 43, 0, -60).advanceTo(5_000);
    for (long t = 60_000; t <= 120_000; t += 60_000) {
      mall.sight(0, 42, t, -63).sight(1, 42, t, -60).sight(1, 43, t, -63).sight(0, 43, t, -60).advanceTo(t + 5_000);
    }

    // THEN the store keeps its shopper (3 dB is under the 2 dB hysteresis plus 2.3 dB for the odds against leaving a
    // 10-minute stay within a minute), while the corridor's walker moves into the store, dated early in the first
    // silence (1/k - g/(e^(kg) - 1) = 21.0 s, to the second as a challenger's move is kept)
    assertThat(listener.transitions).containsExactly("dev 42 outside->A at 0", "dev 43 outside->B at 0",
        "dev 43 B->A at 21000");
  }

  /**
   * The transitions of a device heard by one sensor and, 90 s later, strongly by another only, in a mall where
   * people cross the corridor B in about 30 s and stay about 10 min in the stores A and C.
   */
  private List<String> heardAndNinetySecondsLaterHeardStronglyBy(int firstSensor, int thenSensor) {
    Feed mall = new Feed(TestSite.site(600_000, 30_000), AnalyticsSettings.defaults(), listener);
    mall.sight(firstSensor, 42, 0, -60).advanceTo(5_000);
    mall.sight(thenSensor, 42, 90_000, -50).advanceTo(95_000);
    return listener.transitions;
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
    feed.sight(0, 42, 0, -80).sight(1, 42, 30_000, -90).advanceTo(40_000);

    assertThat(feed.analytics.devicesIn(A)).isEqualTo(1);
  }

  @Test
  void sightingWithoutRssiCountsAtTheDefaultStrength() {
    // GIVEN a device in A; WHEN two bursts are heard only by s1 (B), without RSSI: -75, 10 dB over A's floor
    feed.sight(0, 42, 0, -80);
    feed.sight(1, 42, 30_000, io.footfall.wire.SightingBatch.NO_RSSI);
    feed.sight(1, 42, 60_000, io.footfall.wire.SightingBatch.NO_RSSI).advanceTo(70_000);

    // THEN it moves, dated half-way through the first silence (10 dB half a minute after a burst in A, where people
    // typically stay 5 minutes, makes B the challenger rather than moving the device at once)
    assertThat(feed.analytics.devicesIn(B)).isEqualTo(1);
    assertThat(listener.transitions).containsExactly("dev 42 outside->A at 0", "dev 42 A->B at 15000");
  }
}
