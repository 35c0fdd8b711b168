package io.footfall.store;

import static io.footfall.testkit.Await.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.analytics.ZoneMinute;
import io.footfall.analytics.ZoneMinutes;
import io.footfall.bus.Addresses;
import io.footfall.bus.NodeHealth;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
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
 * The rollup writer against a real embedded PostgreSQL, shared by all tests of the class and stopped and started
 * by some of them. Each test writes its own site, so tests never see each other's rows.
 */
@ExtendWith(VertxExtension.class)
class RollupWriterVerticleTest {

  private static final long T0 = Instant.parse("2026-11-28T10:00:00Z").toEpochMilli();
  private static final long MINUTE = 60_000;

  @TempDir
  static Path dataDir;
  @RegisterExtension
  static final WriterFixture db = new WriterFixture();
  static RollupQueries queries;

  @TempDir
  Path spoolDir;

  private RollupWriterVerticle writer;

  @BeforeAll
  static void startPostgres(Vertx vertx) {
    db.start(vertx, dataDir);
    queries = new RollupQueries(db.pool());
  }

  @Test
  void upsertsAllRollupsQueuedInOneFlushAndReadsThemBackInMinuteOrder(Vertx vertx) throws Exception {
    deploy(vertx, config(100, 1000));

    send(vertx, row("entrance", T0 + MINUTE, 4.5, 7), row("entrance", T0, 2.0, 3), row("food-court", T0, 12.25, 15));
    eventually("the rows are written", () -> writer.stats().rowsWritten() == 3);

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
    eventually("the first version is written", () -> writer.stats().rowsWritten() == 1);

    send(vertx, row("entrance", T0, 2.5, 4));
    eventually("the second version is written", () -> writer.stats().rowsWritten() == 2);

    assertThat(countRows()).isEqualTo(1);
    assertThat(series("entrance", T0, T0 + MINUTE)).containsExactly(row("entrance", T0, 2.5, 4));
  }

  @Test
  void aRevisedMinuteReplacesItsFinalRowAndAStaleCopySentLaterNeverUndoesIt(Vertx vertx) throws Exception {
    deploy(vertx, config(100, 1000));
    ZoneMinute first = row("entrance", T0, 2.0, 3);
    ZoneMinute amended = revised(row("entrance", T0, 2.5, 4), 1);
    send(vertx, first);
    eventually("the final row is written", () -> writer.stats().rowsWritten() == 1);

    // WHEN late sightings amend the minute (revision 1), then a copy of revision 0 comes again (a spool replayed)
    send(vertx, amended);
    eventually("the revised row is written", () -> writer.stats().rowsWritten() == 2);
    send(vertx, first);
    eventually("the stale copy is sent", () -> writer.stats().rowsWritten() == 3);

    // THEN one row, with the amended figures and its revision
    assertThat(countRows()).isEqualTo(1);
    assertThat(series("entrance", T0, T0 + MINUTE)).containsExactly(amended);

    // AND within one flush the highest revision wins whatever the order
    send(vertx, revised(row("entrance", T0 + MINUTE, 5.0, 6), 2), row("entrance", T0 + MINUTE, 1.0, 1));
    eventually("the flush is done", () -> writer.stats().rowsWritten() == 4);
    assertThat(series("entrance", T0 + MINUTE, T0 + 2 * MINUTE))
        .containsExactly(revised(row("entrance", T0 + MINUTE, 5.0, 6), 2));
  }

  @Test
  void keepsTheLastOfRowsWithTheSameKeyWithinOneFlush(Vertx vertx) throws Exception {
    deploy(vertx, config(100, 1000));

    send(vertx, row("entrance", T0, 1.0, 1), row("entrance", T0, 3.0, 5));
    eventually("the flush is done", () -> writer.stats().flushes() == 1);

    assertThat(writer.stats().rowsWritten()).isEqualTo(1);
    assertThat(series("entrance", T0, T0 + MINUTE)).containsExactly(row("entrance", T0, 3.0, 5));
  }

