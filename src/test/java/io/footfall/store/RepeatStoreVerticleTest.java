package io.footfall.store;

import static io.footfall.testkit.Await.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.analytics.RepeatVisit;
import io.footfall.analytics.RepeatVisits;
import io.footfall.bus.Addresses;
import io.footfall.bus.Codecs;
import io.footfall.bus.NodeHealth;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Keeping, deriving and purging repeat visits against a real embedded PostgreSQL. */
@ExtendWith(VertxExtension.class)
class RepeatStoreVerticleTest {

  private static final Instant NOW = Instant.parse("2026-11-29T06:00:00Z");
  private static final LocalDate TODAY = LocalDate.parse("2026-11-29");

  @TempDir
  static Path dataDir;
  static MigratedDatabase database;
  static Pool pool;
  static RepeatStore store;

  @BeforeAll
  static void startPostgres(Vertx vertx) {
    database = MigratedDatabase.start(vertx, dataDir);
    pool = database.pool();
    store = new RepeatStore(pool);
    Codecs.register(vertx);
  }

  @AfterAll
  static void stopPostgres() {
    database.close();
  }

  @Test
  void storesEachTripleOnceHoweverOftenItIsSent(Vertx vertx) throws Exception {
    RepeatStoreVerticle verticle = new RepeatStoreVerticle(store, RepeatConfig.defaults(),
        new DatabaseConfig("", 20, 1000, 2), new NodeHealth(), dataDir.resolve("spool-" + UUID.randomUUID()),
        SiteEpochs.single(), NOW::toEpochMilli);
    String deployment = vertx.deployVerticle(verticle).await();
    List<RepeatVisit> rows = List.of(visit("store-a", TODAY, 1), visit("", TODAY, 1), visit("store-a", TODAY, 2));

    // WHEN the same triples arrive twice, and once more after they were written
    vertx.eventBus().send(Addresses.STORE_REPEATS, new RepeatVisits.Rows("send-site", rows));
    vertx.eventBus().send(Addresses.STORE_REPEATS, new RepeatVisits.Rows("send-site", rows.subList(0, 1)));
    eventually("three triples are written", () -> count("send-site") == 3);
    vertx.eventBus().send(Addresses.STORE_REPEATS, new RepeatVisits.Rows("send-site", rows));
    vertx.undeploy(deployment).await();

    // THEN each is stored once
    assertThat(verticle.stats().rowsWritten()).as("triples sent to PostgreSQL").isGreaterThanOrEqualTo(6);
    assertThat(count("send-site")).isEqualTo(3);
  }

  @Test
  void returningVisitorsCameOnAnotherDayOfTheSpanAndFrequencyFollowsTheirVisitDays() {
    // GIVEN, in a 1-day period with 30 days of lookback (a span of 31 days): 5 ids seen on 16+ days, 6 on 5 days,
    // 4 on 2 days and 8 on the period's day only; and 3 ids seen only before the period
    String site = "figures-site";
    for (long rid = 1; rid <= 5; rid++) {
      for (int d = 0; d < 16; d++) {
        insert(site, visit("store-a", TODAY.minusDays(d), rid));
      }
    }
    for (long rid = 11; rid <= 16; rid++) {
      for (int d = 0; d < 5; d++) {
        insert(site, visit("store-a", TODAY.minusDays(d * 6), rid));
      }
    }
    for (long rid = 21; rid <= 24; rid++) {
      insert(site, visit("store-a", TODAY, rid));
      insert(site, visit("store-a", TODAY.minusDays(29), rid));
    }
    for (long rid = 31; rid <= 38; rid++) {
      insert(site, visit("store-a", TODAY, rid));
    }
    for (long rid = 41; rid <= 43; rid++) {
      insert(site, visit("store-a", TODAY.minusDays(3), rid));
    }

    RepeatStore.Summary summary = store.summary(site, "store-a", TODAY, TODAY, 30, TODAY.minusDays(30)).await();
    List<RepeatStore.Day> days = store.days(site, "store-a", TODAY.minusDays(1), TODAY, 30).await();

    assertThat(summary.spanDays()).isEqualTo(31);
    assertThat(summary.visitors()).isEqualTo(23);
    assertThat(summary.returning()).isEqualTo(15);
    assertThat(summary.firstTime()).isEqualTo(8);
    assertThat(summary.daily()).isEqualTo(5);
    assertThat(summary.weekly()).isEqualTo(6);
    assertThat(summary.monthly()).isEqualTo(4);
    assertThat(summary.occasional()).isEqualTo(8);
    assertThat(days).containsExactly(new RepeatStore.Day(TODAY.minusDays(1), 5, 5),
        new RepeatStore.Day(TODAY, 23, 15));
  }

  @Test
  void theLookbackNeverReachesDaysAlreadyPurged() {
    RepeatStore.Summary summary = store.summary("nobody", "", TODAY, TODAY, 30, TODAY.minusDays(10)).await();

    assertThat(summary.lookbackFrom()).isEqualTo(TODAY.minusDays(10));
    assertThat(summary.spanDays()).isEqualTo(11);
    assertThat(summary.visitors()).isZero();
  }

  @Test
  void purgesTriplesOlderThanTheWindowAndADay(Vertx vertx) {
    // GIVEN triples 32, 31 and 0 days old, with a window of 30 days
    String site = "purge-site";
    insert(site, visit("", TODAY.minusDays(32), 1));
    insert(site, visit("", TODAY.minusDays(31), 1));
    insert(site, visit("", TODAY, 1));
    RepeatStoreVerticle verticle = new RepeatStoreVerticle(store, RepeatConfig.defaults(),
        new DatabaseConfig("", 1000, 1000, 2), new NodeHealth(), dataDir.resolve("spool-" + UUID.randomUUID()),
        SiteEpochs.single(), NOW::toEpochMilli);

    long purged = verticle.purge().await();

    assertThat(purged).isEqualTo(1);
    assertThat(pool.query("SELECT day FROM repeat_visit WHERE site_id = 'purge-site' ORDER BY day").execute().await())
        .extracting(r -> r.getLocalDate(0)).containsExactly(TODAY.minusDays(31), TODAY);
  }

  private static RepeatVisit visit(String zone, LocalDate day, long rid) {
    return new RepeatVisit(zone, day.toEpochDay(), rid);
  }

  private static void insert(String site, RepeatVisit visit) {
    store.insert(site, List.of(visit)).await();
  }

  private static long count(String site) {
    return pool.query("SELECT count(*) FROM repeat_visit WHERE site_id = '" + site + "'").execute().await()
        .iterator().next().getLong(0);
  }
}
