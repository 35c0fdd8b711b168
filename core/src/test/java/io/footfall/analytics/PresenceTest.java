package io.footfall.analytics;

import static io.footfall.analytics.TestSite.A;
import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.analytics.TestSite.Feed;
import org.junit.jupiter.api.Test;

class PresenceTest {

  private final RecordingListener listener = new RecordingListener();
  private final Feed feed = new Feed(AnalyticsSettings.defaults(), listener);

  @Test
  void aDeviceLastHeardWherePeopleStayBrieflyLeftSoonerThanTheExitGrace() {
    // GIVEN people cross the corridor B in about 30 s; WHEN a device heard there once is not heard again
    Feed mall = new Feed(TestSite.site(600_000, 30_000), AnalyticsSettings.defaults(), listener);
    mall.sight(1, 42, 0, -60).advanceTo(400_000);

    // THEN its exit is dated 30 s after it was heard, not the 60 s grace
    assertThat(listener.transitions).containsExactly("dev 42 outside->B at 0", "dev 42 B->outside at 30000");
  }

  @Test
  void deviceNotHeardForTheAbsenceTimeoutLeavesWithBackDatedExit() {
    // GIVEN a device heard in A at 5 s and last at 10 s
    feed.sight(0, 42, 5_000, -60).sight(0, 42, 10_000, -60);

    // WHEN event time reaches just short of 10 s + 180 s, it is still present
    feed.advanceTo(189_999);
    assertThat(feed.analytics.devicesIn(A)).isEqualTo(1);

    // THEN at 190 s it has left, its exit dated 60 s after it was last heard
    feed.advanceTo(190_000);
    assertThat(feed.analytics.devicesIn(A)).isZero();
    assertThat(feed.analytics.devices()).isZero();
    assertThat(feed.analytics.counters().expired()).isEqualTo(1);
    assertThat(listener.visits).containsExactly("dev 42 in A from 5000 to 70000");
    assertThat(listener.transitions).containsExactly("dev 42 outside->A at 5000", "dev 42 A->outside at 70000");
  }

  @Test
  void deviceSeenAgainAfterItsAbsenceIsANewVisit() {
    feed.sight(0, 42, 0, -60).sight(0, 42, 200_000, -60).advanceTo(201_000);

    assertThat(feed.analytics.devicesIn(A)).isEqualTo(1);
    assertThat(listener.visits).containsExactly("dev 42 in A from 0 to 60000");
    assertThat(listener.transitions).containsExactly(
        "dev 42 outside->A at 0", "dev 42 A->outside at 60000", "dev 42 outside->A at 200000");
  }

  @Test
  void exitIsCappedAtTheAbsenceTimeout() {
    AnalyticsSettings d = AnalyticsSettings.defaults();
    AnalyticsSettings longGrace = new AnalyticsSettings(d.allowedLatenessMs(), d.idleSensorMs(), d.idleAdvanceMs(),
        30_000, 90_000, d.burstMs(), d.rssiFloorDbm(), d.defaultRssiDbm(), d.switchMarginDb(), d.hysteresisDb(),
        d.sweepIntervalMs(), d.stayMarginDb());
    Feed shortAbsence = new Feed(longGrace, listener);

    shortAbsence.sight(0, 42, 0, -60).advanceTo(30_000);

    assertThat(listener.visits).containsExactly("dev 42 in A from 0 to 30000");
  }

  @Test
  void randomAddressFlagIsReportedWithTheVisit() {
    feed.analytics.accept(new TestSite.Batch(0).add(9, 0, -60, true).build());
    feed.advanceTo(200_000);

    assertThat(listener.visits).containsExactly("dev 9 in A from 0 to 180000 random");
  }

  @Test
  void aRandomizedAddressThatNoLaterAddressContinuedCountsUntilItsAbsenceTimeout() {
    // GIVEN a randomized address heard in A at 5 s and last at 10 s, and a vendor address heard alike
    feed.analytics.accept(new TestSite.Batch(0).add(9, 5_000, -60, true).add(9, 10_000, -60, true).build());
    feed.sight(0, 42, 5_000, -60).sight(0, 42, 10_000, -60);

    // WHEN event time passes both absence timeouts
    feed.advanceTo(190_000);

    // THEN the vendor address left a grace after its last burst, the randomized one (a phone that most likely
    // rotated to an address nobody linked) only at its absence timeout
    assertThat(feed.analytics.devicesIn(A)).isZero();
    assertThat(listener.visits).containsExactlyInAnyOrder("dev 42 in A from 5000 to 70000",
        "dev 9 in A from 5000 to 190000 random");
  }

  @Test
  void aRandomizedAddressLastHeardWherePeopleStayBrieflyStillLeavesWithinTheZonesTypicalStay() {
    // GIVEN people cross the corridor B in about 30 s; WHEN a randomized address heard there once is not heard again
    Feed mall = new Feed(TestSite.site(600_000, 30_000), AnalyticsSettings.defaults(), listener);
    mall.analytics.accept(new TestSite.Batch(1).add(9, 0, -60, true).build());
    mall.advanceTo(400_000);

    // THEN its exit is dated 30 s after it was heard, not at its absence timeout
    assertThat(listener.transitions).containsExactly("dev 9 outside->B at 0", "dev 9 B->outside at 30000");
  }

  @Test
  void occupancyVersionChangesOnlyWithOccupancyOrWatermark() {
    feed.advanceTo(1_000);
    long idle = feed.analytics.version();
    feed.analytics.tick(0);
    assertThat(feed.analytics.version()).isEqualTo(idle);

    feed.sight(0, 42, 2_000, -60).advanceTo(3_000);
    assertThat(feed.analytics.version()).isGreaterThan(idle);
  }
}
