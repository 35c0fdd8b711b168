package io.footfall.analytics;

import static io.footfall.analytics.TestSite.A;
import static io.footfall.analytics.TestSite.B;
import static io.footfall.analytics.TestSite.C;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The live view shows a present device's move as its sightings arrive, before the watermark makes it final; the
 * minutes and the committed occupancy still wait for the watermark.
 */
class LiveOccupancyTest {

  @Test
  void aMoveShowsInTheLiveViewOnArrivalAndBecomesFinalWhenTheWatermarkPassesIt() {
    // GIVEN a phone settled in store A
    TestSite.Feed feed = new TestSite.Feed().sight(A, 7, 1_000, -50).advanceTo(10_000);
    assertThat(feed.analytics.occupancy()).containsExactly(1, 0, 0);

    // WHEN store C's sensor hears it strongly, the other sensors not having reported that far yet
    feed.sight(C, 7, 20_000, -50);

    // THEN the committed occupancy waits for the watermark, the live view does not
    assertThat(feed.analytics.occupancy()).containsExactly(1, 0, 0);
    assertThat(feed.analytics.liveOccupancy()).containsExactly(0, 0, 1);

    // AND once the watermark passes, both agree
    feed.advanceTo(30_000);
    assertThat(feed.analytics.occupancy()).containsExactly(0, 0, 1);
    assertThat(feed.analytics.liveOccupancy()).containsExactly(0, 0, 1);
  }

  @Test
  void aSightingNotStrongerByTheSwitchMarginThanTheZoneItIsInMovesNothingEarly() {
    TestSite.Feed feed = new TestSite.Feed().sight(A, 7, 1_000, -50).advanceTo(10_000);

    // the same burst heard by A at -60 and by the corridor at -58: not the switch margin apart
    feed.sight(A, 7, 20_000, -60).sight(B, 7, 20_010, -58);

    assertThat(feed.analytics.liveOccupancy()).containsExactly(1, 0, 0);
  }

  @Test
  void aNewPhoneWaitsForTheWatermarkSinceItsFirstBurstIsDecidedThere() {
    TestSite.Feed feed = new TestSite.Feed().advanceTo(10_000);

    feed.sight(B, 8, 20_000, -50);

    assertThat(feed.analytics.liveOccupancy()).containsExactly(0, 0, 0);
  }

  /**
   * Phones wander between the three zones, each sensor's batches arriving in its own rhythm: the live view only
   * moves devices, so it counts as many as the committed occupancy at every step and never a negative zone, and
   * once the watermark passes everything it is the committed occupancy.
   */
  @Property(tries = 100)
  void theLiveViewMovesDevicesWithoutMakingOrLosingAnyAndEndsAtTheCommittedOccupancy(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 30) int phones,
      @ForAll @IntRange(min = 1, max = 300) int steps) {
    Random random = new Random(seed);
    TestSite.Feed feed = new TestSite.Feed();
    int[] zoneOf = random.ints(phones, 0, 3).toArray();
    long[] sensorTime = new long[4];
    for (int step = 0; step < steps; step++) {
      int sensor = random.nextInt(4);
      sensorTime[sensor] += random.nextInt(4_000);
      int phone = random.nextInt(phones);
      if (random.nextInt(6) == 0) {
        zoneOf[phone] = random.nextInt(3);
      }
      int rssi = sensor == zoneOf[phone] ? -45 - random.nextInt(10) : -70 - random.nextInt(20);
      feed.sight(sensor, 100 + phone, sensorTime[sensor], rssi);

      int[] committed = feed.analytics.occupancy();
      int[] live = feed.analytics.liveOccupancy();
      assertThat(Arrays.stream(live).sum()).as("step %d", step).isEqualTo(Arrays.stream(committed).sum());
      assertThat(Arrays.stream(live).min().orElse(0)).as("step %d", step).isNotNegative();
    }
    feed.advanceTo(Arrays.stream(sensorTime).max().orElse(0) + 1);
    assertThat(feed.analytics.liveOccupancy()).containsExactly(feed.analytics.occupancy());
  }
}
