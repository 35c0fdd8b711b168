package io.footfall.store;

import static io.footfall.store.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.analytics.ZoneMinute;
import io.footfall.analytics.ZoneMinutes;
import io.footfall.app.Addresses;
import io.footfall.app.Codecs;
import io.footfall.app.NodeHealth;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rollup writer against a real embedded PostgreSQL, shared by all tests of the class and stopped and started
 * by some of them. Each test writes its own site, so tests never see each other's rows.
 */
@ExtendWith(VertxExtension.class)
class RollupWriterVerticleTest {

  private static final long T0 = Instant.parse("2026-11-28T10:00:00Z").toEpochMilli();
  private static final long MINUTE = 60_000;

  @TempDir
  static Path dataDir;
  static EmbeddedDatabase postgres;
  static Pool pool;
  static RollupQueries queries;

  private final NodeHealth health = new NodeHealth();
  private String deployment;
  private RollupWriterVerticle writer;
  private String site;
  private int siteCounter;

  @BeforeAll
  static void startPostgres(Vertx vertx) {
    Codecs.register(vertx);
    postgres = new EmbeddedDatabase(dataDir);
    postgres.start(vertx).await();
    DatabaseConfig config = config(100, 1000);
    pool = Database.pool(vertx, config, postgres.connectOptions());
    Migrations.apply(pool).await();
    queries = new RollupQueries(pool);
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
  void upsertsAllRollupsQueuedInOneFlushAndReadsThemBackInMinuteOrder(Vertx vertx) throws Exception {
    deploy(vertx, config(100, 1000));

    send(vertx, row("entrance", T0 + MINUTE, 4.5, 7), row("entrance", T0, 2.0, 3), row("food-court", T0, 12.25, 15));
    await("the rows are written", () -> writer.stats().rowsWritten() == 3);

    assertThat(writer.stats().flushes()).isEqualTo(1);
    assertThat(writer.stats().queued()).isZero();
    assertThat(series("entrance", T0, T0 + 2 * MINUTE))
        .containsExactly(row("entrance", T0, 2.0, 3), row("entrance", T0 + MINUTE, 4.5, 7));
    assertThat(series("entrance", T0, T0 + MINUTE)).as("the end of the range is exclusive")
        .containsExactly(row("entrance", T0, 2.0, 3));
    assertThat(series("food-court", T0, T0 + MINUTE)).containsExactly(row("food-court", T0, 12.25, 15));
  }

  @Test
  void resendingAMinuteUpdatesItsRowInsteadOfAddingOne(Vertx vertx) throws Exception {
    deploy(vertx, config(100, 1000));
    send(vertx, row("entrance", T0, 2.0, 3));
    await("the first version is written", () -> writer.stats().rowsWritten() == 1);

    send(vertx, row("entrance", T0, 2.5, 4));
    await("the second version is written", () -> writer.stats().rowsWritten() == 2);

    assertThat(countRows()).isEqualTo(1);
    assertThat(series("entrance", T0, T0 + MINUTE)).containsExactly(row("entrance", T0, 2.5, 4));
  }

  @Test
  void keepsTheLastOfRowsWithTheSameKeyWithinOneFlush(Vertx vertx) throws Exception {
    deploy(vertx, config(100, 1000));

    send(vertx, row("entrance", T0, 1.0, 1), row("entrance", T0, 3.0, 5));
    await("the flush is done", () -> writer.stats().flushes() == 1);

    assertThat(writer.stats().rowsWritten()).isEqualTo(1);
    assertThat(series("entrance", T0, T0 + MINUTE)).containsExactly(row("entrance", T0, 3.0, 5));
  }

  @Test
  void writtenRowsSurviveAPostgresRestart(Vertx vertx) throws Exception {
    deploy(vertx, config(100, 1000));
    send(vertx, row("entrance", T0, 2.0, 3), row("entrance", T0 + MINUTE, 4.0, 6));
    await("the rows are written", () -> writer.stats().rowsWritten() == 2);

    postgres.stop();
    postgres.start();

    assertThat(series("entrance", T0, T0 + 2 * MINUTE))
        .containsExactly(row("entrance", T0, 2.0, 3), row("entrance", T0 + MINUTE, 4.0, 6));
  }

  @Test
  void keepsRowsQueuedWhilePostgresIsDownAndWritesThemOnceWhenItIsBack(Vertx vertx) throws Exception {
    // GIVEN a running writer whose PostgreSQL goes away
    deploy(vertx, config(100, 1000));
    postgres.stop();

    // WHEN rollups arrive
    send(vertx, row("entrance", T0, 1.0, 1), row("entrance", T0 + MINUTE, 2.0, 2), row("exit", T0, 3.0, 3));

    // THEN they stay queued and the database is reported degraded
    await("a flush has failed", () -> writer.stats().failures() > 0);
    assertThat(health.state(RollupWriterVerticle.HEALTH_COMPONENT)).isEqualTo(NodeHealth.State.DEGRADED);
    assertThat(writer.stats().queued()).isEqualTo(3);
    assertThat(writer.stats().rowsWritten()).isZero();

    // AND once PostgreSQL is back on the same port, they are written exactly once and health recovers
    postgres.start();
    await("the queue is written", () -> writer.stats().rowsWritten() == 3);
    assertThat(writer.stats().queued()).isZero();
    assertThat(health.state(RollupWriterVerticle.HEALTH_COMPONENT)).isEqualTo(NodeHealth.State.UP);
    assertThat(countRows()).isEqualTo(3);
  }

  @Test
  void stoppingFlushesTheRowsStillQueued(Vertx vertx) throws Exception {
    deploy(vertx, config(60_000, 1000));
    send(vertx, row("entrance", T0, 1.0, 1), row("exit", T0, 2.0, 2));
    await("the rows are queued", () -> writer.stats().queued() == 2);

    vertx.undeploy(deployment).await();
    deployment = null;

    assertThat(writer.stats().rowsWritten()).isEqualTo(2);
    assertThat(countRows()).isEqualTo(2);
  }

  @Test
  void dropsTheOldestRowsWhenTheQueueIsFull(Vertx vertx) throws Exception {
    deploy(vertx, config(60_000, 2));

    send(vertx, row("entrance", T0, 1.0, 1), row("entrance", T0 + MINUTE, 2.0, 2),
        row("entrance", T0 + 2 * MINUTE, 3.0, 3));
    await("the rows are queued", () -> writer.stats().dropped() == 1);
    vertx.undeploy(deployment).await();
    deployment = null;

    assertThat(writer.stats().queued()).isZero();
    assertThat(series("entrance", T0, T0 + 3 * MINUTE))
        .containsExactly(row("entrance", T0 + MINUTE, 2.0, 2), row("entrance", T0 + 2 * MINUTE, 3.0, 3));
  }

  private void deploy(Vertx vertx, DatabaseConfig config) {
    writer = new RollupWriterVerticle(config, pool, health);
    deployment = vertx.deployVerticle(writer).await();
  }

  private void send(Vertx vertx, ZoneMinute... rows) {
    vertx.eventBus().send(Addresses.STORE_ROLLUPS, new ZoneMinutes(site, List.of(rows)));
  }

  /** Figures chosen to be exact as a PostgreSQL real. */
  private ZoneMinute row(String zone, long minute, double devicesAvg, int devicesMax) {
    return new ZoneMinute(site, zone, minute, devicesAvg, devicesMax, devicesMax + 1, devicesMax - 1, devicesMax * 2);
  }

  private List<ZoneMinute> series(String zone, long from, long to) {
    return queries.series(site, zone, Instant.ofEpochMilli(from), Instant.ofEpochMilli(to)).await();
  }

  private long countRows() {
    return pool.preparedQuery("SELECT count(*) FROM zone_minute WHERE site_id = $1").execute(Tuple.of(site))
        .await().iterator().next().getLong(0);
  }

  private static DatabaseConfig config(int flushIntervalMs, int maxQueuedRows) {
    return new DatabaseConfig("", flushIntervalMs, maxQueuedRows, 2);
  }
}
