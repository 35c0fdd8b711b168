package io.footfall.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.analytics.RepeatVisit;
import io.footfall.auth.WebAuth;
import io.footfall.bus.NodeHealth;
import io.footfall.bus.OnContext;
import io.footfall.site.Site;
import io.footfall.site.SiteLoader;
import io.footfall.store.MigratedDatabase;
import io.footfall.store.RepeatConfig;
import io.footfall.store.RepeatStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The repeat-visit API over real HTTP, on an embedded PostgreSQL, as an admin and as a store manager. */
@ExtendWith(VertxExtension.class)
class RepeatApiTest {

  private static final Site DEMO = SiteLoader.loadResource("sites/demo-mall.yaml");
  private static final ZoneId TZ = ZoneId.of(DEMO.timezone());
  /** Ten days ago in the site's timezone, well inside what the purge keeps. */
  private static final LocalDate DAY = LocalDate.now(TZ).minusDays(10);
  private static final String STORE = WebFixture.MANAGER_STORE;

  @TempDir
  static Path dataDir;
  static MigratedDatabase database;
  static Pool pool;
  static HttpClient http;
  static Vertx vertx;
  static int port;

  @BeforeAll
  static void start(Vertx vertx) {
    database = MigratedDatabase.start(vertx, dataDir);
    pool = database.pool();
    RepeatStore store = new RepeatStore(pool);
    store.insert(DEMO.id(), visits()).await();
    RepeatRoutes routes = new RepeatRoutes(List.of(DEMO), store, RepeatConfig.defaults(), 5);
    WebVerticle web = new WebVerticle(new HttpConfig("127.0.0.1", 0, 250), List.of(DEMO), new NodeHealth(),
        (site, zone, from, to) -> Future.succeededFuture(List.of()), new WebAuth(WebFixture.USERS))
        .withRoutes(routes::mount);
    vertx.deployVerticle(web).await();
    port = web.actualPort();
    http = vertx.createHttpClient();
    RepeatApiTest.vertx = vertx;
  }

  @AfterAll
  static void stop() {
    database.close();
  }

  /**
   * On {@link #DAY}, the manager's store had 6 returning visitors (also there 3 days before) and 8 first-time ones;
   * store-lumen 3 returning and 10 first-time; the site 2 visitors.
   */
  private static List<RepeatVisit> visits() {
    List<RepeatVisit> rows = new ArrayList<>();
    for (long rid = 1; rid <= 6; rid++) {
      rows.add(new RepeatVisit(STORE, DAY.toEpochDay(), rid));
      rows.add(new RepeatVisit(STORE, DAY.minusDays(3).toEpochDay(), rid));
    }
    for (long rid = 11; rid <= 18; rid++) {
      rows.add(new RepeatVisit(STORE, DAY.toEpochDay(), rid));
    }
    for (long rid = 21; rid <= 33; rid++) {
      rows.add(new RepeatVisit("store-lumen", DAY.toEpochDay(), rid));
      if (rid <= 23) {
        rows.add(new RepeatVisit("store-lumen", DAY.minusDays(1).toEpochDay(), rid));
      }
    }
    // store-stride: 6 phones seen 5 days before DAY return on DAY with 8 new ones; 3 new ones the day before DAY
    for (long rid = 41; rid <= 46; rid++) {
      rows.add(new RepeatVisit("store-stride", DAY.minusDays(5).toEpochDay(), rid));
      rows.add(new RepeatVisit("store-stride", DAY.toEpochDay(), rid));
    }
    for (long rid = 51; rid <= 58; rid++) {
      rows.add(new RepeatVisit("store-stride", DAY.toEpochDay(), rid));
    }
    for (long rid = 61; rid <= 63; rid++) {
      rows.add(new RepeatVisit("store-stride", DAY.minusDays(1).toEpochDay(), rid));
    }
    rows.add(new RepeatVisit("", DAY.toEpochDay(), 1));
    rows.add(new RepeatVisit("", DAY.toEpochDay(), 2));
    return rows;
  }

  @Test
  void storeManagerReadsTheReturningShareOfTheirStore() throws Exception {
    JsonObject json = new JsonObject(get("manager", "/api/sites/demo-mall/repeat?zone=" + STORE + range(), null));

    assertThat(json.getString("zone")).isEqualTo(STORE);
    assertThat(json.getString("firstDay")).isEqualTo(DAY.toString());
    assertThat(json.getString("lastDay")).isEqualTo(DAY.toString());
    assertThat(json.getLong("visitors")).isEqualTo(14);
    assertThat(json.getLong("firstTime")).isEqualTo(8);
    assertThat(json.getLong("returning")).isEqualTo(6);
    assertThat(json.getDouble("returningShare")).isEqualTo(0.429);
    assertThat(json.getBoolean("globallyAdministeredOnly")).isTrue();
    assertThat(json.getString("note")).contains("globally administered");
    assertThat(json.getJsonObject("frequency").getJsonObject("monthly").getLong("visitors")).isEqualTo(6);
    assertThat(json.getJsonObject("frequency").getJsonObject("occasional").getLong("visitors")).isEqualTo(8);
    assertThat(json.getJsonArray("days")).hasSize(1);
    assertThat(json.getJsonArray("days").getJsonObject(0).getLong("returning")).isEqualTo(6);
  }

