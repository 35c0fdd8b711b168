package io.footfall.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.alerts.AlertChange;
import io.footfall.analytics.RepeatVisit;
import io.footfall.analytics.RepeatVisits;
import io.footfall.analytics.StoreMinute;
import io.footfall.analytics.ZoneMinute;
import io.footfall.analytics.ZoneMinutes;
import io.footfall.bus.Addresses;
import io.footfall.bus.Codecs;
import io.footfall.bus.NodeHealth;
import io.footfall.site.FixedDeviceSpec;
import io.footfall.site.Site;
import io.footfall.site.SiteLoader;
import io.footfall.wire.SightingBatch;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class EngineVerticleTest {

  /** Sensors number their batches; the engine takes each number once. */
  private static final AtomicLong SEQ = new AtomicLong();

  private static final long T0 = 1_732_838_400_000L;
  /** The demo mall, fixed devices found after 3 h (docs/metrics.md). */
  private static final Site DEMO = withFixedDevicesFound(SiteLoader.loadResource("sites/demo-mall.yaml"));
  private static final int S01 = DEMO.sensor("s-01").orElseThrow().index();

  private final NodeHealth health = new NodeHealth();
  private String deployment;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    Codecs.register(vertx);
    EngineConfig config = new EngineConfig(5_000, 180_000, 60_000, 60_000, 10_000, 1_000, -85, -75, 15, 4,
        5_000, 100);
    vertx.deployVerticle(new EngineVerticle(List.of(DEMO), config, health))
        .onComplete(ctx.succeeding(id -> {
          deployment = id;
          ctx.completeNow();
        }));
  }

  @Test
  void repliesOnceTheBatchIsTakenAndPublishesTheOccupancyOfEveryZone(Vertx vertx, VertxTestContext ctx) {
    vertx.eventBus().<JsonObject>consumer(Addresses.liveSite("demo-mall"), message -> ctx.verify(() -> {
      if (zonesOnly(message.body())) {
        return;
      }
      JsonObject live = message.body();
      assertThat(live.getString("type")).isEqualTo("occupancy");
      assertThat(live.getString("site")).isEqualTo("demo-mall");
      assertThat(live.getLong("watermark")).isEqualTo(T0 + 15_000);
      assertThat(live.getJsonObject("zones").size()).isEqualTo(25);
      assertThat(live.getJsonObject("zones").getInteger("entrance-west")).isEqualTo(2);
      assertThat(live.getJsonObject("totals").getInteger("devices")).isEqualTo(2);
      assertThat(live.getJsonObject("counters").getLong("accepted")).isEqualTo(3);
      ctx.completeNow();
    })).completion()
        .compose(v -> vertx.eventBus().request(Addresses.ENGINE_SIGHTINGS,
            batch("demo-mall", S01, new long[] {1, 2, 3}, new long[] {T0 + 1_000, T0 + 2_000, T0 + 20_000})))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> assertThat(reply.body()).isEqualTo(Addresses.EngineReply.TAKEN))));
  }

  @Test
  void sendsFinalRollupsOnceEventTimeIsPastTheMinuteEndAndTheAbsenceTimeout(Vertx vertx, VertxTestContext ctx) {
    vertx.eventBus().<ZoneMinutes>consumer(Addresses.STORE_ROLLUPS, message -> ctx.verify(() -> {
      ZoneMinutes rollups = message.body();
      assertThat(rollups.site()).isEqualTo("demo-mall");
      // heard once in the West Entrance at 30 s, it left an entrance's typical stay (10 s) later
      assertThat(rollups.rows()).containsExactly(
          new ZoneMinute("demo-mall", "entrance-west", T0, 10.0 / 60, 1, 1, 1, 1));
      ctx.completeNow();
    })).completion()
        .compose(v -> vertx.eventBus().request(Addresses.ENGINE_SIGHTINGS,
            batch("demo-mall", S01, new long[] {1}, new long[] {T0 + 30_000})))
        // a sighting too weak to place anyone moves event time to 245 s: minute 0 ends at 60 s, plus 180 s absence
        .compose(reply -> vertx.eventBus().request(Addresses.ENGINE_SIGHTINGS,
            batch("demo-mall", S01, new long[] {9}, new long[] {T0 + 250_000}, (short) -120)))
        .onFailure(ctx::failNow);
  }

  @Test
  void sendsProvisionalRowsOfOpenMinutesWhenUndeployed(Vertx vertx, VertxTestContext ctx) {
    vertx.eventBus().<ZoneMinutes>consumer(Addresses.STORE_ROLLUPS, message -> ctx.verify(() -> {
      assertThat(message.body().rows()).extracting(ZoneMinute::zone, ZoneMinute::entries)
          .containsExactly(Tuple.tuple("entrance-west", 1));
      ctx.completeNow();
    })).completion()
        .compose(v -> vertx.eventBus().request(Addresses.ENGINE_SIGHTINGS,
            batch("demo-mall", S01, new long[] {1, 2}, new long[] {T0 + 1_000, T0 + 20_000})))
        .compose(reply -> vertx.undeploy(deployment))
        .onComplete(ctx.succeeding(v -> ctx.verify(() ->
            assertThat(health.state("engine")).isEqualTo(NodeHealth.State.DOWN))));
  }

  @Test
  void answersAndDropsBatchesOfUnknownSites(Vertx vertx, VertxTestContext ctx) {
    // the engine reports its health before it publishes, so the live update of the next batch comes after it
    vertx.eventBus().<JsonObject>consumer(Addresses.liveSite("demo-mall"), message -> ctx.verify(() -> {
      if (zonesOnly(message.body())) {
        return;
      }
      assertThat(engineHealthDetail()).isEqualTo("1 site, 1 devices, 1 batches of unknown sites");
      ctx.completeNow();
    })).completion()
        .compose(v -> vertx.eventBus().request(Addresses.ENGINE_SIGHTINGS,
            batch("elsewhere", 0, new long[] {1}, new long[] {T0})))
        .compose(reply -> vertx.eventBus().request(Addresses.ENGINE_SIGHTINGS,
            batch("demo-mall", S01, new long[] {1, 2}, new long[] {T0, T0 + 20_000})))
        .onFailure(ctx::failNow);
  }

  @Test
  void publishesEstimatedDevicesAndCalibratedPeopleBesideTheRawCount(Vertx vertx, VertxTestContext ctx) {
    // GIVEN a calibration of 2 people per device, and a phone that rotates its MAC keeping fingerprint and sequence
    JsonArray factors = new JsonArray();
    for (int h = 0; h < 24; h++) {
      factors.add(2.0);
    }
    vertx.eventBus().publish(Addresses.CALIBRATION, new JsonObject().put("site", "demo-mall").put("factors", factors));
    SightingBatch rotation = new SightingBatch("demo-mall", "s-01", SEQ.incrementAndGet(), 3, new long[] {1, 2, 3},
        new long[] {T0 + 1_000, T0 + 40_000, T0 + 60_000}, new short[] {-60, -60, -120}, new short[] {100, 108, 0},
        new long[] {0xF1, 0xF1, 0xF2}, new byte[] {SightingBatch.FLAG_RANDOM, SightingBatch.FLAG_RANDOM, 0},
        new int[3], S01, System.currentTimeMillis());

    // THEN the live state follows the phone across its rotation: one device, one estimated device, and two
    // estimated people
    vertx.eventBus().<JsonObject>consumer(Addresses.liveSite("demo-mall"), message -> ctx.verify(() -> {
      if (zonesOnly(message.body())) {
        return;
      }
      JsonObject totals = message.body().getJsonObject("totals");
      if (totals.getInteger("devices") == 0) {
        return; // the state republished for the new calibration, before the sightings
      }
      assertThat(totals.getInteger("devices")).isEqualTo(1);
      assertThat(totals.getInteger("estimatedDevices")).isEqualTo(1);
      assertThat(totals.getDouble("estimatedPeople")).isEqualTo(2.0);
      assertThat(totals.getDouble("calibrationFactor")).isEqualTo(2.0);
      JsonObject zone = message.body().getJsonObject("estimates").getJsonObject("entrance-west");
      assertThat(zone.getInteger("randomMacs")).isEqualTo(1);
      assertThat(zone.getInteger("estimatedDevices")).isEqualTo(1);
      ctx.completeNow();
    })).completion()
        // WHEN its sightings arrive
        .compose(v -> vertx.eventBus().request(Addresses.ENGINE_SIGHTINGS, rotation))
        .onFailure(ctx::failNow);
  }

  @Test
  void aDeviceHeardForThreeHoursUnderItsVendorAddressIsCountedAsFixedNotAsSomeone(Vertx vertx, VertxTestContext ctx) {
    // GIVEN a till in the West Entrance probing every minute under its vendor address for 3 h, and a passer-by
    int minutes = 181;
    long[] dev = new long[minutes + 1];
    long[] ts = new long[minutes + 1];
    for (int m = 0; m < minutes; m++) {
      dev[m] = 7;
      ts[m] = T0 + m * 60_000L;
    }
    dev[minutes] = 8;
    ts[minutes] = T0 + (minutes - 1) * 60_000L + 500;

    // THEN the live state holds the passer-by only, and says the zone hears one fixed device
    vertx.eventBus().<JsonObject>consumer(Addresses.liveSite("demo-mall"), message -> ctx.verify(() -> {
      if (zonesOnly(message.body())) {
        return;
      }
      JsonObject totals = message.body().getJsonObject("totals");
      if (message.body().getLong("watermark") < T0 + minutes * 60_000L) {
        return; // the state of the first batch: the till's last minute not applied yet
      }
      assertThat(totals.getInteger("devices")).isEqualTo(1);
      assertThat(totals.getInteger("fixedDevices")).isEqualTo(1);
      assertThat(message.body().getJsonObject("zones").getInteger("entrance-west")).isEqualTo(1);
      assertThat(message.body().getJsonObject("estimates").getJsonObject("entrance-west").getInteger("fixedDevices"))
          .isEqualTo(1);
      assertThat(message.body().getJsonObject("counters").getLong("fixed")).isEqualTo(1);
      ctx.completeNow();
    })).completion()
        // WHEN its sightings arrive (a replay: dated long before they arrive)
        .compose(v -> vertx.eventBus().request(Addresses.ENGINE_SIGHTINGS, batch("demo-mall", S01, dev, ts)))
        // a sighting too weak to place anyone moves event time past them
        .compose(reply -> vertx.eventBus().request(Addresses.ENGINE_SIGHTINGS,
            batch("demo-mall", S01, new long[] {9}, new long[] {T0 + (minutes + 1) * 60_000L}, (short) -120)))
        .onFailure(ctx::failNow);
  }

  @Test
  void keepsABatchTheAnalyticsFailOnAsADeadLetterAlertsAndGoesOnWithTheNext(Vertx vertx, VertxTestContext ctx) {
    // GIVEN a batch whose arrays are shorter than its size: no decoder makes one, but the analytics throw on it
    SightingBatch broken = new SightingBatch("demo-mall", "s-01", SEQ.incrementAndGet(), 2, new long[] {1},
        new long[] {T0}, new short[] {-60}, new short[1], new long[1], new byte[1], new int[1], S01,
        System.currentTimeMillis());
    List<JsonObject> alerts = new ArrayList<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.liveSite("demo-mall"), message -> ctx.verify(() -> {
      if (zonesOnly(message.body())) {
        return;
      }
      if ("alert".equals(message.body().getString("type"))) {
        alerts.add(message.body());
        return;
      }
      // THEN the engine counts the failure, says it is not ready, raised an alert, and the next batch moves it on
      // (the broken batch left nothing behind: device 2 is the next batch's, device 3 is not due yet)
      // (an engine without snapshots has no dead-letter directory: the batch went to the log)
      assertThat(engineHealthDetail()).isEqualTo("1 site, 1 devices, 1 batches the analytics failed on (1 not kept, "
          + "their content logged at ERROR)");
      assertThat(health.state("engine")).isEqualTo(NodeHealth.State.DOWN);
      assertThat(alerts).extracting(a -> a.getString("kind"), a -> a.getString("subject"))
          .containsExactly(Tuple.tuple(AlertChange.BATCH_DEAD_LETTER, "s-01"));
      ctx.completeNow();
    })).completion()
        // WHEN it is sent and answered as a dead letter, and a good batch follows
        .compose(v -> vertx.eventBus().request(Addresses.ENGINE_SIGHTINGS, broken))
        .compose(reply -> {
          ctx.verify(() -> assertThat(reply.body()).isEqualTo(Addresses.EngineReply.DEAD_LETTER));
          return vertx.eventBus().request(Addresses.ENGINE_SIGHTINGS,
              batch("demo-mall", S01, new long[] {2, 3}, new long[] {T0 + 1_000, T0 + 20_000}));
        })
        .onFailure(ctx::failNow);
  }

  @Test
  void answersABatchTakenBeforeAsADuplicateWithoutCountingItAgain(Vertx vertx, VertxTestContext ctx) {
    SightingBatch once = batch("demo-mall", S01, new long[] {1, 2}, new long[] {T0 + 1_000, T0 + 20_000});
    vertx.eventBus().request(Addresses.ENGINE_SIGHTINGS, once)
        .compose(first -> vertx.eventBus().request(Addresses.ENGINE_SIGHTINGS, once))
        .onComplete(ctx.succeeding(again -> ctx.verify(() -> {
          assertThat(again.body()).isEqualTo(Addresses.EngineReply.DUPLICATE);
          ctx.completeNow();
        })));
  }

  @Test
  void reportsItselfUpWithItsSitesAndDevices() {
    assertThat(health.state("engine")).isEqualTo(NodeHealth.State.UP);
    assertThat(engineHealthDetail()).isEqualTo("1 site, 0 devices");
  }

  private String engineHealthDetail() {
    return health.toJson().getJsonObject("components").getJsonObject("engine").getString("detail");
  }

  @Test
  void publishesTodaysVisitorsAndCaptureRatePerStoreWithTheLiveOccupancy(Vertx vertx, VertxTestContext ctx) {
    int s10 = DEMO.sensor("s-10").orElseThrow().index();
    int s04 = DEMO.sensor("s-04").orElseThrow().index();
    vertx.eventBus().<JsonObject>consumer(Addresses.liveSite("demo-mall"), message -> {
      if (zonesOnly(message.body())) {
        return;
      }
      JsonObject northwind = message.body().getJsonObject("stores").getJsonObject("store-northwind");
      if (northwind.getInteger("visitors") == 1) {
        ctx.verify(() -> {
          assertThat(northwind.getInteger("passersBy")).isZero();
          assertThat(northwind.getInteger("fixedAddressVisitors")).as("a fixed address").isEqualTo(1);
          assertThat(northwind.getInteger("random")).isZero();
          assertThat(northwind.getDouble("captureRate")).isEqualTo(1.0);
          assertThat(message.body().getJsonObject("stores").getJsonObject("store-stride").getValue("captureRate"))
              .isNull();
          ctx.completeNow();
        });
      }
    }).completion()
        // GIVEN a device in store-northwind from 0 s to 140 s that then walks into its frontage at 150 s
        .compose(v -> vertx.eventBus().request(Addresses.ENGINE_SIGHTINGS,
            batch("demo-mall", s10, new long[] {5, 5}, new long[] {T0, T0 + 140_000}, (short) -50)))
        .compose(v -> vertx.eventBus().request(Addresses.ENGINE_SIGHTINGS,
            batch("demo-mall", s04, new long[] {5}, new long[] {T0 + 150_000}, (short) -40)))
        // a weak sighting moves event time past 150 s once s-10 no longer holds it back
        .compose(reply -> vertx.eventBus().request(Addresses.ENGINE_SIGHTINGS,
            batch("demo-mall", s04, new long[] {9}, new long[] {T0 + 210_000}, (short) -120)))
        .onFailure(ctx::failNow);
  }

  @Test
  void sendsTheRepeatIdOfAStoreAndSiteVisitorToTheRepeatStore(Vertx vertx, VertxTestContext ctx) {
    // GIVEN a phone with a repeat id that stays 5 minutes in a store, then is not heard any more
    int store = DEMO.sensors().stream().filter(s -> s.zone().equals("store-northwind")).findFirst().orElseThrow()
        .index();
    long rid = 0x0123456789abcdefL;
    long[] times = {T0 + 1_000, T0 + 60_000, T0 + 120_000, T0 + 180_000, T0 + 240_000, T0 + 300_000};
    long[] dev = new long[times.length];
    long[] rids = new long[times.length];
    Arrays.fill(dev, 1);
    Arrays.fill(rids, rid);
    int n = times.length;
    short[] strength = new short[n];
    Arrays.fill(strength, (short) -50);
    SightingBatch visit = new SightingBatch("demo-mall", "s", SEQ.incrementAndGet(), n, dev, times, strength, new short[n], new long[n],
        new byte[n], new int[n], rids, store, System.currentTimeMillis());
    long day = LocalDate.ofInstant(Instant.ofEpochMilli(T0), ZoneId.of(DEMO.timezone())).toEpochDay();

    // THEN once it has left, the store and the site are each sent with its repeat id
    vertx.eventBus().<RepeatVisits.Rows>consumer(Addresses.STORE_REPEATS, message -> ctx.verify(() -> {
      assertThat(message.body().site()).isEqualTo("demo-mall");
      assertThat(message.body().rows()).containsExactlyInAnyOrder(new RepeatVisit("store-northwind", day, rid),
          new RepeatVisit(StoreMinute.SITE, day, rid));
      ctx.completeNow();
    })).completion()
        .compose(v -> vertx.eventBus().request(Addresses.ENGINE_SIGHTINGS, visit))
        // a sighting too weak to place anyone moves event time past the absence timeout
        .compose(reply -> vertx.eventBus().request(Addresses.ENGINE_SIGHTINGS,
            batch("demo-mall", store, new long[] {9}, new long[] {T0 + 600_000}, (short) -120)))
        .onFailure(ctx::failNow);
  }

  private static SightingBatch batch(String site, int sensor, long[] dev, long[] ts) {
    return batch(site, sensor, dev, ts, (short) -60);
  }

  private static SightingBatch batch(String site, int sensor, long[] dev, long[] ts, short rssi) {
    int n = dev.length;
    short[] strength = new short[n];
    Arrays.fill(strength, rssi);
    return new SightingBatch(site, "s-01", SEQ.incrementAndGet(), n, dev, ts, strength, new short[n], new long[n], new byte[n],
        new int[n], sensor, System.currentTimeMillis());
  }

  private static Site withFixedDevicesFound(Site site) {
    return new Site(site.id(), site.name(), site.timezone(), site.floors(), site.zones(), site.sensors(), site.people(),
        new FixedDeviceSpec(new long[0], FixedDeviceSpec.SUGGESTED_DETECT_AFTER_MS));
  }

  /** The live view's zones between two full frames, which these tests do not look at. */
  private static boolean zonesOnly(JsonObject live) {
    return "zones".equals(live.getString("type"));
  }
}
