package io.footfall.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.analytics.AnalyticsSettings;
import io.footfall.analytics.MetricsSettings;
import io.footfall.analytics.SiteAnalytics;
import io.footfall.analytics.SiteMetrics;
import io.footfall.analytics.StoreMinute;
import io.footfall.analytics.VisitMetrics;
import io.footfall.app.FootfallConfig;
import io.footfall.site.Site;
import io.footfall.site.SiteLoader;
import io.footfall.wire.SightingBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * What {@link ClusterStorageTest} relies on when it compares a cluster with one {@link SiteAnalytics} and its
 * {@link SiteMetrics} fed the same rounds of {@link SyntheticTraffic}: the site's owner takes each round's batches in
 * whatever order the three nodes deliver them, and is restored from a snapshot when the site is handed over, yet
 * every row must be the reference's.
 */
class ReferenceRunTest {

  private static final int ROUNDS = 70;
  /** Covers the 50 ms over which a round's sightings are dated, so that none of them is late, whoever sends first. */
  static final long ROUND_LATENESS_MS = 1_000;

  private final Site site = SiteLoader.loadResource("sites/demo-mall.yaml");
  private final MetricsSettings metrics = config(ROUND_LATENESS_MS).metrics();

  @Test
  void theRowsDoNotDependOnTheOrderInWhichARoundsBatchesArriveWhenTheAllowedLatenessCoversTheRound() {
    AnalyticsSettings settings = config(ROUND_LATENESS_MS).engine().analytics();
    List<String> sensorOrder = run(settings, UnaryOperator.identity(), -1, false);

    assertThat(run(settings, ReferenceRunTest::reversed, -1, false)).isEqualTo(sensorOrder);
    assertThat(run(settings, ReferenceRunTest::forwardedLast, -1, false)).isEqualTo(sensorOrder);
  }

  @Test
  void aSiteRestoredFromItsSnapshotInTheMiddleOfTheLateHorizonGoesOnWithTheRowsOfAnUninterruptedRun() {
    AnalyticsSettings settings = config(ROUND_LATENESS_MS).engine().analytics();
    List<String> uninterrupted = run(settings, UnaryOperator.identity(), -1, true);

    List<String> restored = run(settings, UnaryOperator.identity(), 20, true);

    assertThat(restored).isEqualTo(uninterrupted);
    // the silent sensor's backlog arrived after the snapshot and amended minutes already final
    assertThat(uninterrupted).anyMatch(row -> row.startsWith("zone ") && !row.endsWith(" revision 0"));
  }

  /** The engine settings of {@link ClusterStorageTest}'s nodes, with the default late horizon. */
  private static FootfallConfig config(long allowedLatenessMs) {
    return FootfallConfig.load(null, Map.of(), Map.of("engine.allowedLatenessMs", Long.toString(allowedLatenessMs),
        "engine.absenceTimeoutMs", "30000", "engine.exitGraceMs", "5000", "engine.idleAdvanceMs", "600000",
        "engine.idleSensorMs", "10000"));
  }

  /**
   * Every row the site produces over the rounds, each round's batches ordered by {@code order}, the first sensor
   * silent for rounds 5 to 24; with {@code backlog}, it sends the batches of its silence when it is back, which
   * arrive behind the watermark. With {@code snapshotAt} at or above 0, the analytics and metrics are replaced by
   * ones restored from a snapshot before that round, as a node taking the site over does.
   */
  private List<String> run(AnalyticsSettings settings, UnaryOperator<List<SightingBatch>> order, int snapshotAt,
                           boolean backlog) {
    SyntheticTraffic traffic = new SyntheticTraffic(site, true);
    String quiet = site.sensors().get(0).id();
    SiteMetrics siteMetrics = new SiteMetrics(site, metrics);
    SiteAnalytics analytics = new SiteAnalytics(site, settings, siteMetrics.listener());
    List<SightingBatch> held = new ArrayList<>();
    List<String> rows = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      if (round == snapshotAt) {
        byte[] snapshot = analytics.snapshot();
        siteMetrics = new SiteMetrics(site, metrics);
        analytics = SiteAnalytics.restore(site, settings, siteMetrics.listener(), snapshot);
      }
      boolean silent = round >= 5 && round < 25;
      List<SightingBatch> batches = new ArrayList<>();
      for (SightingBatch batch : traffic.round(round)) {
        if (silent && batch.sensor.equals(quiet)) {
          held.add(batch);
        } else {
          batches.add(batch);
        }
      }
      if (round == 25 && backlog) {
        batches.addAll(held);
      }
      for (SightingBatch batch : order.apply(batches)) {
        analytics.accept(batch);
      }
      analytics.drainFinishedMinutes().forEach(r -> rows.add("zone " + r.zone() + "@" + r.minute() + " "
          + r.devicesAvg() + "/" + r.devicesMax() + "/" + r.entries() + "/" + r.exits() + "/" + r.uniques()
          + " revision " + r.revision()));
      add(siteMetrics.drainFinished(), rows);
      analytics.drainEstimates().forEach(r -> rows.add("estimate " + r));
      siteMetrics.drainRepeats().rows().forEach(r -> rows.add("repeat " + r));
    }
    analytics.flushOpenMinutes().forEach(r -> rows.add("open zone " + r));
    add(siteMetrics.flushOpen(), rows);
    assertThat(rows).anyMatch(row -> row.startsWith("store ")).anyMatch(row -> row.startsWith("repeat "));
    return rows;
  }

  private static void add(VisitMetrics visits, List<String> rows) {
    for (StoreMinute r : visits.stores()) {
      rows.add("store " + r.zone() + "@" + r.minute() + " " + r.visitors() + "/" + r.passersBy() + "/" + r.excluded()
          + "/" + r.random() + " " + Arrays.toString(r.dwellBuckets()) + Arrays.toString(r.dwellFine()) + " "
          + r.dwellTotalMs());
    }
    visits.flows().forEach(r -> rows.add("flow " + r));
    visits.paths().forEach(r -> rows.add("path " + r));
  }

  private static List<SightingBatch> reversed(List<SightingBatch> batches) {
    List<SightingBatch> order = new ArrayList<>(batches);
    Collections.reverse(order);
    return order;
  }

  /** As the owner of a site on node 1 takes them: its own sensors' batches first, then those node 0 and 2 forward. */
  private static List<SightingBatch> forwardedLast(List<SightingBatch> batches) {
    List<SightingBatch> order = new ArrayList<>(batches);
    order.sort(Comparator.comparingInt(b -> (b.sensorIndex + 2) % 3));
    return order;
  }
}
