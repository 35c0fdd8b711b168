package io.footfall.store;

import static io.footfall.testkit.Await.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.alerts.AlertChange;
import io.footfall.analytics.DeviceEstimate;
import io.footfall.analytics.DeviceEstimates;
import io.footfall.analytics.FlowHour;
import io.footfall.analytics.PathHour;
import io.footfall.analytics.RepeatVisit;
import io.footfall.analytics.RepeatVisits;
import io.footfall.analytics.StoreMinute;
import io.footfall.analytics.VisitMetrics;
import io.footfall.analytics.ZoneMinute;
import io.footfall.analytics.ZoneMinutes;
import io.footfall.bus.Addresses;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node's database writers, all on one data directory's spool, stopped while PostgreSQL is down and followed by
 * a new node on the same data directory once it is back.
 */
@ExtendWith(VertxExtension.class)
class NodeRestartSpoolTest {

  private static final long T0 = Instant.parse("2026-11-28T10:00:00Z").toEpochMilli();
  private static final long MINUTE = 60_000;

  @TempDir
  static Path postgresDir;
  @RegisterExtension
  static final WriterFixture db = new WriterFixture();

  @TempDir
  Path dataDir;

  private RollupWriterVerticle rollups;
  private MetricsWriterVerticle metrics;
  private EstimateWriterVerticle estimates;
  private AlertStoreVerticle alerts;
  private RepeatStoreVerticle repeats;

  @BeforeAll
  static void startPostgres(Vertx vertx) {
    db.start(vertx, postgresDir);
  }

  @Test
  void aNodeStoppedWhilePostgresIsDownSpoolsEveryQueueAndTheNextNodeOnTheSameDataDirDeliversIt(Vertx vertx)
      throws Exception {
    // GIVEN a node whose PostgreSQL is down while rollups, metrics, estimates, alerts and repeat visits arrive
    deployWriters(60_000);
    db.stopPostgres();
    send(vertx);
    eventually("every row is taken", () -> held(rollups.stats()) == 10 && held(metrics.stats()) == 12
        && held(estimates.stats()) == 10 && held(alerts.stats()) == 3 && held(repeats.stats()) == 3);

    // WHEN the node stops gracefully
    db.undeployAll();

    // THEN nothing is dropped: every queue is on disk under the data dir
    assertThat(List.of(rollups.stats().dropped(), metrics.stats().dropped(), estimates.stats().dropped(),
        alerts.stats().dropped(), repeats.stats().dropped())).containsOnly(0L);
    assertThat(List.of(rollups.stats().spooled(), metrics.stats().spooled(), estimates.stats().spooled(),
        alerts.stats().spooled(), repeats.stats().spooled())).containsExactly(10L, 12L, 10L, 3L, 3L);
    assertThat(spoolFiles()).extracting(name -> name.substring(0, name.indexOf('-')))
        .containsExactlyInAnyOrder("rollups", "metrics", "estimates", "alerts", "repeats");

    // AND once PostgreSQL is back, a new node on the same data dir writes every row exactly once
    db.startPostgres();
    deployWriters(50);
    eventually("the spools are replayed", () -> db.count("zone_minute") == 10 && db.count("store_minute") == 10
        && db.count("flow_hour") == 1 && db.count("path_hour") == 1 && db.count("device_estimate") == 10
        && db.count("alert") == 2 && db.count("repeat_visit") == 3);
    eventually("the spool files are gone", () -> spoolFiles().isEmpty());
  }

  private void deployWriters(int flushIntervalMs) {
    DatabaseConfig config = new DatabaseConfig("", flushIntervalMs, 1000, 2);
    Path spool = dataDir.resolve("spool");
    rollups = db.deploy(new RollupWriterVerticle(config, db.pool(), db.health, spool));
    metrics = db.deploy(new MetricsWriterVerticle(config, db.pool(), db.health, spool));
    estimates = db.deploy(new EstimateWriterVerticle(new EstimateStore(db.pool()), config, db.health, spool));
    alerts = db.deploy(new AlertStoreVerticle(config, db.pool(), db.health, spool));
    repeats = db.deploy(new RepeatStoreVerticle(new RepeatStore(db.pool()), RepeatConfig.defaults(), config,
        db.health, spool));
  }

  /** Ten minutes of everything, two alerts, one raised and cleared, one still open, and three repeat visits. */
  private void send(Vertx vertx) {
    String site = db.site();
    List<Integer> minutes = IntStream.range(0, 10).boxed().toList();
    vertx.eventBus().send(Addresses.STORE_ROLLUPS, new ZoneMinutes(site, minutes.stream()
        .map(m -> new ZoneMinute(site, "hall", T0 + m * MINUTE, m, m, 1, 1, m)).toList()));
    vertx.eventBus().send(Addresses.STORE_METRICS, new VisitMetrics(site, minutes.stream()
        .map(m -> new StoreMinute(site, "shoe", T0 + m * MINUTE, m, 0, 0, 0, new int[5], new int[] {3, m}, 0))
        .toList(), List.of(new FlowHour(site, T0, "door", "hall", 6)), List.of(new PathHour(site, T0, "shoe", 2))));
    vertx.eventBus().send(Addresses.STORE_ESTIMATES, new DeviceEstimates(site, minutes.stream()
        .map(m -> new DeviceEstimate(site, "hall", T0 + m * MINUTE, DeviceEstimate.MINUTE, m, 0, m, m, m)).toList()));
    AlertChange silent = new AlertChange(site, AlertChange.SENSOR_SILENT, "s-01", T0, null, 300_000, 300_000);
    vertx.eventBus().send(Addresses.STORE_ALERTS, silent.toJson());
    vertx.eventBus().send(Addresses.STORE_ALERTS, new AlertChange(site, AlertChange.SENSOR_SILENT, "s-01", T0,
        T0 + MINUTE, 0, 300_000).toJson());
    vertx.eventBus().send(Addresses.STORE_ALERTS, new AlertChange(site, AlertChange.CAPACITY, "hall", T0, null, 120,
        100).toJson());
    long day = T0 / 86_400_000L;
    vertx.eventBus().send(Addresses.STORE_REPEATS, new RepeatVisits.Rows(site, List.of(new RepeatVisit("shoe", day, 1),
        new RepeatVisit("", day, 1), new RepeatVisit("shoe", day, 2))));
  }

  /** Rows a writer holds, in memory or on disk. */
  private static long held(WriteQueue.Stats stats) {
    return stats.queued() + stats.spooled();
  }

  private List<String> spoolFiles() {
    try (Stream<Path> files = Files.list(dataDir.resolve("spool"))) {
      return files.map(file -> file.getFileName().toString()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
