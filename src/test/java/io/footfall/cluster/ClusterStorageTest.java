package io.footfall.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.analytics.DeviceEstimate;
import io.footfall.analytics.FlowHour;
import io.footfall.analytics.PathHour;
import io.footfall.analytics.RepeatVisit;
import io.footfall.analytics.SiteAnalytics;
import io.footfall.analytics.SiteMetrics;
import io.footfall.analytics.StoreMinute;
import io.footfall.analytics.VisitMetrics;
import io.footfall.analytics.ZoneMinute;
import io.footfall.app.FootfallConfig;
import io.footfall.bus.Addresses;
import io.footfall.bus.Codecs;
import io.footfall.site.Site;
import io.footfall.store.Database;
import io.footfall.testkit.Await;
import io.footfall.wire.SightingBatch;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every table footfall writes is written on a cluster: three nodes in one JVM sharing one embedded PostgreSQL, the
 * sensors' batches reaching all three, and a single {@link SiteAnalytics} with its {@link SiteMetrics} fed the same
 * batches as the reference of what must be stored.
 */
class ClusterStorageTest {

  private static final String SITE = "demo-mall";
  private static final int ROUNDS = 60;
  private static final int ROUNDS_AFTER_HANDOVER = 10;

  @RegisterExtension
  static final SharedPostgres POSTGRES = new SharedPostgres();

  @TempDir
  Path dataDir;
  private ClusterHarness cluster;

  @AfterEach
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void everyTableIsWrittenByTheNodesRunningTheSiteAndNothingIsRefusedOnTheWay() throws Exception {
    // with no allowed lateness the first batch of a round to reach the owner makes the others' sightings late, and
    // a late sighting is applied apart (no random-MAC link is made from it), so the rows would depend on which node
    // delivered first: the reference takes the rounds in sensor order, the owner as the nodes forward them
    // the alert rules are judged at each publish: every 50 ms, so that the sensor's silence (under a second of wall
    // time for its 100 s of event time) is judged while it lasts however loaded the machine
    cluster = new ClusterHarness(3, POSTGRES.url(), dataDir, Map.of("alerts.sensorSilentMs", "30000",
        "engine.idleSensorMs", "10000", "engine.publishIntervalMs", "50",
        "engine.allowedLatenessMs", Long.toString(ReferenceRunTest.ROUND_LATENESS_MS)));
    for (int i = 0; i < 3; i++) {
      cluster.start(i);
    }
    // the site moves once more as the last node joins, and a site taken over gives the sensors that held its event
    // time a fresh engine.idleSensorMs (10 s) of grace to be heard, so that a takeover makes no backlog late; during
    // it a silent sensor still holds event time back. The rounds start once the owner has stayed put for longer, so
    // that the quiet sensor's silence is judged while it lasts
    waitFor("the site running on an owner settled for 11 s", new SettledOwner(cluster, SITE, 11_000)::settled);
    FootfallConfig config = cluster.config(0);
    Site site = cluster.nodes.get(0).sites().get(0);
    SiteMetrics metrics = new SiteMetrics(site, config.metrics());
    SiteAnalytics reference = new SiteAnalytics(site, config.engine().analytics(), metrics.listener());
    SyntheticTraffic traffic = new SyntheticTraffic(site, true);
    String quiet = site.sensors().get(0).id();
    ReferenceRows expected = new ReferenceRows();

    // GIVEN traffic reaching all three nodes, one sensor silent for 100 s of event time in the middle
    for (int round = 0; round < ROUNDS + ROUNDS_AFTER_HANDOVER; round++) {
      if (round == ROUNDS) {
        // AND the site handed over to another node (its owner stopped), which resumes without the sensors' last
        // batches
        int owner = cluster.owner(SITE);
        cluster.stop(owner);
        waitFor("another node running the site", () -> cluster.owner(SITE) >= 0);
      }
      boolean silent = round >= 5 && round < 25;
      sendRound(traffic.round(round).stream().filter(b -> !silent || !b.sensor.equals(quiet)).toList(), reference);
      reference.tick(System.currentTimeMillis());
      expected.add(reference.drainFinishedMinutes(), metrics.drainFinished(), reference.drainEstimates(),
          metrics.drainRepeats().rows());
      Thread.sleep(40);
    }
    expected.add(reference.flushOpenMinutes(), metrics.flushOpen(), reference.drainEstimates(),
        metrics.drainRepeats().rows());
    assertThat(expected.stores).as("reference store minutes").isNotEmpty();
    assertThat(expected.flows).as("reference flows").isNotEmpty();
    assertThat(expected.paths).as("reference paths").isNotEmpty();
    assertThat(expected.estimates).as("reference estimates").isNotEmpty();
    assertThat(expected.repeats).as("reference repeat visits").isNotEmpty();

    // WHEN the nodes stop, the last of them writing the open minutes and hours
    long refused = cluster.vertxes.stream().mapToLong(Codecs::refusedSends).sum();
    cluster.close();
    cluster = null;

    // THEN no message was refused on the event bus, and every row of the reference is stored
    assertThat(refused).isZero();
    assertThat(stored("SELECT zone_id, (extract(epoch FROM minute) * 1000)::bigint AS ms FROM zone_minute",
        r -> r.getString("zone_id") + "@" + r.getLong("ms"))).containsAll(expected.zones.keySet());
    assertThat(stored("SELECT zone_id, (extract(epoch FROM minute) * 1000)::bigint AS ms FROM store_minute",
        r -> r.getString("zone_id") + "@" + r.getLong("ms"))).containsAll(expected.stores);
    assertThat(stored("SELECT from_zone, to_zone, (extract(epoch FROM hour) * 1000)::bigint AS ms FROM flow_hour",
        r -> r.getString("from_zone") + ">" + r.getString("to_zone") + "@" + r.getLong("ms")))
        .containsAll(expected.flows);
    assertThat(stored("SELECT path, (extract(epoch FROM hour) * 1000)::bigint AS ms FROM path_hour",
        r -> r.getString("path") + "@" + r.getLong("ms"))).containsAll(expected.paths);
    assertThat(stored("SELECT zone_id, resolution_s, (extract(epoch FROM period_start) * 1000)::bigint AS ms "
        + "FROM device_estimate", r -> r.getString("zone_id") + "/" + r.getInteger("resolution_s") + "@"
        + r.getLong("ms"))).containsAll(expected.estimates);
    assertThat(stored("SELECT zone_id, day, rid FROM repeat_visit",
        r -> r.getString("zone_id") + "@" + r.getLocalDate("day") + "#" + r.getLong("rid")))
        .containsAll(expected.repeats);
    // AND the rows carry the fencing epoch of an ownership, not the 0 of rows written outside any
    assertThat(stored("SELECT DISTINCT epoch > 0 AS fenced FROM zone_minute", r -> r.getBoolean("fenced").toString()))
        .containsExactly("true");
    assertThat(stored("SELECT DISTINCT epoch > 0 AS fenced FROM alert", r -> r.getBoolean("fenced").toString()))
        .containsExactly("true");
    assertThat(stored("SELECT DISTINCT epoch > 0 AS fenced FROM repeat_visit",
        r -> r.getBoolean("fenced").toString())).containsExactly("true");
    // AND the silence was stored raised and cleared, and the hand-over raised no silence of its own
    assertThat(stored("SELECT subject, cleared_at IS NOT NULL AS cleared FROM alert WHERE kind = 'sensor-silent'",
        r -> r.getString("subject") + (r.getBoolean("cleared") ? " cleared" : " open")))
        .containsExactly(quiet + " cleared");
  }

