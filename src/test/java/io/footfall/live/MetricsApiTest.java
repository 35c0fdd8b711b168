package io.footfall.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.footfall.analytics.FlowHour;
import io.footfall.analytics.PathHour;
import io.footfall.analytics.StoreMinute;
import io.footfall.analytics.VisitMetrics;
import io.footfall.bus.Addresses;
import io.footfall.bus.Codecs;
import io.footfall.bus.NodeHealth;
import io.footfall.live.WebFixture.Reply;
import io.footfall.store.Database;
import io.footfall.store.DatabaseConfig;
import io.footfall.store.EmbeddedDatabase;
import io.footfall.store.MetricsQueries;
import io.footfall.store.MetricsWriterVerticle;
import io.footfall.store.Migrations;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The visitor and flow API on a real web server, reading what the metrics writer stored in a real embedded
 * PostgreSQL, with the privacy floor at k = 5.
 */
@ExtendWith(VertxExtension.class)
class MetricsApiTest {

  private static final String SITE = WebFixture.SITE;
  private static final long T0 = Instant.parse("2026-11-28T10:00:00Z").toEpochMilli();
  private static final long MIN = 60_000;
  private static final String RANGE = "?from=2026-11-28T10:00:00Z&to=2026-11-28T13:00:00Z";

  @TempDir
  static Path dataDir;
  static EmbeddedDatabase postgres;
  static Pool pool;
  static WebFixture web;

