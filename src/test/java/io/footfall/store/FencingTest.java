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
import io.vertx.core.json.JsonArray;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rows of a node that lost a site (its epoch older than the new owner's) never overwrite the new owner's, in
 * every table an engine's rows, alerts and repeat visits go to, written straight or replayed from the spool; and rows
 * of a newer epoch do.
 */
@ExtendWith(VertxExtension.class)
class FencingTest {

  private static final long T0 = Instant.parse("2026-11-28T10:00:00Z").toEpochMilli();

  @TempDir
  static Path postgresDir;
  @RegisterExtension
  static final WriterFixture db = new WriterFixture();

  @TempDir
  Path dataDir;

  @BeforeAll
  static void startPostgres(Vertx vertx) {
    db.start(vertx, postgresDir);
  }

  @Test
  void rowsOfAnOlderEpochLeaveTheNewerOwnersRowsAloneAndRowsOfANewerEpochReplaceThem(Vertx vertx) throws Exception {
    // GIVEN the new owner (epoch 2) wrote its final figures
    writeAt(vertx, 2, 10);
    eventually("the new owner's rows", () -> figures().equals(List.of(10, 10, 10, 10, 10)));

    // WHEN the old owner (epoch 1), thawed, hands over its stale provisional figures
    writeAt(vertx, 1, 3);

    // THEN they are refused in every table
    assertThat(figures()).containsExactly(10, 10, 10, 10, 10);
    // AND the figures of a later owner (epoch 3) still replace them
    writeAt(vertx, 3, 11);
    eventually("the later owner's rows", () -> figures().equals(List.of(11, 11, 11, 11, 11)));
  }

  @Test
  void staleRowsSpooledDuringAnOutageAreRefusedWhenReplayed(Vertx vertx) throws Exception {
    writeAt(vertx, 2, 10);
    eventually("the new owner's rows", () -> figures().equals(List.of(10, 10, 10, 10, 10)));

    // WHEN the old owner's rows wait in its spool through an outage and are replayed after it
    db.stopPostgres();
    SiteEpochs old = SiteEpochs.cluster();
    old.set(db.site(), 1);
    DatabaseConfig config = new DatabaseConfig("", 50, 1000, 2);
    Path spool = dataDir.resolve("old-owner-spool");
    RollupWriterVerticle rollups = db.deploy(new RollupWriterVerticle(config, db.pool(), db.health, spool, old));
    send(vertx, 3);
    eventually("the stale rows spooled", () -> rollups.stats().spooled() == 1);
    db.undeployAll();
    db.startPostgres();
    RollupWriterVerticle replaying = db.deploy(new RollupWriterVerticle(config, db.pool(), db.health, spool, old));
    eventually("the spool replayed", () -> replaying.stats().spooled() == 0 && replaying.stats().rowsWritten() == 1);

    // THEN the new owner's figures stand
    assertThat(figures()).containsExactly(10, 10, 10, 10, 10);
  }

  @Test
  void anAlertChangeOfAnOlderEpochLeavesTheNewerOwnersAlertAloneAndOneOfANewerEpochIsStored(Vertx vertx)
      throws Exception {
    AlertChange raised = new AlertChange(db.site(), AlertChange.SENSOR_SILENT, "s-01", T0, null, 40_000, 30_000);
    // GIVEN the new owner (epoch 2) stored the alert open
    storeAlertAt(vertx, 2, raised);
    assertThat(alert()).isEqualTo("open at 40000");

    // WHEN the old owner (epoch 1), thawed, clears it with its stale figures
    storeAlertAt(vertx, 1, new AlertChange(db.site(), AlertChange.SENSOR_SILENT, "s-01", T0, T0 + 60_000, 5_000,
        30_000));

    // THEN the alert stays as the new owner stored it
    assertThat(alert()).isEqualTo("open at 40000");
    // AND the clear of a later owner (epoch 3) is stored
    storeAlertAt(vertx, 3, new AlertChange(db.site(), AlertChange.SENSOR_SILENT, "s-01", T0, T0 + 120_000, 7_000,
        30_000));
    assertThat(alert()).isEqualTo("cleared at 7000");
  }

  @Test
  void aRepeatVisitOfAnOlderEpochLeavesTheNewerOwnersTripleAloneAndOneOfANewerEpochTakesItOver(Vertx vertx)
      throws Exception {
    RepeatVisit visit = new RepeatVisit("shoe", T0 / 86_400_000L, 42);
    RepeatVisit unseen = new RepeatVisit("shoe", T0 / 86_400_000L, 43);
    // GIVEN the new owner (epoch 2) stored a triple
    storeRepeatsAt(vertx, 2, List.of(visit));
    assertThat(repeats()).containsExactly("42 at epoch 2");

    // WHEN the old owner (epoch 1), thawed, hands over the same triple, and one of a visitor the new owner never saw
    storeRepeatsAt(vertx, 1, List.of(visit, unseen));

    // THEN the new owner's triple stays its own, and the other, still a true visit, is stored as the old owner's
    assertThat(repeats()).containsExactly("42 at epoch 2", "43 at epoch 1");
    // AND a later owner (epoch 3) takes the triple over
    storeRepeatsAt(vertx, 3, List.of(visit));
    assertThat(repeats()).containsExactly("42 at epoch 3", "43 at epoch 1");
  }

  @Test
  void aRowSpooledBeforeFencingReadsAsEpochZero() {
    var format = Fenced.format(RollupWriterVerticle.FORMAT);
    ZoneMinute row = new ZoneMinute("s", "hall", T0, 1, 2, 3, 4, 5);

    assertThat(format.decode(RollupWriterVerticle.FORMAT.encode(row))).isEqualTo(new Fenced<>(0, row));
    assertThat(format.decode(new JsonArray(format.encode(new Fenced<>(7, row)).encode())))
        .isEqualTo(new Fenced<>(7, row));
  }

  /** One minute of everything the engine writes, with {@code figure} as its count, under {@code epoch}. */
  private void writeAt(Vertx vertx, long epoch, int figure) throws InterruptedException {
    SiteEpochs epochs = SiteEpochs.cluster();
    epochs.set(db.site(), epoch);
    DatabaseConfig config = new DatabaseConfig("", 20, 1000, 2);
    Path spool = dataDir.resolve("spool-" + epoch);
    RollupWriterVerticle rollups = db.deploy(new RollupWriterVerticle(config, db.pool(), db.health, spool, epochs));
    MetricsWriterVerticle metrics = db.deploy(new MetricsWriterVerticle(config, db.pool(), db.health, spool, epochs));
    EstimateWriterVerticle estimates = db.deploy(new EstimateWriterVerticle(new EstimateStore(db.pool()), config,
        db.health, spool, epochs));
    send(vertx, figure);
    // refused rows count as written too: the statement ran
    eventually("every row sent to PostgreSQL", () -> rollups.stats().rowsWritten() == 1
        && metrics.stats().rowsWritten() == 3 && estimates.stats().rowsWritten() == 1);
    db.undeployAll();
  }

  /** Stores one alert change under {@code epoch} with an alert store of its own, as the node of that epoch would. */
  private void storeAlertAt(Vertx vertx, long epoch, AlertChange change) throws InterruptedException {
    SiteEpochs epochs = SiteEpochs.cluster();
    epochs.set(db.site(), epoch);
    AlertStoreVerticle alerts = db.deploy(new AlertStoreVerticle(new DatabaseConfig("", 20, 1000, 2), db.pool(),
        db.health, dataDir.resolve("alerts-" + epoch), epochs));
    vertx.eventBus().send(Addresses.STORE_ALERTS, change.toJson());
    // a refused change counts as written too: the statement ran
    eventually("the change sent to PostgreSQL", () -> alerts.stats().rowsWritten() == 1);
    db.undeployAll();
  }

  /** Stores repeat-visit triples under {@code epoch} with a repeat store of its own, as that epoch's node would. */
  private void storeRepeatsAt(Vertx vertx, long epoch, List<RepeatVisit> visits) throws InterruptedException {
    SiteEpochs epochs = SiteEpochs.cluster();
    epochs.set(db.site(), epoch);
    RepeatStoreVerticle repeats = db.deploy(new RepeatStoreVerticle(new RepeatStore(db.pool()),
        RepeatConfig.defaults(), new DatabaseConfig("", 20, 1000, 2), db.health, dataDir.resolve("repeats-" + epoch),
        epochs));
    vertx.eventBus().send(Addresses.STORE_REPEATS, new RepeatVisits.Rows(db.site(), visits));
    // a refused triple counts as written too: the statement ran
    eventually("the triples sent to PostgreSQL", () -> repeats.stats().rowsWritten() == visits.size());
    db.undeployAll();
  }

  /** The site's repeat-visit triples as "rid at epoch n", by rid. */
  private static List<String> repeats() {
    return db.pool().preparedQuery("SELECT rid, epoch FROM repeat_visit WHERE site_id = $1 ORDER BY rid")
        .execute(Tuple.of(db.site())).await().stream()
        .map(row -> row.getLong("rid") + " at epoch " + row.getLong("epoch")).toList();
  }

  /** The site's one alert as "open at value" or "cleared at value". */
  private static String alert() {
    var rows = db.pool().preparedQuery("SELECT cleared_at IS NULL AS open, value FROM alert WHERE site_id = $1")
        .execute(Tuple.of(db.site())).await();
    assertThat(rows.size()).isEqualTo(1);
    var row = rows.iterator().next();
    return (row.getBoolean("open") ? "open" : "cleared") + " at " + Math.round(row.getDouble("value"));
  }

  private static void send(Vertx vertx, int figure) {
    String site = db.site();
    vertx.eventBus().send(Addresses.STORE_ROLLUPS, new ZoneMinutes(site,
        List.of(new ZoneMinute(site, "hall", T0, figure, figure, figure, figure, figure))));
    vertx.eventBus().send(Addresses.STORE_METRICS, new VisitMetrics(site,
        List.of(new StoreMinute(site, "shoe", T0, figure, 0, 0, 0, new int[5], new int[0], 0)),
        List.of(new FlowHour(site, T0, "door", "hall", figure)), List.of(new PathHour(site, T0, "shoe", figure))));
    vertx.eventBus().send(Addresses.STORE_ESTIMATES, new DeviceEstimates(site,
        List.of(new DeviceEstimate(site, "hall", T0, DeviceEstimate.MINUTE, figure, 0, figure, figure, figure))));
  }

  /** The figure of the minute in zone_minute, store_minute, flow_hour, path_hour and device_estimate. */
  private static List<Integer> figures() {
    return List.of(figure("SELECT entries FROM zone_minute WHERE site_id = $1"),
        figure("SELECT visitors FROM store_minute WHERE site_id = $1"),
        figure("SELECT transitions FROM flow_hour WHERE site_id = $1"),
        figure("SELECT trips FROM path_hour WHERE site_id = $1"),
        figure("SELECT devices FROM device_estimate WHERE site_id = $1"));
  }

  private static int figure(String query) {
    var rows = db.pool().preparedQuery(query).execute(Tuple.of(db.site())).await();
    return rows.size() == 0 ? -1 : rows.iterator().next().getInteger(0);
  }
}