  /** The keys of the rows the reference produced, per table, as {@link #stored} reads them back. */

  /** Each sensor's batch goes to node (sensor mod 3), or the next running one, and is taken by the site's engine. */
  private void sendRound(List<SightingBatch> batches, SiteAnalytics reference) throws Exception {
    List<Future<?>> taken = new ArrayList<>();
    for (SightingBatch batch : batches) {
      int node = batch.sensorIndex % 3;
      while (cluster.stopped(node)) {
        node = (node + 1) % 3;
      }
      taken.add(cluster.vertxes.get(node).eventBus().request(Addresses.ENGINE_SIGHTINGS, batch));
      reference.accept(batch);
    }
    Await.await(Future.all(taken));
  }

  /** The site's rows of a query (which must name its table last, without a WHERE), as keys. */
  private List<String> stored(String query, Function<Row, String> key) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      Pool pool = Database.pool(vertx, FootfallConfig.load(null, Map.of(), Map.of("database.url", POSTGRES.url()))
          .database(), Database.connectOptions(POSTGRES.url()));
      List<String> keys = new ArrayList<>();
      String where = query.contains(" WHERE ") ? " AND site_id = '" + SITE + "'" : " WHERE site_id = '" + SITE + "'";
      for (Row row : Await.await(pool.query(query + where).execute())) {
        keys.add(key.apply(row));
      }
      Await.await(pool.close());
      return keys;
    } finally {
      Await.await(vertx.close());
    }
  }

  private static void waitFor(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 40_000;
    while (!condition.getAsBoolean()) {
      assertThat(System.currentTimeMillis()).as("waiting for " + what).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  /** Whether a site has had the same owner for a while, polled. */
  private static final class SettledOwner {
    private final ClusterHarness cluster;
    private final String site;
    private final long forMs;
    private int owner = -1;
    private long since;

    SettledOwner(ClusterHarness cluster, String site, long forMs) {
      this.cluster = cluster;
      this.site = site;
      this.forMs = forMs;
    }

    boolean settled() {
      int now = cluster.owner(site);
      if (now != owner) {
        owner = now;
        since = System.currentTimeMillis();
      }
      return owner >= 0 && System.currentTimeMillis() - since >= forMs;
    }
  }
}
