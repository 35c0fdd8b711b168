package io.footfall.analytics;

import static io.footfall.analytics.TestSite.A;
import static io.footfall.analytics.TestSite.B;
import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.analytics.TestSite.Feed;
import org.junit.jupiter.api.Test;

/**
 * A phone that takes a new randomized MAC which the estimator links to its old one ({@link RandomDevices}) stays
 * one device: same zone, same visit, and its next move is a zone change, not a departure and an arrival.
 */
class FollowedRotationsTest {

  private static final long FP = 0xF00DL;

  private final RecordingListener listener = new RecordingListener();
  private final Feed feed = new Feed(AnalyticsSettings.defaults(), listener);

  @Test
  void aPhoneThatTakesANewRandomizedAddressStaysOneDeviceInItsZone() {
    // GIVEN a phone in A probing as MAC 1
    feed.probe(0, 1, 0, -60, 100, FP).advanceTo(5_000);

    // WHEN a minute later MAC 2, same fingerprint and the next sequence numbers, probes in A
    feed.probe(0, 2, 60_000, -60, 104, FP).advanceTo(65_000);

    // THEN A holds one device, which went on as MAC 2 without leaving
    assertThat(feed.analytics.occupancy()).containsExactly(1, 0, 0);
    assertThat(listener.transitions).containsExactly("dev 1 outside->A at 0", "dev 1 is now dev 2");
  }

  @Test
  void itsNextMoveIsAZoneChangeAndItLeavesOnce() {
    // GIVEN a phone in A as MAC 1; WHEN its new MAC 2 is heard only in B, strongly
    feed.probe(0, 1, 0, -60, 100, FP).advanceTo(5_000);
    feed.probe(1, 2, 60_000, -50, 104, FP).advanceTo(65_000);
    // AND it is not heard again
    feed.advanceTo(400_000);

    // THEN it moved from A to B half-way through the silence, and left the site once, as MAC 2, at its absence
    // timeout (a randomized address that no later one continued)
    assertThat(listener.transitions).containsExactly("dev 1 outside->A at 0", "dev 1 is now dev 2",
        "dev 2 A->B at 30000", "dev 2 B->outside at 240000");
    assertThat(feed.analytics.occupancy()).containsExactly(0, 0, 0);
  }

  @Test
  void aMacThatDoesNotContinueTheSequenceIsAnotherPhone() {
    feed.probe(0, 1, 0, -60, 100, FP).advanceTo(5_000);
    feed.probe(0, 2, 60_000, -60, 2_000, FP).advanceTo(65_000);

    assertThat(feed.analytics.devicesIn(A)).isEqualTo(2);
    assertThat(feed.analytics.devicesIn(B)).isZero();
  }
}
