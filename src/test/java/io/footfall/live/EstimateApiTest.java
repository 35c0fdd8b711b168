package io.footfall.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.footfall.analytics.DeviceEstimate;
import io.footfall.app.Addresses;
import io.footfall.app.NodeHealth;
import io.footfall.app.OnContext;
import io.footfall.auth.WebAuth;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

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
