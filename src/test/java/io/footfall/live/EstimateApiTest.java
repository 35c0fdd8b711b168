package io.footfall.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.footfall.analytics.DeviceEstimate;
import io.footfall.auth.Audit;
import io.footfall.auth.WebAuth;
import io.footfall.bus.Addresses;
import io.footfall.bus.NodeHealth;
import io.footfall.bus.OnContext;
import io.footfall.site.PeopleModel;
import io.footfall.site.Site;
import io.footfall.site.SiteLoader;
import io.footfall.store.EstimateStore;
import io.footfall.store.MigratedDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The estimate and calibration API over real HTTP, on an embedded PostgreSQL. */
@ExtendWith(VertxExtension.class)
class EstimateApiTest {

  private static final Site DEMO = SiteLoader.loadResource("sites/demo-mall.yaml");
  private static final String ZONE = "store-aroma";
  private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

  @TempDir
  static Path dataDir;
  static MigratedDatabase database;
  static Pool pool;
  static EstimateStore store;
  static HttpClient http;
  static Vertx vertx;
  static int port;

  @BeforeAll
  static void start(Vertx vertx) {
    database = MigratedDatabase.start(vertx, dataDir);
    pool = database.pool();
    store = new EstimateStore(pool);
    EstimateRoutes routes = new EstimateRoutes(List.of(DEMO), store);
    WebVerticle web = new WebVerticle(new HttpConfig("127.0.0.1", 0, 250), List.of(DEMO), new NodeHealth(),
        (site, zone, from, to) -> Future.succeededFuture(List.of()), new WebAuth(WebFixture.USERS))
        .withRoutes(routes::mount);
    vertx.deployVerticle(web).await();
    port = web.actualPort();
    http = vertx.createHttpClient();
    EstimateApiTest.vertx = vertx;
  }

  @AfterAll
  static void stop() {
    database.close();
  }

  @Test
  void servesStoredMinuteEstimatesAsJsonAndCsv() throws Exception {
    store.upsert(minutes(ZONE, 0, 3, 20)).await();

    JsonObject json = new JsonObject(request(HttpMethod.GET, "/api/sites/demo-mall/estimates?zone=" + ZONE
        + "&from=" + T0 + "&to=" + T0.plusSeconds(180), null, "application/json"));
    String csv = request(HttpMethod.GET, "/api/sites/demo-mall/estimates?zone=" + ZONE + "&from=" + T0 + "&to="
        + T0.plusSeconds(180), null, "text/csv");

    JsonArray rows = json.getJsonArray("rows");
    assertThat(rows).hasSize(3);
    JsonObject first = rows.getJsonObject(0);
    assertThat(first.getInteger("devices")).isEqualTo(50);
    assertThat(first.getInteger("randomMacs")).isEqualTo(40);
    assertThat(first.getInteger("estimatedDevices")).isEqualTo(20);
    assertThat(first.getJsonArray("band")).containsExactly(18, 25);
    assertThat(json.getString("note")).contains("factor 1.0 until");
    assertThat(csv.lines().toList()).hasSize(4).first().asString().startsWith("start,devices,randomMacs");
  }

  @Test
  void fitsTheCalibrationFromAHeadcountAndTellsTheEngine(Vertx vertx) throws Exception {
    // GIVEN 20 estimated devices per minute in a zone for ten minutes, and an engine listening for calibrations
    store.upsert(minutes("store-lumen", 60, 10, 20)).await();
    CompletableFuture<JsonObject> told = new CompletableFuture<>();
    vertx.eventBus().<JsonObject>localConsumer(Addresses.CALIBRATION, m -> told.complete(m.body()));
    JsonObject before = new JsonObject(request(HttpMethod.GET, "/api/sites/demo-mall/calibration", null, null));

    // WHEN a manual count of 30 people for that period is posted
    JsonObject count = new JsonObject().put("zone", "store-lumen").put("from", T0.plusSeconds(3600).toString())
        .put("to", T0.plusSeconds(3600 + 600).toString()).put("people", 30);
    JsonObject fitted = new JsonObject(request(HttpMethod.POST, "/api/sites/demo-mall/calibration", count.encode(),
        null));

    // THEN the factor is 1.5 people per device
    assertThat(before.getBoolean("calibrated")).isFalse();
    assertThat(before.getJsonArray("factors").getDouble(0)).isEqualTo(1.0);
    assertThat(fitted.getBoolean("calibrated")).isTrue();
    assertThat(fitted.getJsonObject("siteWide").getDouble("factor")).isCloseTo(1.5, within(1e-6));
    assertThat(fitted.getJsonObject("siteWide").getInteger("points")).isEqualTo(1);
    assertThat(fitted.getString("fittedAt")).isNotNull();
    JsonObject engineMessage = told.get(5, TimeUnit.SECONDS);
    assertThat(engineMessage.getString("site")).isEqualTo("demo-mall");
    assertThat(engineMessage.getJsonArray("factors").getDouble(11)).isCloseTo(1.5, within(1e-6));
    assertThat(engineMessage.getJsonArray("backgroundDevices").getDouble(11)).isZero();
    assertThat(engineMessage.getJsonArray("exponents").getDouble(11)).isEqualTo(1.0);
    JsonObject series = new JsonObject(request(HttpMethod.GET, "/api/sites/demo-mall/estimates?zone=store-lumen&from="
        + T0.plusSeconds(3600) + "&to=" + T0.plusSeconds(3660), null, null));
    assertThat(series.getJsonArray("rows").getJsonObject(0).getDouble("estimatedPeople")).isEqualTo(30.0);
  }

