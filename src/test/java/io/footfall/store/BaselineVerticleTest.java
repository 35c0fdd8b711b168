package io.footfall.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.alerts.AlertsConfig;
import io.footfall.alerts.OccupancyBaseline;
import io.footfall.bus.Addresses;
import io.footfall.site.Floor;
import io.footfall.site.Point;
import io.footfall.site.SensorSpec;
import io.footfall.site.Site;
import io.footfall.site.Zone;
import io.footfall.site.ZoneKind;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The usual occupancy per zone, weekday and local hour, computed by PostgreSQL from seeded {@code zone_minute} rows.
 *
 * <p>The site is in New York, so Fridays 10:00-10:59 UTC in November (after the change to EST) are Friday 05:00
 * local. Now is Friday 2026-11-27 12:34 UTC: the window is the four weeks before 12:00 UTC.
 */
@ExtendWith(VertxExtension.class)
class BaselineVerticleTest {

  private static final Instant NOW = Instant.parse("2026-11-27T12:34:00Z");
  private static final Site SITE = site();

  @TempDir
  static Path dataDir;
  static MigratedDatabase database;
  static Pool pool;

  @BeforeAll
  static void seedPostgres(Vertx vertx) {
    database = MigratedDatabase.start(vertx, dataDir);
    pool = database.pool();
    // three past Fridays at 05:00 local: every minute 10 devices, every minute 12, and 8 for half an hour then
    // nobody (no rows: the rollups skip empty zones)
    seed("nyc", "shop", "2026-11-20T10:00:00Z", 60, 10);
    seed("nyc", "shop", "2026-11-13T10:00:00Z", 60, 12);
    seed("nyc", "shop", "2026-11-06T10:00:00Z", 30, 8);
    // outside the window: five weeks ago, and the current hour; and another site
    seed("nyc", "shop", "2026-10-30T10:00:00Z", 60, 500);
    seed("nyc", "shop", "2026-11-27T12:00:00Z", 30, 500);
    seed("elsewhere", "shop", "2026-11-20T10:00:00Z", 60, 500);
    // one lone minute on a Saturday night
    seed("nyc", "shop", "2026-11-21T07:00:00Z", 1, 3);
  }

  @AfterAll
  static void stopPostgres() {
    database.close();
  }

  @Test
  void usualLevelIsTheMedianAndMadOfThePastWeeksMinutesCountingMissingMinutesAsEmpty() {
    BaselineVerticle refresher = new BaselineVerticle(List.of(SITE), pool, AlertsConfig.defaults(), NOW::toEpochMilli);
    Instant to = Instant.parse("2026-11-27T12:00:00Z");

    JsonObject json = refresher.refresh(SITE, to.minusSeconds(28 * 86_400), to).await();
    OccupancyBaseline baseline = OccupancyBaseline.fromJson(SITE, json);

    // 30 × 0, 30 × 8, 60 × 10, 60 × 12: median 10; deviations 60 × 0, 90 × 2, 30 × 10: MAD 2
    assertThat(baseline.slot(0, DayOfWeek.FRIDAY, 5)).isEqualTo(new OccupancyBaseline.Slot(10, 2, 3));
    assertThat(baseline.slot(1, DayOfWeek.FRIDAY, 5)).as("the hall had nobody in the observed hours")
        .isEqualTo(new OccupancyBaseline.Slot(0, 0, 3));
    assertThat(baseline.slot(0, DayOfWeek.SATURDAY, 2)).isEqualTo(new OccupancyBaseline.Slot(0, 0, 1));
    assertThat(baseline.slot(0, DayOfWeek.FRIDAY, 7)).as("the current hour is not part of its own usual level")
        .isNull();
    assertThat(baseline.size()).as("two observed hours, two zones").isEqualTo(4);
    assertThat(json.getLong("from")).isEqualTo(Instant.parse("2026-10-30T12:00:00Z").toEpochMilli());
  }

  @Test
  void publishesEachSitesBaselineOnTheEngineAddressWhenDeployed(Vertx vertx) {
    Promise<JsonObject> published = Promise.promise();
    vertx.eventBus().<JsonObject>localConsumer(Addresses.ENGINE_BASELINE, m -> published.tryComplete(m.body()))
        .completion().await();

    String deployment = vertx.deployVerticle(
        new BaselineVerticle(List.of(SITE), pool, AlertsConfig.defaults(), NOW::toEpochMilli)).await();
    JsonObject baseline = published.future().await();
    vertx.undeploy(deployment).await();

    assertThat(baseline.getString("site")).isEqualTo("nyc");
    assertThat(baseline.getLong("to")).isEqualTo(Instant.parse("2026-11-27T12:00:00Z").toEpochMilli());
    Optional<JsonObject> shopFriday = baseline.getJsonArray("slots").stream().map(JsonObject.class::cast)
        .filter(s -> s.getString("zone").equals("shop") && s.getInteger("dow") == 5 && s.getInteger("hour") == 5)
        .findFirst();
    assertThat(shopFriday).hasValueSatisfying(s -> {
      assertThat(s.getDouble("median")).isEqualTo(10.0);
      assertThat(s.getDouble("mad")).isEqualTo(2.0);
      assertThat(s.getInteger("weeks")).isEqualTo(3);
    });
  }