  @BeforeAll
  static void start(Vertx vertx) throws InterruptedException {
    Codecs.register(vertx);
    postgres = new EmbeddedDatabase(dataDir);
    postgres.start(vertx).await();
    DatabaseConfig config = new DatabaseConfig("", 20, 1000, 2);
    pool = Database.pool(vertx, config, postgres.connectOptions());
    Migrations.apply(pool).await();
    MetricsWriterVerticle writer = new MetricsWriterVerticle(config, pool, new NodeHealth(), dataDir.resolve("spool"));
    vertx.deployVerticle(writer).await();
    vertx.eventBus().send(Addresses.STORE_METRICS, new VisitMetrics(SITE,
        List.of(
            new StoreMinute(SITE, "store-lumen", T0, 6, 14, 0, 3, new int[] {1, 5, 0, 0, 0},
                new int[] {3, 1, 10, 5}, 53 * MIN),
            store("store-lumen", T0 + 90 * MIN, 2, 2, new int[] {0, 2, 0, 0, 0}, new int[] {8, 2}, 16 * MIN),
            store("store-bloom", T0, 2, 8, new int[] {0, 2, 0, 0, 0}, new int[] {7, 2}, 14 * MIN),
            store(StoreMinute.SITE, T0, 9, 3, new int[] {0, 0, 9, 0, 0}, new int[] {45, 9}, 405 * MIN)),
        List.of(new FlowHour(SITE, T0, "outside", "entrance-west", 40),
            new FlowHour(SITE, T0, "entrance-west", "corridor-g-west", 3)),
        List.of(new PathHour(SITE, T0, "store-lumen", 6), new PathHour(SITE, T0, "store-bloom>store-lumen", 2))));
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (writer.stats().rowsWritten() < 8 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(writer.stats().rowsWritten()).as("rows written before the API is asked").isEqualTo(8);
    web = WebFixture.start(vertx, (s, z, f, t) -> null, new MetricsQueries(pool), 5).await();
  }

  @AfterAll
  static void stop() {
    pool.close().await();
    postgres.stop();
  }

  @Test
  void storeMetricsSumTheRangeWithAnHourlySeries() {
    JsonObject lumen = web.get("/api/sites/demo-mall/stores/store-lumen/metrics" + RANGE).await().json();

    assertThat(lumen.getLong("visitors")).as("fixed and randomized addresses").isEqualTo(11);
    assertThat(lumen.getLong("fixedAddressVisitors")).isEqualTo(8);
    assertThat(lumen.getLong("random")).isEqualTo(3);
    assertThat(lumen.getLong("passersBy")).isEqualTo(16);
    assertThat(lumen.getDouble("captureRate")).as("among fixed addresses, whose passes are seen")
        .isCloseTo(8.0 / 24, within(1e-9));
    assertThat(lumen.getJsonArray("series").getJsonObject(0).getLong("visitors")).isEqualTo(9);
    JsonObject dwell = lumen.getJsonObject("dwell");
    assertThat(dwell.getLong("visits")).isEqualTo(8);
    assertThat(dwell.getDouble("medianMin")).isEqualTo(10.2);
    assertThat(dwell.getDouble("meanMin")).isEqualTo(8.63);
    assertThat(dwell.getJsonObject("buckets").getJsonObject("5to20m"))
        .as("hidden with the 1 visit under 5 minutes, which would be 8 - 7 otherwise")
        .isEqualTo(new JsonObject().put("visits", null).put("suppressed", true));
    assertThat(lumen.getJsonArray("series")).extracting(p -> ((JsonObject) p).getString("period"))
        .containsExactly("2026-11-28T10:00:00Z", "2026-11-28T11:00:00Z");
  }

  @Test
  void dwellCellsOfFewerThanKVisitsAreSuppressed() {
    JsonObject lumen = web.get("/api/sites/demo-mall/stores/store-lumen/metrics" + RANGE).await().json();
    JsonObject bloom = web.get("/api/sites/demo-mall/stores/store-bloom/metrics" + RANGE).await().json();

    assertThat(lumen.getJsonObject("dwell").getJsonObject("buckets").getJsonObject("under5m"))
        .isEqualTo(new JsonObject().put("visits", null).put("suppressed", true));
    assertThat(lumen.getJsonObject("dwell").getJsonObject("buckets").getJsonObject("over6h"))
        .as("zero reveals nobody").isEqualTo(new JsonObject().put("visits", 0).put("suppressed", false));
    assertThat(bloom.getJsonObject("dwell").getBoolean("suppressed")).isTrue();
    assertThat(bloom.getJsonObject("dwell").getValue("medianMin")).isNull();
    assertThat(bloom.getJsonObject("dwell").getValue("meanMin")).isNull();
    assertThat(bloom.getLong("visitors")).as("visitor counts are not cells").isEqualTo(2);
  }

  @Test
  void minuteStepGivesOneEntryPerStoredMinute() {
    JsonArray series = web.get("/api/sites/demo-mall/stores/store-lumen/metrics" + RANGE + "&step=minute").await()
        .json().getJsonArray("series");

    assertThat(series).extracting(p -> ((JsonObject) p).getString("period"))
        .containsExactly("2026-11-28T10:00:00Z", "2026-11-28T11:30:00Z");
  }

  @Test
  void storesAreRankedByVisitorsWithTheSiteTotal() {
    JsonObject all = web.get("/api/sites/demo-mall/stores" + RANGE).await().json();

    JsonArray stores = all.getJsonArray("stores");
    assertThat(stores).hasSize(14);
    assertThat(stores.getJsonObject(0).getString("zone")).isEqualTo("store-lumen");
    assertThat(stores.getJsonObject(0).getString("name")).isEqualTo("Lumen Electronics");
    assertThat(stores.getJsonObject(1).getString("zone")).isEqualTo("store-bloom");
    assertThat(stores.getJsonObject(2).getValue("captureRate")).isNull();
    assertThat(all.getJsonObject("total").getLong("visitors")).isEqualTo(9);
    assertThat(all.getJsonObject("total").getJsonObject("dwell").getDouble("medianMin")).isEqualTo(45.5);
  }

  @Test
  void flowCellsAndPathsOfFewerThanKAreSuppressed() {
    JsonObject flows = web.get("/api/sites/demo-mall/flows" + RANGE).await().json();

    assertThat(flows.getJsonArray("cells")).containsExactly(
        new JsonObject().put("from", "outside").put("to", "entrance-west").put("transitions", 40)
            .put("suppressed", false),
        new JsonObject().put("from", "entrance-west").put("to", "corridor-g-west").put("transitions", null)
            .put("suppressed", true));
    // the 2 trips of the rare path would follow from the 6 shown and the range's trips: its complement is hidden too
    assertThat(flows.getJsonArray("paths")).containsExactly(
        new JsonObject().put("path", "store-lumen").put("trips", null).put("suppressed", true),
        new JsonObject().put("path", null).put("trips", null).put("suppressed", true));
  }

  @Test
  void answersInCsvWhenAskedWithSuppressedCellsLeftEmpty() {
    Map<String, String> csv = Map.of("Accept", "text/csv");

    Reply series = web.get("/api/sites/demo-mall/stores/store-lumen/metrics" + RANGE, csv).await();
    Reply flows = web.get("/api/sites/demo-mall/flows" + RANGE, csv).await();
    Reply stores = web.get("/api/sites/demo-mall/stores" + RANGE, csv).await();

    assertThat(series.headers().get("Content-Type")).startsWith("text/csv");
    assertThat(series.headers().get("Content-Disposition"))
        .isEqualTo("attachment; filename=\"store-lumen-visitors-2026-11-28.csv\"");
    assertThat(series.body().toString()).as("local time of the site (Europe/London), the zone named")
        .isEqualTo("zone,period,timezone,visitors,fixedAddressVisitors,random,passersBy,captureRate,excluded\n"
            + "store-lumen,2026-11-28 10:00,Europe/London,9,6,3,14,0.300,0\n"
            + "store-lumen,2026-11-28 11:00,Europe/London,2,2,0,2,0.500,0\n");
    assertThat(flows.body().toString())
        .isEqualTo("from,to,transitions\noutside,entrance-west,40\nentrance-west,corridor-g-west,\n");
    assertThat(stores.body().toString().lines().toList()).element(1)
        .isEqualTo("store-lumen,11,8,3,16,0.333,0,10.2,8.63,,,0,0,0");
  }

  @Test
  void rangeDefaultsToTodayInTheSiteTimezone() {
    ZoneId london = ZoneId.of("Europe/London");
    String before = LocalDate.now(london).atStartOfDay(london).toInstant().toString();

    JsonObject flows = web.get("/api/sites/demo-mall/flows").await().json();

    String after = LocalDate.now(london).atStartOfDay(london).toInstant().toString();
    assertThat(flows.getString("from")).isIn(before, after);
    assertThat(flows.getJsonArray("cells")).isEmpty();
  }

  @Test
  void rejectsUnknownStoresAndBadSteps() {
    assertThat(web.get("/api/sites/demo-mall/stores/corridor-g-west/metrics").await().status()).isEqualTo(404);
    assertThat(web.get("/api/sites/demo-mall/stores/store-lumen/metrics?step=week").await().status())
        .isEqualTo(400);
    assertThat(web.get("/api/sites/nowhere/flows").await().status()).isEqualTo(404);
  }

  @Test
  void liveSnapshotsCarryTodaysStoreFigures(Vertx vertx) {
    JsonObject stores = new JsonObject()
        .put("store-lumen", new JsonObject().put("visitors", 3).put("passersBy", 9).put("captureRate", 0.25));
    vertx.eventBus().publish(Addresses.liveSite(SITE), new JsonObject().put("type", "occupancy").put("site", SITE)
        .put("watermark", T0).put("zones", new JsonObject().put("store-lumen", 3))
        .put("totals", new JsonObject().put("devices", 3)).put("counters", new JsonObject()).put("stores", stores));
    web.awaitStat("messages", n -> n >= 1).await();

    JsonObject snapshot = web.connect("/live?site=demo-mall").compose(WebFixture.LiveClient::next).await();

    assertThat(snapshot.getJsonObject("stores")).isEqualTo(stores);
  }

  private static StoreMinute store(String zone, long minute, int visitors, int passersBy, int[] buckets, int[] fine,
                                   long dwellMs) {
    return new StoreMinute(SITE, zone, minute, visitors, passersBy, 0, 0, buckets, fine, dwellMs);
  }
}
