package io.footfall.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.site.Site;
import io.footfall.site.SiteLoader;
import io.footfall.site.WalkGraph;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** On the demo mall, whose ground floor runs west - central - east with stores fronting on each corridor. */
class WalkedPathsTest {

  private static final Site DEMO = SiteLoader.loadResource("sites/demo-mall.yaml");

  private final List<String> moves = new ArrayList<>();
  private final WalkedPaths paths = new WalkedPaths(DEMO, new WalkGraph(DEMO), new VisitListener() {
    @Override
    public void onVisit(long dev, int zone, long enterTs, long exitTs, boolean random) {
      moves.add("visit " + id(zone) + " " + enterTs + "-" + exitTs);
    }

    @Override
    public void onTransition(long dev, int fromZone, int toZone, long ts, boolean random) {
      moves.add(id(fromZone) + ">" + id(toZone) + "@" + ts);
    }
  });

  @Test
  void aMoveBetweenCorridorsThatDoNotTouchWalksTheCorridorBetweenAtTheSameInstant() {
    paths.onTransition(7, zone("corridor-g-west"), zone("corridor-g-east"), 1_000, true);

    assertThat(moves).containsExactly("corridor-g-west>corridor-g-central@1000",
        "corridor-g-central>corridor-g-east@1000");
  }

  @Test
  void aMoveBetweenStoresOnDifferentCorridorsGoesOutThroughEachStoresFrontage() {
    paths.onTransition(7, zone("store-northwind"), zone("store-aroma"), 5_000, false);

    assertThat(moves).containsExactly("store-northwind>corridor-g-west@5000",
        "corridor-g-west>corridor-g-central@5000", "corridor-g-central>store-aroma@5000");
  }

  @Test
  void aFixedAddressFirstHeardInAStoreCameInThroughTheNearestEntranceAndLeavesThroughItToo() {
    paths.onTransition(7, VisitListener.OUTSIDE, zone("store-northwind"), 1, false);
    paths.onTransition(7, zone("store-northwind"), VisitListener.OUTSIDE, 2, false);

    assertThat(moves).containsExactly("outside>entrance-west@1", "entrance-west>corridor-g-west@1",
        "corridor-g-west>store-northwind@1", "store-northwind>corridor-g-west@2", "corridor-g-west>entrance-west@2",
        "entrance-west>outside@2");
  }

  @Test
  void randomizedArrivalsAndDeparturesNeighboursAndVisitsPassUnchanged() {
    paths.onTransition(7, zone("corridor-g-west"), zone("store-northwind"), 1, false);
    paths.onTransition(8, VisitListener.OUTSIDE, zone("corridor-g-east"), 2, true);
    paths.onTransition(8, zone("store-aroma"), VisitListener.OUTSIDE, 3, true);
    paths.onTransition(9, VisitListener.OUTSIDE, zone("entrance-west"), 4, false);
    paths.onVisit(7, zone("store-aroma"), 10, 20, false);

    assertThat(moves).containsExactly("corridor-g-west>store-northwind@1", "outside>corridor-g-east@2",
        "store-aroma>outside@3", "outside>entrance-west@4", "visit store-aroma 10-20");
  }

  private static int zone(String id) {
    return DEMO.zone(id).orElseThrow().index();
  }

  private static String id(int zone) {
    return zone == VisitListener.OUTSIDE ? "outside" : DEMO.zones().get(zone).id();
  }
}