  @Test
  void writtenRowsSurviveAPostgresRestart(Vertx vertx) throws Exception {
    deploy(vertx, config(100, 1000));
    send(vertx, row("entrance", T0, 2.0, 3), row("entrance", T0 + MINUTE, 4.0, 6));
    eventually("the rows are written", () -> writer.stats().rowsWritten() == 2);

    db.stopPostgres();
    db.startPostgres();

    assertThat(series("entrance", T0, T0 + 2 * MINUTE))
        .containsExactly(row("entrance", T0, 2.0, 3), row("entrance", T0 + MINUTE, 4.0, 6));
  }

  @Test
  void keepsRowsQueuedWhilePostgresIsDownAndWritesThemOnceWhenItIsBack(Vertx vertx) throws Exception {
    // GIVEN a running writer whose PostgreSQL goes away
    deploy(vertx, config(100, 1000));
    db.stopPostgres();

    // WHEN rollups arrive
    send(vertx, row("entrance", T0, 1.0, 1), row("entrance", T0 + MINUTE, 2.0, 2), row("exit", T0, 3.0, 3));

    // THEN they are kept (on disk) and the database is reported degraded
    eventually("a flush has failed and the rows are spooled", () -> writer.stats().failures() > 0
        && writer.stats().spooled() == 3);
    assertThat(db.health.state(RollupWriterVerticle.HEALTH_COMPONENT)).isEqualTo(NodeHealth.State.DEGRADED);
    assertThat(writer.stats().rowsWritten()).isZero();

    // AND once PostgreSQL is back on the same port, they are written exactly once and health recovers
    db.startPostgres();
    eventually("the rows are written and the spool emptied", () -> writer.stats().rowsWritten() == 3
        && writer.stats().spooled() == 0);
    assertThat(writer.stats().queued()).isZero();
    eventually("health recovers", () -> db.health.state(RollupWriterVerticle.HEALTH_COMPONENT) == NodeHealth.State.UP);
    assertThat(countRows()).isEqualTo(3);
  }

  @Test
  void stoppingFlushesTheRowsStillQueued(Vertx vertx) throws Exception {
    deploy(vertx, config(60_000, 1000));
    send(vertx, row("entrance", T0, 1.0, 1), row("exit", T0, 2.0, 2));
    eventually("the rows are queued", () -> writer.stats().queued() == 2);

    db.undeployAll();

    assertThat(writer.stats().rowsWritten()).isEqualTo(2);
    assertThat(countRows()).isEqualTo(2);
  }

  @Test
  void spillsToDiskBeyondTheMemoryLimitWhilePostgresIsDownAndWritesEveryMinuteExactlyOnceWhenItIsBack(Vertx vertx)
      throws Exception {
    // GIVEN a writer holding at most 5 rows in memory, whose PostgreSQL goes away mid-run
    deploy(vertx, config(50, 5));
    send(vertx, minutes("entrance", 0, 3));
    eventually("the first minutes are written", () -> writer.stats().rowsWritten() == 3);
    db.stopPostgres();

    // WHEN 60 more minutes of rollups arrive, far beyond the memory limit
    for (int m = 3; m < 63; m += 6) {
      send(vertx, minutes("entrance", m, 6));
    }
    eventually("every row is on disk", () -> writer.stats().spooled() == 60);

    // THEN they are spooled under the data dir, memory holds none and health says degraded
    assertThat(writer.stats().queued()).isZero();
    assertThat(spoolFiles()).isNotEmpty();
    assertThat(db.health.state(RollupWriterVerticle.HEALTH_COMPONENT)).isEqualTo(NodeHealth.State.DEGRADED);

    // AND once PostgreSQL is back, every minute is there exactly once with its figures, and the spool is gone
    db.startPostgres();
    eventually("the spool is replayed", () -> writer.stats().spooled() == 0 && countRows() == 63);
    assertThat(series("entrance", T0, T0 + 63 * MINUTE)).containsExactlyElementsOf(expected("entrance", 0, 63));
    assertThat(spoolFiles()).isEmpty();
    eventually("health recovers", () -> db.health.state(RollupWriterVerticle.HEALTH_COMPONENT) == NodeHealth.State.UP);
    assertThat(writer.stats().dropped()).isZero();
  }