  @Test
  void aWebServerPublishesTheStoredCalibrationWhenAnEngineStartsRunningTheSite(Vertx vertx) throws Exception {
    // GIVEN a mall calibrated through another node's web server (2 people per device), after this one started
    Site other = new Site("other-mall", DEMO.name(), DEMO.timezone(), DEMO.floors(), DEMO.zones(), DEMO.sensors());
    EstimateRoutes thisNode = new EstimateRoutes(List.of(other), store);
    thisNode.followRunningSites(vertx).await();
    store.addCountAndRefit("other-mall", ZONE, T0, T0.plusSeconds(600), 20, 10, 0, PeopleModel.LINEAR,
        T0.plusSeconds(3600)).await();
    CompletableFuture<JsonObject> told = new CompletableFuture<>();
    MessageConsumer<JsonObject> engine = vertx.eventBus().<JsonObject>localConsumer(Addresses.CALIBRATION, m -> {
      if ("other-mall".equals(m.body().getString("site"))) {
        told.complete(m.body());
      }
    });
    engine.completion().await();

    // WHEN an engine on this node starts running the mall (a takeover)
    vertx.eventBus().publish(Addresses.SITES_RUNNING, new JsonObject().put("sites", new JsonArray().add("other-mall")));

    // THEN this node publishes the stored factors for it
    JsonObject message = told.get(10, TimeUnit.SECONDS);
    engine.unregister().await();
    assertThat(message.getJsonArray("factors")).hasSize(24);
    assertThat(message.getJsonArray("factors").getDouble(0)).isCloseTo(2.0, within(1e-6));
  }

  @Test
  void rejectsACountOfAPeriodWithoutEstimatesOrOfAnUnknownZone() throws Exception {
    JsonObject noData = new JsonObject().put("zone", "store-casa").put("from", "2020-01-01T10:00:00Z")
        .put("to", "2020-01-01T11:00:00Z").put("people", 3);
    JsonObject unknownZone = noData.copy().put("zone", "nowhere");

    assertThat(status(HttpMethod.POST, "/api/sites/demo-mall/calibration", noData.encode())).isEqualTo(400);
    assertThat(status(HttpMethod.POST, "/api/sites/demo-mall/calibration", unknownZone.encode())).isEqualTo(404);
    assertThat(status(HttpMethod.POST, "/api/sites/demo-mall/calibration", "[1]")).isEqualTo(400);
    assertThat(status(HttpMethod.GET, "/api/sites/demo-mall/estimates?resolution=week", null)).isEqualTo(400);
  }

  @Test
  void aStoreManagerGetsTheEstimatesOfTheirOwnStoreOnly() throws Exception {
    store.upsert(minutes(WebFixture.MANAGER_STORE, 300, 3, 12)).await();
    String range = "&from=" + T0.plusSeconds(18_000) + "&to=" + T0.plusSeconds(18_180);

    Reply own = send("manager", HttpMethod.GET, "/api/sites/demo-mall/estimates?zone=" + WebFixture.MANAGER_STORE + range, null);
    Reply ownCsv = send("manager", HttpMethod.GET, "/api/sites/demo-mall/estimates?format=csv&zone="
        + WebFixture.MANAGER_STORE + range, null);
    Reply other = send("manager", HttpMethod.GET, "/api/sites/demo-mall/estimates?zone=" + ZONE + range, null);
    Reply site = send("manager", HttpMethod.GET, "/api/sites/demo-mall/estimates?zone=*" + range, null);

    assertThat(own.status()).isEqualTo(200);
    assertThat(own.json().getJsonArray("rows")).hasSize(3);
    assertThat(ownCsv.status()).isEqualTo(200);
    assertThat(List.of(other.status(), site.status())).containsExactly(403, 403);
  }

