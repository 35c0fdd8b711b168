package io.footfall.analytics;

import static io.footfall.analytics.TestSite.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.footfall.analytics.TestSite.Feed;
import java.util.List;
import org.junit.jupiter.api.Test;

class RollupTest {

  private static final long MINUTE_1 = T0 + 60_000;

  private final Feed feed = new Feed();

  /**
   * Zone A in minute 1 (60 s - 120 s): devX was there since 30 s, last heard at 50 s, so its exit is dated 110 s;
   * dev1 enters at 70 s and is heard in B at 90 s, so it moved half-way, at 80 s, when dev2 enters and stays.
   * Occupancy of A: 1 for 10 s, 2 for 40 s, 1 for 10 s = 100 device-seconds, a mean of 1.667; B holds dev1 for
   * the last 40 s of the minute.
   */
  private void handComputedScenario() {
    feed.sight(0, 100, 30_000, -60).sight(0, 100, 50_000, -60);
    feed.sight(0, 1, 70_000, -60).sight(0, 2, 80_000, -60);
    feed.sight(1, 1, 90_000, -50);
    feed.sight(0, 2, 100_000, -60).sight(0, 2, 119_000, -60).sight(0, 2, 150_000, -60);
  }

  @Test
  void minuteIsFinalOnlyOnceNoBackDatedExitCanReachIt() {
    handComputedScenario();

    feed.advanceTo(299_999);
    assertThat(feed.analytics.drainFinishedMinutes()).extracting(ZoneMinute::minute).containsOnly(T0);

    feed.advanceTo(300_000);
    assertThat(feed.analytics.drainFinishedMinutes()).extracting(ZoneMinute::minute).containsOnly(MINUTE_1);
  }

  @Test
  void rollupsOfAHandComputedMinute() {
    handComputedScenario();

    feed.advanceTo(300_000);
    List<ZoneMinute> rows = feed.analytics.drainFinishedMinutes();

    assertThat(rows).hasSize(3);
    assertThat(rows.get(0)).isEqualTo(new ZoneMinute("test-site", "A", T0, 0.5, 1, 1, 0, 1));
    ZoneMinute a = rows.get(1);
    assertThat(a.zone()).isEqualTo("A");
    assertThat(a.minute()).isEqualTo(MINUTE_1);
    assertThat(a.devicesAvg()).isCloseTo(100.0 / 60, within(1e-9));
    assertThat(a.devicesMax()).isEqualTo(2);
    assertThat(a.entries()).isEqualTo(2);
    assertThat(a.exits()).isEqualTo(2);
    assertThat(a.uniques()).isEqualTo(3);
    ZoneMinute b = rows.get(2);
    assertThat(b.zone()).isEqualTo("B");
    assertThat(b.devicesAvg()).isCloseTo(40.0 / 60, within(1e-9));
    assertThat(List.of(b.devicesMax(), b.entries(), b.exits(), b.uniques())).containsExactly(1, 1, 0, 1);
  }

  @Test
  void zonesWithoutDevicesOrEventsGetNoRow() {
    handComputedScenario();

    feed.advanceTo(300_000);

    assertThat(feed.analytics.drainFinishedMinutes()).extracting(ZoneMinute::zone).doesNotContain("C");
  }

  @Test
  void zoneOccupiedThroughoutAMinuteWithoutEventsGetsARow() {
    // dev 5 is heard every 50 s from 10 s to 310 s, so zone A holds it all of minute 2 without any event there
    for (long t = 10_000; t <= 310_000; t += 50_000) {
      feed.sight(0, 5, t, -60);
    }
    feed.advanceTo(360_000);

    assertThat(feed.analytics.drainFinishedMinutes()).contains(
        new ZoneMinute("test-site", "A", T0 + 120_000, 1.0, 1, 0, 0, 1));
  }

  @Test
  void flushGivesProvisionalRowsOfOpenMinutesWithoutChangingAnything() {
    handComputedScenario();
    feed.advanceTo(200_000);
    List<ZoneMinute> finalSoFar = feed.analytics.drainFinishedMinutes();

    List<ZoneMinute> flushed = feed.analytics.flushOpenMinutes();

    assertThat(finalSoFar).isEmpty();
    assertThat(flushed).extracting(ZoneMinute::minute).containsOnly(T0, MINUTE_1, T0 + 120_000, T0 + 180_000);
    // devX's exit at 110 s is known by 230 s only, so minute 1 is provisional: A still holds it at 120 s
    assertThat(flushed).filteredOn(r -> r.minute() == MINUTE_1 && r.zone().equals("A"))
        .singleElement().extracting(ZoneMinute::exits).isEqualTo(1);
    feed.advanceTo(300_000);
    assertThat(feed.analytics.drainFinishedMinutes()).filteredOn(r -> r.minute() == MINUTE_1 && r.zone().equals("A"))
        .singleElement().extracting(ZoneMinute::exits).isEqualTo(2);
  }
}