  @Test
  void rowsSpooledAtAStopWithoutPostgresAreWrittenByTheNextStart(Vertx vertx) throws Exception {
    // GIVEN PostgreSQL down and rows queued when the writer stops
    deploy(vertx, config(60_000, 1000));
    db.stopPostgres();
    send(vertx, minutes("exit", 0, 4));
    eventually("the rows are queued", () -> writer.stats().queued() == 4);
    db.undeployAll();
    assertThat(writer.stats().dropped()).isZero();
    assertThat(writer.stats().spooled()).isEqualTo(4);

    // WHEN PostgreSQL is back and a new writer starts on the same data dir
    db.startPostgres();
    deploy(vertx, config(50, 1000));

    // THEN the spooled rows are written
    eventually("the spool is replayed", () -> countRows() == 4);
    assertThat(series("exit", T0, T0 + 4 * MINUTE)).containsExactlyElementsOf(expected("exit", 0, 4));
  }

  @Test
  void aSpooledLineTornByACrashIsSkipped() {
    Spool<ZoneMinute> spool = new Spool<>(spoolDir, RollupWriterVerticle.FORMAT, DatabaseConfig.DEFAULT_MAX_SPOOL_BYTES);
    assertThat(spool.decode("[\"site\",\"zone\",1732874400000,1.5,2")).isNull();
    ZoneMinute row = row("entrance", T0, 2.5, 3);
    assertThat(spool.decode(RollupWriterVerticle.FORMAT.encode(row).encode())).isEqualTo(row);
  }

  private void deploy(Vertx vertx, DatabaseConfig config) {
    writer = db.deploy(new RollupWriterVerticle(config, db.pool(), db.health, spoolDir));
  }

  private void send(Vertx vertx, ZoneMinute... rows) {
    vertx.eventBus().send(Addresses.STORE_ROLLUPS, new ZoneMinutes(db.site(), List.of(rows)));
  }

  /** Figures chosen to be exact as a PostgreSQL real. */
  private ZoneMinute row(String zone, long minute, double devicesAvg, int devicesMax) {
    return new ZoneMinute(db.site(), zone, minute, devicesAvg, devicesMax, devicesMax + 1, devicesMax - 1, devicesMax * 2);
  }

  private static ZoneMinute revised(ZoneMinute row, int revision) {
    return new ZoneMinute(row.site(), row.zone(), row.minute(), row.devicesAvg(), row.devicesMax(), row.entries(),
        row.exits(), row.uniques(), revision);
  }

  private ZoneMinute[] minutes(String zone, int first, int count) {
    return expected(zone, first, count).toArray(ZoneMinute[]::new);
  }

  private List<ZoneMinute> expected(String zone, int first, int count) {
    return IntStream.range(first, first + count)
        .mapToObj(m -> row(zone, T0 + m * MINUTE, m + 0.5, m)).toList();
  }

  private List<Path> spoolFiles() throws IOException {
    try (Stream<Path> files = Files.list(spoolDir)) {
      return files.toList();
    }
  }

  private List<ZoneMinute> series(String zone, long from, long to) {
    return queries.series(db.site(), zone, Instant.ofEpochMilli(from), Instant.ofEpochMilli(to)).await();
  }

  private long countRows() {
    return db.count("zone_minute");
  }

  private static DatabaseConfig config(int flushIntervalMs, int maxQueuedRows) {
    return new DatabaseConfig("", flushIntervalMs, maxQueuedRows, 2);
  }
}
