package io.footfall.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.site.Site;
import io.footfall.site.SiteLoader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** On the demo mall, whose ground floor runs west - central - east with stores fronting on each corridor. */
class WalkedPathsTest {

  private static final Site DEMO = SiteLoader.loadResource("sites/demo-mall.yaml");

  private final List<String> moves = new ArrayList<>();
  private final WalkedPaths paths = new WalkedPaths(DEMO, new VisitListener() {
    @Override
    public void onVisit(long dev, int zone, long enterTs, long exitTs, boolean random) {
      moves.add("visit " + id(zone) + " " + enterTs + "-" + exitTs);
    }

    @Override
    public void onTransition(long dev, int fromZone, int toZone, long ts) {
      moves.add(id(fromZone) + ">" + id(toZone) + "@" + ts);
    }
  });

  @Test
  void aMoveBetweenCorridorsThatDoNotTouchWalksTheCorridorBetweenAtTheSameInstant() {
    paths.onTransition(7, zone("corridor-g-west"), zone("corridor-g-east"), 1_000);

    assertThat(moves).containsExactly("corridor-g-west>corridor-g-central@1000",
        "corridor-g-central>corridor-g-east@1000");
  }

  @Test
  void aMoveBetweenStoresOnDifferentCorridorsGoesOutThroughEachStoresFrontage() {
    paths.onTransition(7, zone("store-northwind"), zone("store-aroma"), 5_000);

    assertThat(moves).containsExactly("store-northwind>corridor-g-west@5000",
        "corridor-g-west>corridor-g-central@5000", "corridor-g-central>store-aroma@5000");
  }

  @Test
  void neighboursArrivalsDeparturesAndVisitsPassUnchanged() {
    paths.onTransition(7, zone("corridor-g-west"), zone("store-northwind"), 1);
    paths.onTransition(7, VisitListener.OUTSIDE, zone("corridor-g-east"), 2);
    paths.onTransition(7, zone("store-aroma"), VisitListener.OUTSIDE, 3);
    paths.onVisit(7, zone("store-aroma"), 10, 20, false);

    assertThat(moves).containsExactly("corridor-g-west>store-northwind@1", "outside>corridor-g-east@2",
        "store-aroma>outside@3", "visit store-aroma 10-20");
  }

  private static int zone(String id) {
    return DEMO.zone(id).orElseThrow().index();
  }

  private static String id(int zone) {
    return zone == VisitListener.OUTSIDE ? "outside" : DEMO.zones().get(zone).id();
  }
}