  @Test
  void publishesTheLatestBaselineAgainForAnEngineThatStartsLater(Vertx vertx) {
    Promise<JsonObject> first = Promise.promise();
    Promise<JsonObject> again = Promise.promise();
    vertx.eventBus().<JsonObject>localConsumer(Addresses.ENGINE_BASELINE, m -> {
      if (!first.tryComplete(m.body())) {
        again.tryComplete(m.body());
      }
    }).completion().await();
    String deployment = vertx.deployVerticle(
        new BaselineVerticle(List.of(SITE), pool, AlertsConfig.defaults(), NOW::toEpochMilli)).await();
    first.future().await();

    // WHEN an engine of this site and one of an unknown site start
    vertx.eventBus().publish(Addresses.SITES_RUNNING,
        new JsonObject().put("sites", new JsonArray().add("unknown").add("nyc")));

    // THEN the site's baseline comes again, unchanged, without a new query
    assertThat(again.future().await()).isEqualTo(first.future().result());
    vertx.undeploy(deployment).await();
  }

  @Test
  void aClusterNodeComputesOnlyTheBaselinesOfTheSitesItRuns(Vertx vertx) throws InterruptedException {
    Site elsewhere = new Site("elsewhere", "Elsewhere", SITE.timezone(), SITE.floors(), SITE.zones(), SITE.sensors());
    Set<String> runsHere = ConcurrentHashMap.newKeySet();
    runsHere.add("nyc");
    BlockingQueue<String> published = new LinkedBlockingQueue<>();
    vertx.eventBus().<JsonObject>localConsumer(Addresses.ENGINE_BASELINE, m -> published.add(m.body().getString("site")))
        .completion().await();
    BaselineVerticle refresher = new BaselineVerticle(List.of(SITE, elsewhere), pool, AlertsConfig.defaults(),
        runsHere::contains, NOW::toEpochMilli);
    String deployment = vertx.deployVerticle(refresher).await();

    // GIVEN a node that runs nyc only: THEN only nyc's baseline is computed
    refresher.refreshAll().await();
    assertThat(publishedSoFar(vertx, published)).isNotEmpty().containsOnly("nyc");

    // WHEN it takes the other site over and that site's engine starts here, THEN that baseline is computed at once
    runsHere.add("elsewhere");
    vertx.eventBus().publish(Addresses.SITES_RUNNING,
        new JsonObject().put("sites", new JsonArray().add("elsewhere")));
    assertThat(published.poll(20, TimeUnit.SECONDS)).isEqualTo("elsewhere");

    // WHEN nyc moves to another node, THEN the next round leaves it to that node
    runsHere.remove("nyc");
    refresher.refreshAll().await();
    assertThat(publishedSoFar(vertx, published)).containsExactly("elsewhere");
    vertx.undeploy(deployment).await();
  }

  /** The sites published until now: a marker published after them arrives after them. */
  private static List<String> publishedSoFar(Vertx vertx, BlockingQueue<String> published)
      throws InterruptedException {
    vertx.eventBus().publish(Addresses.ENGINE_BASELINE, new JsonObject().put("site", "marker"));
    List<String> sites = new ArrayList<>();
    for (String site = published.poll(20, TimeUnit.SECONDS); !"marker".equals(site);
         site = published.poll(20, TimeUnit.SECONDS)) {
      assertThat(site).as("a baseline or the marker within 20 s").isNotNull();
      sites.add(site);
    }
    return sites;
  }

  private static Site site() {
    List<Point> square = List.of(new Point(0, 0), new Point(1, 0), new Point(1, 1));
    return new Site("nyc", "NYC", "America/New_York", List.of(new Floor("G", "G", 0, 10, 10)),
        List.of(new Zone(0, "shop", "Shop", ZoneKind.STORE, "G", 50, square, null),
            new Zone(1, "hall", "Hall", ZoneKind.CORRIDOR, "G", 50, square, null)),
        List.of(new SensorSpec(0, "s0", "G", 0, 0, "shop", null)));
  }

  /** {@code minutes} rows of {@code devices} from {@code start}, one a minute. */
  private static void seed(String site, String zone, String start, int minutes, double devices) {
    pool.preparedQuery("""
            INSERT INTO zone_minute (site_id, zone_id, minute, devices_avg, devices_max, entries, exits, uniques)
            SELECT $1, $2, m, $3, 0, 0, 0, 0
            FROM generate_series($4::timestamptz, $4::timestamptz + ($5 - 1) * interval '1 minute',
                                 interval '1 minute') AS m""")
        .execute(Tuple.of(site, zone, devices, OffsetDateTime.ofInstant(Instant.parse(start), ZoneOffset.UTC),
            minutes))
        .await();
  }
}
