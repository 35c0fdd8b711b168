package io.footfall.analytics;

import static io.footfall.analytics.Mall.BOOK;
import static io.footfall.analytics.Mall.DOOR;
import static io.footfall.analytics.Mall.FOOD;
import static io.footfall.analytics.Mall.HALL;
import static io.footfall.analytics.Mall.MIN;
import static io.footfall.analytics.Mall.SHOE;
import static io.footfall.analytics.Mall.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FlowsTest {

  private static final long HOUR = 60 * MIN;

  @Test
  void countsTransitionsPerHourIncludingArrivalsAndDepartures() {
    Mall mall = new Mall();
    for (long dev = 1; dev <= 3; dev++) {
      mall.walk(dev, 0, DOOR, 1, HALL, 1, SHOE, 5, HALL, 1);
    }

    mall.runUntil(2 * HOUR);
    List<FlowHour> flows = mall.metrics.drainFinished().flows();

    assertThat(flows).extracting(f -> f.from() + ">" + f.to() + "=" + f.transitions()).containsExactlyInAnyOrder(
        "outside>door=3", "door>hall=3", "hall>shoe=3", "shoe>hall=3", "hall>outside=3");
    assertThat(flows).allMatch(f -> f.hour() == T0);
  }

  @Test
  void pathsListTheStopsOfEachTripAndSkipCorridorsAndShortStays() {
    Mall mall = new Mall();
    for (long dev = 1; dev <= 5; dev++) {
      mall.walk(dev, 0, DOOR, 1, HALL, 1, SHOE, 5, HALL, 1, BOOK, 1, HALL, 1, FOOD, 20, HALL, 1);
    }
    mall.walk(6, 0, DOOR, 1, HALL, 1, BOOK, 3, HALL, 1, DOOR, 1);
    mall.walk(7, 0, DOOR, 1, HALL, 3, DOOR, 1);

    mall.runUntil(2 * HOUR);
    List<PathHour> paths = mall.metrics.drainFinished().paths();

    assertThat(paths).extracting(p -> p.path() + "=" + p.trips())
        .containsExactly("shoe>food=5", "book=1");
  }

  @Test
  void allowListedDevicesLeaveNoFlowsOrPaths() {
    Mall mall = new Mall(StoreVisitsTest.settings(120_000, 300_000, 60_000 * 10, List.of("0000000000000009")));
    mall.walk(9, 0, DOOR, 1, HALL, 1, SHOE, 5, HALL, 1);

    mall.runUntil(2 * HOUR);
    VisitMetrics metrics = mall.metrics.drainFinished();

    assertThat(metrics.flows()).isEmpty();
    assertThat(metrics.paths()).isEmpty();
  }

  @Test
  void rarestPathsBeyondTheLimitAreMergedIntoOther() {
    Mall mall = new Mall(new MetricsSettings(120_000, 300_000, 18_000_000, List.of(), 5, 6, 1, false));
    mall.walk(1, 0, DOOR, 1, HALL, 1, SHOE, 3, HALL, 1);
    mall.walk(2, 0, DOOR, 1, HALL, 1, SHOE, 3, HALL, 1);
    mall.walk(3, 0, DOOR, 1, HALL, 1, BOOK, 3, HALL, 1);

    mall.runUntil(2 * HOUR);

    assertThat(mall.metrics.drainFinished().paths()).extracting(p -> p.path() + "=" + p.trips())
        .containsExactly("shoe=2", PathHour.OTHER + "=1");
  }

  @Test
  void recentFlowsCountTheTransitionsOfTheLastMinutesBeforeTheHourIsStored() {
    // GIVEN three walkers in the first minutes and one much later in the same hour
    Mall mall = new Mall();
    for (long dev = 1; dev <= 3; dev++) {
      mall.walk(dev, 0, DOOR, 1, HALL, 1, SHOE, 5, HALL, 1);
    }
    mall.walk(4, 40 * MIN, DOOR, 1, HALL, 1);
    mall.runUntil(45 * MIN);

    // THEN the last hour holds every move, though the hour is not final and nothing is drained yet
    assertThat(mall.metrics.recentFlows(T0 + 45 * MIN - HOUR, T0 + 45 * MIN))
        .extracting(f -> f.from() + ">" + f.to() + "=" + f.transitions())
        .containsExactly("outside>door=4", "door>hall=4", "hall>outside=4", "hall>shoe=3", "shoe>hall=3");
    assertThat(mall.metrics.drainFinished().flows()).isEmpty();
    // AND the last 10 minutes only the late walker's: in, along and out
    assertThat(mall.metrics.recentFlows(T0 + 35 * MIN, T0 + 45 * MIN))
        .extracting(f -> f.from() + ">" + f.to() + "=" + f.transitions())
        .containsExactlyInAnyOrder("outside>door=1", "door>hall=1", "hall>outside=1");
  }

  @Test
  void recentFlowsForgetMinutesOlderThanAnHour() {
    Mall mall = new Mall();
    mall.walk(1, 0, DOOR, 1, HALL, 1);
    mall.walk(2, 100 * MIN, DOOR, 1, HALL, 1);
    mall.runUntil(105 * MIN);

    assertThat(mall.metrics.recentFlows(T0, T0 + 105 * MIN))
        .extracting(f -> f.from() + ">" + f.to() + "=" + f.transitions())
        .containsExactlyInAnyOrder("outside>door=1", "door>hall=1", "hall>outside=1");
  }
}