  @Test
  void refusesAbsurdOrNonFiniteHeadcountsWithA400NamingTheBound() throws Exception {
    store.upsert(minutes("store-casa", 120, 10, 20)).await();
    JsonObject count = new JsonObject().put("zone", "store-casa").put("from", T0.plusSeconds(7200).toString())
        .put("to", T0.plusSeconds(7800).toString());

    Reply huge = send("admin", HttpMethod.POST, "/api/sites/demo-mall/calibration", count.copy().put("people", 1e308).encode());
    Reply overflowing = send("admin", HttpMethod.POST, "/api/sites/demo-mall/calibration",
        count.encode().replace("}", ",\"people\":1e999}"));
    Reply negative = send("admin", HttpMethod.POST, "/api/sites/demo-mall/calibration", count.copy().put("people", -1).encode());
    Reply text = send("admin", HttpMethod.POST, "/api/sites/demo-mall/calibration", count.copy().put("people", "12").encode());
    Reply twoDays = send("admin", HttpMethod.POST, "/api/sites/demo-mall/calibration", count.copy().put("people", 30)
        .put("from", T0.minusSeconds(2 * 86_400).toString()).encode());

    assertThat(List.of(huge, overflowing, negative, text)).allSatisfy(reply -> {
      assertThat(reply.status()).isEqualTo(400);
      assertThat(reply.body()).contains("'people' must be a number from 0 to 100000");
    });
    assertThat(twoDays.status()).isEqualTo(400);
    assertThat(twoDays.body()).contains("at most 24 hours");
    assertThat(store.counts("demo-mall").await()).noneMatch(c -> c.zone().equals("store-casa"));
  }

  @Test
  void aCountStoredNonFiniteBeforeTheBoundsNeverMakesAFitNonFiniteAndAnAdminCanDeleteIt() throws Exception {
    // GIVEN a mall whose calibration was poisoned before the API bounded counts (1e308 became Infinity as a real)
    String mall = "poisoned-mall";
    store.addCountAndRefit(mall, "store-casa", T0, T0.plusSeconds(600), 1e308, 20, 10, PeopleModel.LINEAR, T0)
        .await();
    EstimateStore.Count poison = store.counts(mall).await().get(0);

    // WHEN a good count is added, then the poisoned one deleted
    EstimateStore.SiteFits withPoison = store.addCountAndRefit(mall, "store-casa", T0, T0.plusSeconds(600), 30, 20,
        10, PeopleModel.LINEAR, T0).await();
    Optional<EstimateStore.SiteFits> cleaned = store.deleteCountAndRefit(mall, poison.id(), PeopleModel.LINEAR, T0)
        .await();

    // THEN every fit stays finite throughout, and the stored fits read back finite too
    assertThat(poison.people()).isInfinite();
    assertThat(withPoison.fits()).isNotEmpty().allSatisfy(f -> assertThat(f.factor()).isFinite().isCloseTo(1.5, within(1e-6)));
    assertThat(cleaned).isPresent();
    assertThat(cleaned.get().fits()).allSatisfy(f -> assertThat(f.factor()).isFinite());
    assertThat(store.fits().await().get(mall).fits()).allSatisfy(f -> assertThat(f.factor()).isFinite());
  }

