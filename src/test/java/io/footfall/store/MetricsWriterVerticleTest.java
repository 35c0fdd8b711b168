package io.footfall.store;

import static io.footfall.testkit.Await.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.analytics.FlowHour;
import io.footfall.analytics.PathHour;
import io.footfall.analytics.StoreMinute;
import io.footfall.analytics.VisitMetrics;
import io.footfall.bus.Addresses;
import io.footfall.bus.NodeHealth;
import io.footfall.store.MetricsSource.Step;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The metrics writer and queries against a real embedded PostgreSQL; each test writes its own site. */
@ExtendWith(VertxExtension.class)
class MetricsWriterVerticleTest {

  private static final long T0 = Instant.parse("2026-11-28T10:00:00Z").toEpochMilli();
  private static final long MINUTE = 60_000;
  private static final long HOUR = 60 * MINUTE;

  @TempDir
  static Path dataDir;
  @RegisterExtension
  static final WriterFixture db = new WriterFixture();
  static MetricsQueries queries;

  @TempDir
  Path spoolDir;

  private MetricsWriterVerticle writer;

  @BeforeAll
  static void startPostgres(Vertx vertx) {
    db.start(vertx, dataDir);
    queries = new MetricsQueries(db.pool());
  }

  @Test
  void writesStoreFlowAndPathRowsInOneFlushAndSumsThemPerPeriod(Vertx vertx) throws Exception {
    deploy(vertx, 50);

    send(vertx, new VisitMetrics(db.site(),
        List.of(store("shoe", T0, 2, 3, new int[] {3, 1, 10, 1}, 13 * MINUTE),
            store("shoe", T0 + MINUTE, 1, 0, new int[] {10, 1}, 10 * MINUTE),
            store("shoe", T0 + HOUR, 1, 1, new int[] {30, 1}, 30 * MINUTE),
            store(StoreMinute.SITE, T0, 4, 1, new int[] {45, 4}, 180 * MINUTE)),
        List.of(new FlowHour(db.site(), T0, "outside", "door", 7), new FlowHour(db.site(), T0 + HOUR, "outside", "door", 3),
            new FlowHour(db.site(), T0, "door", "hall", 6)),
        List.of(new PathHour(db.site(), T0, "shoe", 2), new PathHour(db.site(), T0 + HOUR, "shoe", 1),
            new PathHour(db.site(), T0, "shoe>book", 2))));
    eventually("the rows are written", () -> writer.stats().rowsWritten() == 10);

    assertThat(writer.stats().flushes()).isEqualTo(1);
    List<StoreMinute> hours = queries.storePeriods(db.site(), "shoe", Step.HOUR, at(T0), at(T0 + 2 * HOUR)).await();
    assertThat(hours).extracting(StoreMinute::minute, StoreMinute::visitors, StoreMinute::passersBy,
            StoreMinute::dwellTotalMs)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(T0, 3, 3, 23 * MINUTE),
            org.assertj.core.groups.Tuple.tuple(T0 + HOUR, 1, 1, 30 * MINUTE));
    assertThat(queries.storePeriods(db.site(), null, Step.MINUTE, at(T0), at(T0 + HOUR)).await())
        .extracting(StoreMinute::zone).containsExactly("", "shoe", "shoe");
    Map<String, int[]> bins = queries.dwellBins(db.site(), null, at(T0), at(T0 + 2 * HOUR)).await();
    assertThat(bins.get("shoe")).containsExactly(3, 1, 10, 2, 30, 1);
    assertThat(bins.get(StoreMinute.SITE)).containsExactly(45, 4);
    assertThat(queries.flows(db.site(), at(T0), at(T0 + 2 * HOUR)).await())
        .extracting(f -> f.from() + ">" + f.to() + "=" + f.transitions())
        .containsExactly("outside>door=10", "door>hall=6");
    assertThat(queries.topPaths(db.site(), at(T0), at(T0 + 2 * HOUR), 1).await())
        .extracting(p -> p.path() + "=" + p.trips()).containsExactly("shoe=3");
  }

  @Test
  void resendingAPeriodReplacesItsRows(Vertx vertx) throws Exception {
    deploy(vertx, 50);
    send(vertx, new VisitMetrics(db.site(), List.of(store("shoe", T0, 1, 1, new int[] {3, 1}, 3 * MINUTE)),
        List.of(new FlowHour(db.site(), T0, "door", "hall", 2)), List.of(new PathHour(db.site(), T0, "shoe", 1))));
    eventually("the provisional rows are written", () -> writer.stats().rowsWritten() == 3);

    send(vertx, new VisitMetrics(db.site(), List.of(store("shoe", T0, 2, 1, new int[] {3, 2}, 6 * MINUTE)),
        List.of(new FlowHour(db.site(), T0, "door", "hall", 5)), List.of(new PathHour(db.site(), T0, "shoe", 2))));
    eventually("the final rows are written", () -> writer.stats().rowsWritten() == 6);

    assertThat(count("store_minute")).isEqualTo(1);
    assertThat(count("flow_hour")).isEqualTo(1);
    assertThat(count("path_hour")).isEqualTo(1);
    assertThat(queries.storePeriods(db.site(), "shoe", Step.MINUTE, at(T0), at(T0 + MINUTE)).await())
        .singleElement().extracting(StoreMinute::visitors).isEqualTo(2);
  }

  @Test
  void stoppingFlushesTheRowsStillQueued(Vertx vertx) throws Exception {
    deploy(vertx, 60_000);
    send(vertx, new VisitMetrics(db.site(), List.of(store("shoe", T0, 1, 0, new int[] {3, 1}, 3 * MINUTE)), List.of(),
        List.of()));

    db.undeployAll();

    assertThat(writer.stats().rowsWritten()).isEqualTo(1);
    assertThat(count("store_minute")).isEqualTo(1);
  }

  @Test
  void everyStoreMinuteArrivesExactlyOnceWithItsFinalFiguresWhenPostgresReturns(Vertx vertx) throws Exception {
    // GIVEN a writer holding at most 5 rows in memory, whose PostgreSQL goes away mid-run
    deploy(vertx, config(50, 5));
    send(vertx, minutes(0, 3, 1));
    eventually("the first minutes are written", () -> writer.stats().rowsWritten() == 3);
    db.stopPostgres();

    // WHEN 40 more minutes arrive, each first provisional and then final, far beyond the memory limit
    for (int m = 3; m < 43; m += 4) {
      send(vertx, minutes(m, 4, 1));
      send(vertx, minutes(m, 4, 2));
    }
    eventually("every row is on disk", () -> writer.stats().spooled() == 80 && writer.stats().queued() == 0);

    // THEN the database is reported degraded
    eventually("a write fails and health says degraded", () -> db.health.state(MetricsWriterVerticle.HEALTH_COMPONENT)
        == NodeHealth.State.DEGRADED);

    // AND once PostgreSQL is back, every minute is there exactly once with its final figures
    db.startPostgres();
    eventually("the spool is replayed", () -> writer.stats().spooled() == 0 && count("store_minute") == 43);
    assertThat(queries.storePeriods(db.site(), "shoe", Step.MINUTE, at(T0), at(T0 + 43 * MINUTE)).await())
        .extracting(StoreMinute::minute, StoreMinute::visitors)
        .containsExactlyElementsOf(IntStream.range(0, 43)
            .mapToObj(m -> org.assertj.core.groups.Tuple.tuple(T0 + m * MINUTE, m < 3 ? m + 1 : m + 2)).toList());
    eventually("health recovers", () -> db.health.state(MetricsWriterVerticle.HEALTH_COMPONENT) == NodeHealth.State.UP);
    assertThat(writer.stats().dropped()).isZero();
  }

  @Test
  void metricsQueuedAtAStopWithoutPostgresAreWrittenByTheNextWriterOnTheSameSpool(Vertx vertx) throws Exception {
    // GIVEN PostgreSQL down and rows queued (durably, on disk) when the writer stops
    deploy(vertx, config(60_000, 1000));
    db.stopPostgres();
    send(vertx, minutes(0, 5, 1));
    eventually("the rows are on disk as they came", () -> writer.stats().spooled() == 5);
    db.undeployAll();
    assertThat(writer.stats().dropped()).isZero();
    assertThat(writer.stats().spooled()).isEqualTo(5);

    // WHEN PostgreSQL is back and a new writer starts on the same spool
    db.startPostgres();
    deploy(vertx, config(50, 1000));

    // THEN the spooled rows are written
    eventually("the spool is replayed", () -> writer.stats().rowsWritten() == 5 && writer.stats().spooled() == 0);
    assertThat(count("store_minute")).isEqualTo(5);
  }

  @Test
  void everyMetricRowKindSurvivesTheSpool() {
    RowFormat<Object> format = MetricsWriterVerticle.FORMAT;
    StoreMinute store = store("shoe", T0, 2, 3, new int[] {3, 1, 10, 1}, 13 * MINUTE);
    Object[] rows = {new FlowHour("s", T0, "door", "hall", 6), new PathHour("s", T0, "shoe>book", 2)};

    StoreMinute back = (StoreMinute) format.decode(format.encode(store));

    assertThat(back).usingRecursiveComparison().isEqualTo(store);
    assertThat(Arrays.stream(rows).map(r -> format.decode(format.encode(r)))).containsExactly(rows);
  }

  /** {@code count} minutes from {@code first}, minute m with m + offset visitors. */
  private VisitMetrics minutes(int first, int count, int offset) {
    return new VisitMetrics(db.site(), IntStream.range(first, first + count)
        .mapToObj(m -> store("shoe", T0 + m * MINUTE, m + offset, 0, new int[] {3, m + offset}, 3 * MINUTE))
        .toList(), List.of(), List.of());
  }

  private StoreMinute store(String zone, long minute, int visitors, int passersBy, int[] fine, long dwellMs) {
    int[] buckets = new int[5];
    for (int i = 0; i < fine.length; i += 2) {
      buckets[fine[i] < 5 ? 0 : fine[i] < 20 ? 1 : fine[i] < 60 ? 2 : 3] += fine[i + 1];
    }
    return new StoreMinute(db.site(), zone, minute, visitors, passersBy, 0, 0, buckets, fine, dwellMs);
  }

  private void deploy(Vertx vertx, int flushIntervalMs) {
    deploy(vertx, config(flushIntervalMs, 1000));
  }

  private void deploy(Vertx vertx, DatabaseConfig config) {
    writer = db.deploy(new MetricsWriterVerticle(config, db.pool(), db.health, spoolDir));
  }

  private void send(Vertx vertx, VisitMetrics metrics) {
    vertx.eventBus().send(Addresses.STORE_METRICS, metrics);
  }

  private long count(String table) {
    return db.count(table);
  }

  private static Instant at(long epochMs) {
    return Instant.ofEpochMilli(epochMs);
  }

  private static DatabaseConfig config(int flushIntervalMs, int maxQueuedRows) {
    return new DatabaseConfig("", flushIntervalMs, maxQueuedRows, 2);
  }
}
