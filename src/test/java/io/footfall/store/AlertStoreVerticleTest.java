package io.footfall.store;

import static io.footfall.testkit.Await.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.alerts.AlertChange;
import io.footfall.bus.Addresses;
import io.footfall.bus.NodeHealth;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The alert store against a real embedded PostgreSQL, which some tests stop and start; each test has its own site. */
@ExtendWith(VertxExtension.class)
class AlertStoreVerticleTest {

  private static final long T0 = Instant.parse("2026-11-28T10:00:00Z").toEpochMilli();
  private static final long MINUTE = 60_000;

  @TempDir
  static Path dataDir;
  @RegisterExtension
  static final WriterFixture db = new WriterFixture();

  @TempDir
  Path spoolDir;

  private AlertStoreVerticle store;

  @BeforeAll
  static void startPostgres(Vertx vertx) {
    db.start(vertx, dataDir);
  }

  @Test
  void everyRaiseAndClearArrivesExactlyOnceWhenPostgresReturns(Vertx vertx) throws Exception {
    // GIVEN an alert store holding at most 5 changes in memory, with one alert written, whose PostgreSQL goes away
    deploy(config(50, 5));
    send(vertx, raise(0));
    eventually("the first raise is written", () -> store.stats().rowsWritten() == 1);
    db.stopPostgres();

    // WHEN the first alert clears, ten more are raised and the first five of those clear again
    send(vertx, clear(0));
    IntStream.rangeClosed(1, 10).forEach(i -> send(vertx, raise(i)));
    IntStream.rangeClosed(1, 5).forEach(i -> send(vertx, clear(i)));
    eventually("every change is on disk", () -> store.stats().spooled() == 16 && store.stats().queued() == 0);

    // THEN the store is reported degraded
    eventually("a write fails and health says degraded", () -> db.health.state(AlertStoreVerticle.HEALTH_COMPONENT)
        == NodeHealth.State.DEGRADED);

    // AND once PostgreSQL is back, each alert is there once, cleared exactly when its clear said
    db.startPostgres();
    eventually("the spool is replayed", () -> store.stats().spooled() == 0 && db.count("alert") == 11);
    Map<String, Long> clearedAt = clearedAtById();
    for (int i = 0; i <= 10; i++) {
      assertThat(clearedAt).containsEntry(raise(i).id(), i <= 5 ? clear(i).clearedAt() : -1L);
    }
    eventually("health recovers", () -> db.health.state(AlertStoreVerticle.HEALTH_COMPONENT) == NodeHealth.State.UP);
    assertThat(store.stats().dropped()).isZero();
  }

  @Test
  void changesOnDiskAtAKillAreWrittenByTheNextStart(Vertx vertx, @TempDir Path afterKill) throws Exception {
    // GIVEN a running store that has taken a raise and a clear but not written them yet
    deploy(config(60_000, 1000));
    send(vertx, raise(1));
    send(vertx, clear(1));
    send(vertx, raise(2));
    eventually("the changes are on disk", () -> store.stats().spooled() == 3);

    // WHEN the node is killed: what survives is what its spool directory holds at that instant
    copy(spoolDir, afterKill);
    assertThat(db.count("alert")).isZero();

    // THEN a store started on what survived writes every change
    AlertStoreVerticle restarted = db.deploy(new AlertStoreVerticle(config(50, 1000), db.pool(), db.health,
        afterKill));
    eventually("the surviving changes are written", () -> restarted.stats().rowsWritten() == 2);
    assertThat(clearedAtById()).containsOnly(Map.entry(raise(1).id(), clear(1).clearedAt()),
        Map.entry(raise(2).id(), -1L));
  }

  @Test
  void aRaiseAndItsClearInOneBatchLeaveTheAlertCleared(Vertx vertx) throws Exception {
    deploy(config(60_000, 1000));
    send(vertx, raise(1));
    send(vertx, clear(1));
    send(vertx, raise(1));

    db.undeployAll();

    assertThat(clearedAtById()).containsExactly(Map.entry(raise(1).id(), clear(1).clearedAt()));
  }

  @Test
  void acknowledgingAnAlertRaisedAMomentAgoWritesItFirst(Vertx vertx) {
    deploy(config(60_000, 1000));
    send(vertx, raise(1));

    JsonObject acked = vertx.eventBus().<JsonObject>request(Addresses.STORE_ALERTS_QUERY, new JsonObject()
        .put("op", "ack").put("site", db.site()).put("id", raise(1).id()).put("by", "admin")).await().body();

    assertThat(acked.getString("ackedBy")).isEqualTo("admin");
    assertThat(acked.getString("state")).isEqualTo("open");
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.list(from)) {
      for (Path file : files.toList()) {
        Files.copy(file, to.resolve(file.getFileName()));
      }
    }
  }

  private void deploy(DatabaseConfig config) {
    store = db.deploy(new AlertStoreVerticle(config, db.pool(), db.health, spoolDir));
  }

  private void send(Vertx vertx, AlertChange change) {
    vertx.eventBus().send(Addresses.STORE_ALERTS, change.toJson());
  }

  private AlertChange raise(int i) {
    return new AlertChange(db.site(), AlertChange.CAPACITY, "zone-" + i, T0 + i * MINUTE, null, 120, 100);
  }

  private AlertChange clear(int i) {
    return new AlertChange(db.site(), AlertChange.CAPACITY, "zone-" + i, T0 + i * MINUTE, T0 + (i + 30) * MINUTE, 80,
        100);
  }

  /** Each stored alert's clearing time, -1 while open. */
  private Map<String, Long> clearedAtById() {
    Map<String, Long> cleared = new HashMap<>();
    for (Row row : db.pool().preparedQuery("SELECT id, cleared_at FROM alert WHERE site_id = $1")
        .execute(Tuple.of(db.site())).await()) {
      cleared.put(row.getString("id"), row.getOffsetDateTime("cleared_at") == null ? -1L
          : row.getOffsetDateTime("cleared_at").toInstant().toEpochMilli());
    }
    return cleared;
  }

  private static DatabaseConfig config(int flushIntervalMs, int maxQueuedRows) {
    return new DatabaseConfig("", flushIntervalMs, maxQueuedRows, 2);
  }
}
