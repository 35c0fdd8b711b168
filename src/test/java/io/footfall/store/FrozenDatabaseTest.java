package io.footfall.store;

import static io.footfall.testkit.Await.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.alerts.AlertChange;
import io.footfall.analytics.ZoneMinute;
import io.footfall.analytics.ZoneMinutes;
import io.footfall.bus.Addresses;
import io.footfall.bus.NodeHealth;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL frozen with {@code kill -STOP} (every process of the embedded server): it refuses nothing, it just stops
 * answering, as a frozen VM or a cut-off network does.
 */
@ExtendWith(VertxExtension.class)
class FrozenDatabaseTest {

  private static final long T0 = Instant.parse("2026-11-28T10:00:00Z").toEpochMilli();
  private static final int QUERY_TIMEOUT_MS = 500;

  @TempDir
  static Path postgresDir;
  @RegisterExtension
  static final WriterFixture db = new WriterFixture();

  @TempDir
  Path dataDir;
  private List<ProcessHandle> frozen = List.of();
  private Pool probes;

  @BeforeAll
  static void startPostgres(Vertx vertx) {
    db.start(vertx, postgresDir);
  }

  @AfterEach
  void thaw() throws Exception {
    signal("-CONT", frozen);
    frozen = List.of();
    if (probes != null) {
      Database.closeWithin(probes, QUERY_TIMEOUT_MS).await();
    }
  }

  @Test
  void aFrozenServerTurnsHealthDegradedWithinSecondsAndTheRowsOfAStopDuringItAreSpooledNotLost(Vertx vertx)
      throws Exception {
    DatabaseConfig config = new DatabaseConfig("", 50, 1000, 2).withQueryTimeoutMs(QUERY_TIMEOUT_MS);
    probes = Database.probePool(vertx, config, db.connectOptions());
    db.deploy(new DatabaseProbeVerticle(config, probes, db.health));
    RollupWriterVerticle rollups = db.deploy(new RollupWriterVerticle(config, db.pool(), db.health,
        dataDir.resolve("spool")));
    AlertStoreVerticle alerts = db.deploy(new AlertStoreVerticle(config, db.pool(), db.health,
        dataDir.resolve("spool")));
    eventually("the probe's first answer", () -> db.health.state(DatabaseProbeVerticle.HEALTH_COMPONENT)
        == NodeHealth.State.UP);

    // WHEN every process of PostgreSQL is frozen, and rows and an alert arrive
    frozen = postgresProcesses();
    signal("-STOP", frozen);
    long frozenAt = System.currentTimeMillis();
    send(vertx);

    // THEN the node's health says so within seconds
    eventually("health degraded", () -> db.health.state(DatabaseProbeVerticle.HEALTH_COMPONENT)
        == NodeHealth.State.DEGRADED);
    assertThat(System.currentTimeMillis() - frozenAt).isLessThan(QUERY_TIMEOUT_MS + DatabaseProbeVerticle.INTERVAL_MS
        + 1_000);
    assertThat(db.health.overall()).isEqualTo(NodeHealth.State.DEGRADED);
    // AND the writes given up on are spooled
    eventually("the writers spool", () -> rollups.stats().spooled() == 10 && alerts.stats().spooled() == 1
        && db.health.state(RollupWriterVerticle.HEALTH_COMPONENT) == NodeHealth.State.DEGRADED);

    // WHEN the node stops while the server is still frozen
    db.undeployAll();

    // THEN nothing was lost: every row waits in the spool
    assertThat(List.of(rollups.stats().dropped(), alerts.stats().dropped())).containsOnly(0L);
    assertThat(List.of(rollups.stats().spooled(), alerts.stats().spooled())).containsExactly(10L, 1L);

    // AND once the server is thawed, a node on the same data dir writes them and reports the server up
    signal("-CONT", frozen);
    frozen = List.of();
    db.deploy(new DatabaseProbeVerticle(config, probes, db.health));
    db.deploy(new RollupWriterVerticle(config, db.pool(), db.health, dataDir.resolve("spool")));
    db.deploy(new AlertStoreVerticle(config, db.pool(), db.health, dataDir.resolve("spool")));
    eventually("the spools are replayed", () -> db.count("zone_minute") == 10 && db.count("alert") == 1);
    eventually("health up again", () -> db.health.overall() == NodeHealth.State.UP);
  }

  private static void send(Vertx vertx) {
    String site = db.site();
    vertx.eventBus().send(Addresses.STORE_ROLLUPS, new ZoneMinutes(site, IntStream.range(0, 10)
        .mapToObj(m -> new ZoneMinute(site, "hall", T0 + m * 60_000L, m, m, 1, 1, m)).toList()));
    vertx.eventBus().send(Addresses.STORE_ALERTS, new AlertChange(site, AlertChange.CAPACITY, "hall", T0, null, 120,
        100).toJson());
  }

  /** The postmaster of the test's PostgreSQL and every process it started. */
  private static List<ProcessHandle> postgresProcesses() throws IOException {
    long pid = Long.parseLong(Files.readAllLines(postgresDir.resolve("pg").resolve("postmaster.pid")).get(0).trim());
    ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
    return Stream.concat(Stream.of(postmaster), postmaster.descendants()).toList();
  }

  private static void signal(String signal, List<ProcessHandle> processes) throws Exception {
    for (ProcessHandle process : processes) {
      Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
      assertThat(kill.waitFor()).as("kill " + signal + " " + process.pid()).isZero();
    }
  }
}
