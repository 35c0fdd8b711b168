package io.footfall.store;

import static io.footfall.store.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.analytics.FlowHour;
import io.footfall.analytics.PathHour;
import io.footfall.analytics.StoreMinute;
import io.footfall.analytics.VisitMetrics;
import io.footfall.app.Addresses;
import io.footfall.app.Codecs;
import io.footfall.app.NodeHealth;
import io.footfall.live.MetricsSource.Step;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The metrics writer and queries against a real embedded PostgreSQL; each test writes its own site. */
@ExtendWith(VertxExtension.class)
class MetricsWriterVerticleTest {

  private static final long T0 = Instant.parse("2026-11-28T10:00:00Z").toEpochMilli();
  private static final long MINUTE = 60_000;
  private static final long HOUR = 60 * MINUTE;

  @TempDir
  static Path dataDir;
  static EmbeddedDatabase postgres;
  static Pool pool;
  static MetricsQueries queries;

  private final NodeHealth health = new NodeHealth();
  private String deployment;
  private MetricsWriterVerticle writer;
  private String site;
  private int siteCounter;

  @BeforeAll
  static void startPostgres(Vertx vertx) {
    Codecs.register(vertx);
    postgres = new EmbeddedDatabase(dataDir);
    postgres.start(vertx).await();
    pool = Database.pool(vertx, config(60_000), postgres.connectOptions());
    Migrations.apply(pool).await();
    queries = new MetricsQueries(pool);
  }

  @AfterAll
  static void stopPostgres() {
    pool.close().await();
    postgres.stop();
  }

  @BeforeEach
  void nameSite(TestInfo test) {
    site = test.getTestMethod().orElseThrow().getName() + "-" + siteCounter++;
  }

  @AfterEach
  void undeployWriter(Vertx vertx) {
    if (deployment != null) {
      vertx.undeploy(deployment).await();
    }
  }

  @Test
  void writesStoreFlowAndPathRowsInOneFlushAndSumsThemPerPeriod(Vertx vertx) throws Exception {
    deploy(vertx, 50);

    send(vertx, new VisitMetrics(site,
        List.of(store("shoe", T0, 2, 3, new int[] {3, 1, 10, 1}, 13 * MINUTE),
            store("shoe", T0 + MINUTE, 1, 0, new int[] {10, 1}, 10 * MINUTE),
            store("shoe", T0 + HOUR, 1, 1, new int[] {30, 1}, 30 * MINUTE),
            store(StoreMinute.SITE, T0, 4, 1, new int[] {45, 4}, 180 * MINUTE)),
        List.of(new FlowHour(site, T0, "outside", "door", 7), new FlowHour(site, T0 + HOUR, "outside", "door", 3),
            new FlowHour(site, T0, "door", "hall", 6)),
        List.of(new PathHour(site, T0, "shoe", 2), new PathHour(site, T0 + HOUR, "shoe", 1),
            new PathHour(site, T0, "shoe>book", 2))));
    await("the rows are written", () -> writer.stats().rowsWritten() == 10);

    assertThat(writer.stats().flushes()).isEqualTo(1);
    List<StoreMinute> hours = queries.storePeriods(site, "shoe", Step.HOUR, at(T0), at(T0 + 2 * HOUR)).await();
    assertThat(hours).extracting(StoreMinute::minute, StoreMinute::visitors, StoreMinute::passersBy,
            StoreMinute::dwellTotalMs)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(T0, 3, 3, 23 * MINUTE),
            org.assertj.core.groups.Tuple.tuple(T0 + HOUR, 1, 1, 30 * MINUTE));
    assertThat(queries.storePeriods(site, null, Step.MINUTE, at(T0), at(T0 + HOUR)).await())
        .extracting(StoreMinute::zone).containsExactly("", "shoe", "shoe");
    Map<String, int[]> bins = queries.dwellBins(site, null, at(T0), at(T0 + 2 * HOUR)).await();
    assertThat(bins.get("shoe")).containsExactly(3, 1, 10, 2, 30, 1);
    assertThat(bins.get(StoreMinute.SITE)).containsExactly(45, 4);
    assertThat(queries.flows(site, at(T0), at(T0 + 2 * HOUR)).await())
        .extracting(f -> f.from() + ">" + f.to() + "=" + f.transitions())
        .containsExactly("outside>door=10", "door>hall=6");
    assertThat(queries.topPaths(site, at(T0), at(T0 + 2 * HOUR), 1).await())
        .extracting(p -> p.path() + "=" + p.trips()).containsExactly("shoe=3");
  }

  @Test
  void resendingAPeriodReplacesItsRows(Vertx vertx) throws Exception {
    deploy(vertx, 50);
    send(vertx, new VisitMetrics(site, List.of(store("shoe", T0, 1, 1, new int[] {3, 1}, 3 * MINUTE)),
        List.of(new FlowHour(site, T0, "door", "hall", 2)), List.of(new PathHour(site, T0, "shoe", 1))));
    await("the provisional rows are written", () -> writer.stats().rowsWritten() == 3);

    send(vertx, new VisitMetrics(site, List.of(store("shoe", T0, 2, 1, new int[] {3, 2}, 6 * MINUTE)),
        List.of(new FlowHour(site, T0, "door", "hall", 5)), List.of(new PathHour(site, T0, "shoe", 2))));
    await("the final rows are written", () -> writer.stats().rowsWritten() == 6);

    assertThat(count("store_minute")).isEqualTo(1);
    assertThat(count("flow_hour")).isEqualTo(1);
    assertThat(count("path_hour")).isEqualTo(1);
    assertThat(queries.storePeriods(site, "shoe", Step.MINUTE, at(T0), at(T0 + MINUTE)).await())
        .singleElement().extracting(StoreMinute::visitors).isEqualTo(2);
  }

  @Test
  void stoppingFlushesTheRowsStillQueued(Vertx vertx) throws Exception {
    deploy(vertx, 60_000);
    send(vertx, new VisitMetrics(site, List.of(store("shoe", T0, 1, 0, new int[] {3, 1}, 3 * MINUTE)), List.of(),
        List.of()));

    vertx.undeploy(deployment).await();
    deployment = null;

    assertThat(writer.stats().rowsWritten()).isEqualTo(1);
    assertThat(count("store_minute")).isEqualTo(1);
  }

  private StoreMinute store(String zone, long minute, int visitors, int passersBy, int[] fine, long dwellMs) {
    int[] buckets = new int[5];
    for (int i = 0; i < fine.length; i += 2) {
      buckets[fine[i] < 5 ? 0 : fine[i] < 20 ? 1 : fine[i] < 60 ? 2 : 3] += fine[i + 1];
    }
    return new StoreMinute(site, zone, minute, visitors, passersBy, 0, 0, buckets, fine, dwellMs);
  }

  private void deploy(Vertx vertx, int flushIntervalMs) {
    writer = new MetricsWriterVerticle(config(flushIntervalMs), pool, health);
    deployment = vertx.deployVerticle(writer).await();
  }

  private void send(Vertx vertx, VisitMetrics metrics) {
    vertx.eventBus().send(Addresses.STORE_METRICS, metrics);
  }

  private long count(String table) {
    return pool.preparedQuery("SELECT count(*) FROM " + table + " WHERE site_id = $1").execute(Tuple.of(site))
        .await().iterator().next().getLong(0);
  }

  private static Instant at(long epochMs) {
    return Instant.ofEpochMilli(epochMs);
  }

  private static DatabaseConfig config(int flushIntervalMs) {
    return new DatabaseConfig("", flushIntervalMs, 1000, 2);
  }
}
