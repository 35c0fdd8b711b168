package io.footfall.analytics;

import static io.footfall.analytics.Mall.BOOK;
import static io.footfall.analytics.Mall.DOOR;
import static io.footfall.analytics.Mall.FOOD;
import static io.footfall.analytics.Mall.HALL;
import static io.footfall.analytics.Mall.MIN;
import static io.footfall.analytics.Mall.SHOE;
import static io.footfall.analytics.Mall.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.footfall.site.Site;
import io.footfall.site.SiteLoader;
import io.footfall.site.WalkGraph;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FlowsTest {

  private static final long HOUR = 60 * MIN;
  private static final Site DEMO = SiteLoader.loadResource("sites/demo-mall.yaml");
  private static final int WEST = DEMO.zone("corridor-g-west").orElseThrow().index();
  private static final int CENTRAL = DEMO.zone("corridor-g-central").orElseThrow().index();
  private static final int EAST = DEMO.zone("corridor-g-east").orElseThrow().index();
  private int heardCentralToWest;

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
    Mall mall = new Mall(new MetricsSettings(120_000, 300_000, 18_000_000, List.of(), 5, 6, 1, false, false));
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

  @Test
  void corridorCellsAlsoCountTheMovesExpectedWhileNobodyHeardOnceTheHourCloses() {
    // GIVEN an hour of phones wandering the demo mall's ground floor, heard every 60 to 120 s
    Flows heardOnly = wander(new Flows(DEMO, settings(false), new WalkGraph(DEMO)));
    Flows withHidden = wander(new Flows(DEMO, settings(true), new WalkGraph(DEMO)));

    // WHEN the hour closes
    heardOnly.onFinal(T0 + HOUR, T0 + HOUR);
    withHidden.onFinal(T0 + HOUR, T0 + HOUR);

    // THEN the heard moves are counted as heard, and the corridor cells gain the moves between bursts
    Map<String, Integer> heard = cells(heardOnly.drainFinishedFlows());
    Map<String, Integer> estimated = cells(withHidden.drainFinishedFlows());
    assertThat(heard.get("corridor-g-central>corridor-g-west")).isEqualTo(heardCentralToWest);
    assertThat(estimated.get("corridor-g-central>corridor-g-west")).isGreaterThan(heardCentralToWest * 5 / 4);
    assertThat(estimated.get("corridor-g-west>corridor-g-central"))
        .isGreaterThan(heard.get("corridor-g-west>corridor-g-central") * 5 / 4);
    // AND arrivals are not touched
    assertThat(estimated.get("outside>corridor-g-central")).isEqualTo(heard.get("outside>corridor-g-central"));
    // AND live flows of the next hour are scaled like the last closed hour
    for (long dev = 1; dev <= 10; dev++) {
      withHidden.onTransition(dev, CENTRAL, WEST, T0 + HOUR + MIN, false);
    }
    double scale = (double) estimated.get("corridor-g-central>corridor-g-west") / heardCentralToWest;
    assertThat(cells(withHidden.recent(T0 + HOUR, T0 + HOUR + 2 * MIN)).get("corridor-g-central>corridor-g-west"))
        .isCloseTo((int) Math.round(10 * scale), within(1));
  }

  private static MetricsSettings settings(boolean hiddenWalks) {
    MetricsSettings d = MetricsSettings.defaults();
    return new MetricsSettings(d.minStoreVisitMs(), d.minSiteVisitMs(), d.staffPresenceMs(), d.staffDevices(),
        d.kAnonymity(), d.maxPathStops(), d.maxPathsPerHour(), true, hiddenWalks);
  }

  /** 300 phones arrive in the central corridor and are heard in a corridor next to the last one, or in it. */
  private Flows wander(Flows flows) {
    Random random = new Random(3);
    heardCentralToWest = 0;
    for (long dev = 1; dev <= 300; dev++) {
      long t = T0 + random.nextInt(60_000);
      int at = CENTRAL;
      flows.onTransition(dev, VisitListener.OUTSIDE, at, t, false);
      while (true) {
        long next = t + 60_000 + random.nextInt(60_000);
        if (next >= T0 + HOUR - 2 * MIN) {
          break;
        }
        int to = random.nextInt(3) > 0 ? at : at == CENTRAL ? (random.nextBoolean() ? WEST : EAST) : CENTRAL;
        if (to != at) {
          flows.onTransition(dev, at, to, (t + next) / 2, false);
          heardCentralToWest += at == CENTRAL && to == WEST ? 1 : 0;
        }
        flows.onHeardAgain(dev, at, to, t, next);
        at = to;
        t = next;
      }
    }
    return flows;
  }

  @Test
  void aMoveReportedLateWithinTheHorizonHandsItsHourOverAgainWithTheMoveAdded() {
    // GIVEN the first hour handed over with one walk from the west corridor to the central one
    Flows flows = new Flows(DEMO, settings(false), new WalkGraph(DEMO));
    flows.onTransition(1, VisitListener.OUTSIDE, WEST, T0 + 10 * MIN, false);
    flows.onTransition(1, WEST, CENTRAL, T0 + 50 * MIN, false);
    flows.onFinal(T0 + HOUR, T0 + 50 * MIN);
    assertThat(cells(flows.drainFinishedFlows())).containsEntry("corridor-g-west>corridor-g-central", 1);

    // WHEN a sensor's backlog reports a second such walk in that hour, within the horizon, and the next sweep runs
    flows.onTransition(2, VisitListener.OUTSIDE, WEST, T0 + 55 * MIN, false);
    flows.onTransition(2, WEST, CENTRAL, T0 + 58 * MIN, false);
    flows.onFinal(T0 + HOUR + MIN, T0 + 51 * MIN);

    // THEN the hour's flows come again with both walks: they replace the rows written
    assertThat(cells(flows.drainFinishedFlows())).containsEntry("corridor-g-west>corridor-g-central", 2)
        .containsEntry("outside>corridor-g-west", 2);
  }

  @Test
  void aMoveReportedBeyondTheHorizonChangesNoHourHandedOver() {
    Flows flows = new Flows(DEMO, settings(false), new WalkGraph(DEMO));
    flows.onFinal(T0 + 2 * HOUR, T0 + 2 * HOUR);

    flows.onTransition(2, VisitListener.OUTSIDE, WEST, T0 + 55 * MIN, false);
    flows.onFinal(T0 + 2 * HOUR + MIN, T0 + 2 * HOUR + MIN);

    assertThat(flows.drainFinishedFlows()).isEmpty();
  }

  private static Map<String, Integer> cells(List<FlowHour> flows) {
    Map<String, Integer> cells = new HashMap<>();
    flows.forEach(f -> cells.merge(f.from() + ">" + f.to(), f.transitions(), Integer::sum));
    return cells;
  }

  @Test
  void aFlowsRestoredFromItsStateClosesTheHourLikeTheOriginal() throws Exception {
    // GIVEN an hour of wandering, with the hidden-move model's silences and trips under way
    Flows original = wander(new Flows(DEMO, settings(true), new WalkGraph(DEMO)));
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    original.writeState(new java.io.DataOutputStream(bytes));

    // WHEN another one reads its state and both close the hour
    Flows restored = new Flows(DEMO, settings(true), new WalkGraph(DEMO));
    restored.readState(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));
    original.onFinal(T0 + HOUR, T0 + HOUR);
    restored.onFinal(T0 + HOUR, T0 + HOUR);

    // THEN they write the same cells, hidden moves included
    assertThat(cells(restored.drainFinishedFlows())).isEqualTo(cells(original.drainFinishedFlows()))
        .containsKey("corridor-g-central>corridor-g-west");
  }
}