  @Test
  void answersCsvWithATotalRowThenOneRowPerDay() throws Exception {
    String csv = get("admin", "/api/sites/demo-mall/repeat?zone=" + STORE + range(), "text/csv");

    assertThat(csv.lines().toList()).containsExactly(
        "day,visitors,firstTime,returning,returningShare,daily,weekly,monthly,occasional",
        "total,14,8,6,0.429,0,0,6,8",
        DAY + ",14,8,6,0.429,,,,");
  }

  @Test
  void suppressesFiguresOfFewerThanKVisitorsTogetherWithTheirComplement() throws Exception {
    JsonObject lumen = new JsonObject(get("admin", "/api/sites/demo-mall/repeat?zone=store-lumen" + range(), null));
    JsonObject site = new JsonObject(get("admin", "/api/sites/demo-mall/repeat?" + range().substring(1), null));

    // 3 returning of 13: the 3 is hidden, and so is the 10 that would give it away
    assertThat(lumen.getLong("visitors")).isEqualTo(13);
    assertThat(lumen.getValue("returning")).isNull();
    assertThat(lumen.getValue("firstTime")).isNull();
    assertThat(lumen.getValue("returningShare")).isNull();
    assertThat(lumen.getBoolean("suppressed")).isTrue();
    assertThat(site.getValue("zone")).isNull();
    assertThat(site.getValue("visitors")).isNull();
    assertThat(site.getBoolean("suppressed")).isTrue();
  }

  @Test
  void aDaysSmallFirstTimeFigureCannotBeWorkedOutFromTheRangesTotalAndTheOtherDays() throws Exception {
    String twoDays = "&from=" + DAY.minusDays(1).atStartOfDay(TZ).toInstant() + "&to="
        + DAY.plusDays(1).atStartOfDay(TZ).toInstant();
    JsonObject stride = new JsonObject(get("admin", "/api/sites/demo-mall/repeat?zone=store-stride" + twoDays, null));

    // 11 first-time visitors over the two days, 3 of them the first day: shown, the 8 of DAY would give the 3 away
    assertThat(stride.getLong("firstTime")).isEqualTo(11);
    JsonArray days = stride.getJsonArray("days");
    assertThat(days).hasSize(2);
    assertThat(days.getJsonObject(0).getValue("firstTime")).isNull();
    assertThat(days.getJsonObject(1).getValue("firstTime")).as("the complement of the hidden 3").isNull();
    // and DAY's 8 would follow from its 14 visitors and its 6 returning: the 6 goes too
    assertThat(days.getJsonObject(1).getLong("visitors")).isEqualTo(14);
    assertThat(days.getJsonObject(1).getValue("returning")).isNull();
  }

  @Test
  void storeManagersSeeOnlyTheirOwnStoresAndUnknownStoresAreNotFound() throws Exception {
    assertThat(status("manager", "/api/sites/demo-mall/repeat?zone=store-lumen")).isEqualTo(403);
    assertThat(status("manager", "/api/sites/demo-mall/repeat")).isEqualTo(403);
    assertThat(status("admin", "/api/sites/demo-mall/repeat?zone=corridor-g-west")).isEqualTo(404);
    assertThat(status("admin", "/api/sites/elsewhere/repeat")).isEqualTo(404);
    assertThat(status("admin", "/api/sites/demo-mall/repeat?from=yesterday")).isEqualTo(400);
  }

  private static String range() {
    return "&from=" + DAY.atStartOfDay(TZ).toInstant() + "&to=" + DAY.plusDays(1).atStartOfDay(TZ).toInstant();
  }

  private static String get(String user, String uri, String accept) throws TimeoutException {
    return OnContext.run(vertx, () -> http.request(HttpMethod.GET, port, "127.0.0.1", uri)
        .compose(req -> {
          req.putHeader("Authorization", WebFixture.basic(user));
          if (accept != null) {
            req.putHeader("Accept", accept);
          }
          return req.send();
        })
        .compose(resp -> resp.statusCode() == 200 ? resp.body()
            : resp.body().compose(b -> Future.failedFuture(resp.statusCode() + " " + b))))
        .await(30, TimeUnit.SECONDS).toString();
  }

  private static int status(String user, String uri) throws TimeoutException {
    return OnContext.run(vertx, () -> http.request(HttpMethod.GET, port, "127.0.0.1", uri)
        .compose(req -> req.putHeader("Authorization", WebFixture.basic(user)).send())
        // the body is read so that the connection goes back to the pool
        .compose(resp -> resp.body().map(read -> resp.statusCode())))
        .await(30, TimeUnit.SECONDS);
  }
}