  @Test
  void anAdminListsReplacesAndDeletesHeadcountsAndEveryChangeIsAudited() throws Exception {
    ch.qos.logback.classic.Logger audit = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Audit.LOGGER);
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    audit.addAppender(captured);
    try {
      // GIVEN a headcount of 60 people where 20 devices were estimated, posted by the control room
      store.upsert(minutes("store-bloom", 240, 10, 20)).await();
      JsonObject count = new JsonObject().put("zone", "store-bloom").put("from", T0.plusSeconds(14_400).toString())
          .put("to", T0.plusSeconds(15_000).toString()).put("people", 60);
      assertThat(send("control", HttpMethod.POST, "/api/sites/demo-mall/calibration", count.encode()).status())
          .isEqualTo(201);
      long id = send("admin", HttpMethod.GET, "/api/sites/demo-mall/calibration/counts", null).json()
          .getJsonArray("counts").stream().map(JsonObject.class::cast)
          .filter(c -> c.getString("zone").equals("store-bloom")).findFirst().orElseThrow().getLong("id");

      // WHEN the control room tries to change it, and an admin replaces it with 40 people, then deletes it
      Reply controlList = send("control", HttpMethod.GET, "/api/sites/demo-mall/calibration/counts", null);
      Reply controlDelete = send("control", HttpMethod.DELETE, "/api/sites/demo-mall/calibration/counts/" + id, null);
      Reply managerList = send("manager", HttpMethod.GET, "/api/sites/demo-mall/calibration/counts", null);
      Reply absurdReplace = send("admin", HttpMethod.PUT, "/api/sites/demo-mall/calibration/counts/" + id,
          count.copy().put("people", 1e308).encode());
      Reply replaced = send("admin", HttpMethod.PUT, "/api/sites/demo-mall/calibration/counts/" + id,
          count.copy().put("people", 40).encode());
      JsonArray afterReplace = send("admin", HttpMethod.GET, "/api/sites/demo-mall/calibration/counts", null).json()
          .getJsonArray("counts");
      Reply deleted = send("admin", HttpMethod.DELETE, "/api/sites/demo-mall/calibration/counts/" + id, null);
      Reply deletedAgain = send("admin", HttpMethod.DELETE, "/api/sites/demo-mall/calibration/counts/" + id, null);
      Reply notAnId = send("admin", HttpMethod.DELETE, "/api/sites/demo-mall/calibration/counts/x1", null);

      // THEN only the admin may, the replacement refits, the deletion removes it, and the audit names who did what
      assertThat(List.of(controlList.status(), controlDelete.status(), managerList.status())).containsExactly(403, 403, 403);
      assertThat(absurdReplace.status()).isEqualTo(400);
      assertThat(replaced.status()).isEqualTo(200);
      assertThat(afterReplace.stream().map(JsonObject.class::cast).filter(c -> c.getLong("id") == id)
          .findFirst().orElseThrow().getDouble("people")).isEqualTo(40.0);
      assertThat(deleted.status()).isEqualTo(200);
      assertThat(store.counts("demo-mall").await()).noneMatch(c -> c.id() == id);
      assertThat(deletedAgain.status()).isEqualTo(404);
      assertThat(notAnId.status()).isEqualTo(400);
      assertThat(captured.list).extracting(ILoggingEvent::getFormattedMessage).contains(
          "calibration count added [user: control, site: demo-mall, count: store-bloom " + T0.plusSeconds(14_400)
              + ".." + T0.plusSeconds(15_000) + " 60.0 people]",
          "calibration count replaced [user: admin, site: demo-mall, count: " + id + "]",
          "calibration count deleted [user: admin, site: demo-mall, count: " + id + "]");
    } finally {
      audit.detachAppender(captured);
    }
  }

  private record Reply(int status, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  private static Reply send(String user, HttpMethod method, String uri, String body) throws TimeoutException {
    return OnContext.run(vertx, () -> http.request(method, port, "127.0.0.1", uri)
        .compose(req -> {
          req.putHeader("Authorization", WebFixture.basic(user));
          return body == null ? req.send() : req.send(Buffer.buffer(body));
        })
        .compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), b.toString()))))
        .await(30, TimeUnit.SECONDS);
  }

  /** Minute snapshots from {@code offsetMinutes} after T0: 50 raw devices, 40 random MACs, {@code estimated}. */
  private static List<DeviceEstimate> minutes(String zone, int offsetMinutes, int count, int estimated) {
    List<DeviceEstimate> rows = new ArrayList<>();
    for (int m = 0; m < count; m++) {
      rows.add(new DeviceEstimate("demo-mall", zone, T0.plusSeconds(60L * (offsetMinutes + m)).toEpochMilli(),
          DeviceEstimate.MINUTE, 50, 40, estimated, estimated - 2, estimated + 5));
    }
    return rows;
  }

  private static String request(HttpMethod method, String uri, String body, String accept) throws TimeoutException {
    return OnContext.run(vertx, () -> http.request(method, port, "127.0.0.1", uri)
        .compose(req -> {
          req.putHeader("Authorization", WebFixture.basic("admin"));
          if (accept != null) {
            req.putHeader("Accept", accept);
          }
          return body == null ? req.send() : req.send(Buffer.buffer(body));
        })
        .compose(resp -> resp.statusCode() / 100 == 2 ? resp.body()
            : resp.body().compose(b -> Future.failedFuture(resp.statusCode() + " " + b))))
        .await(30, TimeUnit.SECONDS).toString();
  }

  private static int status(HttpMethod method, String uri, String body) throws TimeoutException {
    return OnContext.run(vertx, () -> http.request(method, port, "127.0.0.1", uri)
        .compose(req -> {
          req.putHeader("Authorization", WebFixture.basic("admin"));
          return body == null ? req.send() : req.send(Buffer.buffer(body));
        })
        // the body is read so that the connection goes back to the pool
        .compose(resp -> resp.body().map(read -> resp.statusCode())))
        .await(30, TimeUnit.SECONDS);
  }
}
