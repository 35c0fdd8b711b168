package io.footfall.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.analytics.ZoneMinute;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class SiteApiTest {

  private static final Instant FROM = Instant.parse("2024-11-29T10:00:00Z");
  private static final Instant TO = Instant.parse("2024-11-29T10:03:00Z");

  private final AtomicReference<List<Object>> asked = new AtomicReference<>();
  private WebFixture web;

  /** Two fixed rows, whatever is asked; remembers the question. */
  private Future<List<ZoneMinute>> fixedRows(String site, String zone, Instant from, Instant to) {
    asked.set(List.of(site, zone, from, to));
    return Future.succeededFuture(List.of(
        new ZoneMinute(site, zone, FROM.toEpochMilli(), 12.5, 17, 4, 3, 21),
        new ZoneMinute(site, zone, FROM.plusSeconds(60).toEpochMilli(), 14.0, 15, 2, 1, 18, 1)));
  }

  @BeforeEach
  void start(Vertx vertx, VertxTestContext test) {
    WebFixture.start(vertx, this::fixedRows).onComplete(test.succeeding(f -> {
      web = f;
      test.completeNow();
    }));
  }

  @Test
  void reportsHttpUpInHealthOnceBound(VertxTestContext test) {
    web.get("/api/health").onComplete(test.succeeding(reply -> test.verify(() -> {
      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.json().getJsonObject("components").getJsonObject("http").getString("status")).isEqualTo("up");
      test.completeNow();
    })));
  }

  @Test
  void listsSitesWithTheirZoneAndSensorCounts(VertxTestContext test) {
    web.get("/api/sites").onComplete(test.succeeding(reply -> test.verify(() -> {
      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.headers().get("Content-Type")).startsWith("application/json");
      assertThat(reply.jsonArray()).containsExactly(new JsonObject()
          .put("id", "demo-mall").put("name", "Riverside Galleria (demo)").put("timezone", "Europe/London")
          .put("zones", 25).put("sensors", 32));
      test.completeNow();
    })));
  }

  @Test
  void describesTheWholeSiteWithoutSensorSecrets(VertxTestContext test) {
    web.get("/api/sites/demo-mall").onComplete(test.succeeding(reply -> test.verify(() -> {
      JsonObject site = reply.json();
      assertThat(site.getJsonArray("floors")).hasSize(2);
      assertThat(site.getJsonArray("floors").getJsonObject(0).fieldNames())
          .containsExactlyInAnyOrder("id", "name", "level", "width", "height");
      assertThat(site.getJsonArray("zones")).hasSize(25);
      assertThat(site.getJsonArray("sensors")).hasSize(32);
      JsonObject northwind = site.getJsonArray("zones").stream().map(JsonObject.class::cast)
          .filter(z -> z.getString("id").equals("store-northwind")).findFirst().orElseThrow();
      assertThat(northwind.getString("kind")).isEqualTo("store");
      assertThat(northwind.getString("floor")).isEqualTo("G");
      assertThat(northwind.getInteger("capacity")).isEqualTo(78);
      assertThat(northwind.getString("frontage")).isEqualTo("corridor-g-west");
      assertThat(northwind.getJsonArray("polygon").getJsonArray(0)).isEqualTo(new JsonArray().add(10.0).add(0.0));
      assertThat(site.getJsonArray("sensors").getJsonObject(0).fieldNames())
          .containsExactlyInAnyOrder("id", "floor", "x", "y", "zone");
      assertThat(reply.body().toString()).doesNotContainIgnoringCase("secret").doesNotContain("pbkdf2");
      test.completeNow();
    })));
  }

  @Test
  void answersNotFoundForAnUnknownSite(VertxTestContext test) {
    web.get("/api/sites/nowhere").onComplete(test.succeeding(reply -> test.verify(() -> {
      assertThat(reply.status()).isEqualTo(404);
      assertThat(reply.json()).isEqualTo(new JsonObject().put("error", "no site 'nowhere'"));
      test.completeNow();
    })));
  }

  @Test
  void answersNotFoundInJsonForAnUnknownApiPath(VertxTestContext test) {
    web.get("/api/nothing-here").onComplete(test.succeeding(reply -> test.verify(() -> {
      assertThat(reply.status()).isEqualTo(404);
      assertThat(reply.json().getString("error")).isEqualTo("not found");
      test.completeNow();
    })));
  }

  @Test
  void reportsZeroOccupancyWithoutWatermarkBeforeAnyLiveMessage(VertxTestContext test) {
    web.get("/api/sites/demo-mall/occupancy").onComplete(test.succeeding(reply -> test.verify(() -> {
      JsonObject occupancy = reply.json();
      assertThat(occupancy.getValue("watermark")).isNull();
      assertThat(occupancy.getValue("updatedAt")).isNull();
      assertThat(occupancy.getJsonArray("zones")).hasSize(25)
          .allSatisfy(z -> assertThat(((JsonObject) z).getInteger("devices")).isZero());
      assertThat(occupancy.getJsonObject("totals").getInteger("devices")).isZero();
      test.completeNow();
    })));
  }

  @Test
  void occupancyReflectsTheLatestLiveMessageOfTheSite(VertxTestContext test) {
    long watermark = Instant.parse("2024-11-29T10:15:30Z").toEpochMilli();

    web.publishLive(watermark, new JsonObject().put("food-court", 250).put("store-lumen", 39));

    web.awaitStat("messages", n -> n == 1)
        .compose(v -> web.get("/api/sites/demo-mall/occupancy"))
        .onComplete(test.succeeding(reply -> test.verify(() -> {
          JsonObject occupancy = reply.json();
          assertThat(occupancy.getString("site")).isEqualTo("demo-mall");
          assertThat(occupancy.getLong("watermark")).isEqualTo(watermark);
          assertThat(occupancy.getString("updatedAt")).isEqualTo("2024-11-29T10:15:30Z");
          assertThat(occupancy.getJsonObject("totals").getInteger("devices")).isEqualTo(289);
          assertThat(occupancy.getJsonArray("zones")).contains(
              new JsonObject().put("id", "food-court").put("devices", 250).put("capacity", 500).put("ratio", 0.5),
              new JsonObject().put("id", "store-lumen").put("devices", 39).put("capacity", 78).put("ratio", 0.5),
              new JsonObject().put("id", "store-aroma").put("devices", 0).put("capacity", 78).put("ratio", 0.0));
          test.completeNow();
        })));
  }

  @Test
  void servesTheZoneSeriesAsJson(VertxTestContext test) {
    web.get("/api/sites/demo-mall/zones/store-lumen/series?from=" + FROM + "&to=" + TO)
        .onComplete(test.succeeding(reply -> test.verify(() -> {
          assertThat(reply.status()).isEqualTo(200);
          assertThat(asked.get()).containsExactly("demo-mall", "store-lumen", FROM, TO);
          assertThat(reply.jsonArray()).containsExactly(
              new JsonObject().put("minute", "2024-11-29T10:00:00Z").put("devicesAvg", 12.5).put("devicesMax", 17)
                  .put("entries", 4).put("exits", 3).put("uniques", 21).put("revision", 0),
              new JsonObject().put("minute", "2024-11-29T10:01:00Z").put("devicesAvg", 14.0).put("devicesMax", 15)
                  .put("entries", 2).put("exits", 1).put("uniques", 18).put("revision", 1));
          test.completeNow();
        })));
  }

  @Test
  void servesTheZoneSeriesAsCsvWhenAskedFor(VertxTestContext test) {
    web.get("/api/sites/demo-mall/zones/store-lumen/series?from=" + FROM + "&to=" + TO, Map.of("Accept", "text/csv"))
        .onComplete(test.succeeding(reply -> test.verify(() -> {
          assertThat(reply.status()).isEqualTo(200);
          assertThat(reply.headers().get("Content-Type")).startsWith("text/csv");
          assertThat(reply.headers().get("Content-Disposition"))
              .isEqualTo("attachment; filename=\"demo-mall-store-lumen-minute-2024-11-29.csv\"");
          assertThat(reply.body().toString()).as("in the site's local time (Europe/London), the zone named")
              .isEqualTo("""
              zone,minute,timezone,devicesAvg,devicesMax,entries,exits,uniques,revision
              store-lumen,2024-11-29 10:00,Europe/London,12.5,17,4,3,21,0
              store-lumen,2024-11-29 10:01,Europe/London,14.0,15,2,1,18,1
              """);
          test.completeNow();
        })));
  }

  @Test
  void seriesDefaultsToTheLastHour(VertxTestContext test) {
    web.get("/api/sites/demo-mall/zones/food-court/series").onComplete(test.succeeding(reply -> test.verify(() -> {
      assertThat(reply.status()).isEqualTo(200);
      Instant from = (Instant) asked.get().get(2);
      Instant to = (Instant) asked.get().get(3);
      assertThat(java.time.Duration.between(from, to)).hasHours(1);
      test.completeNow();
    })));
  }

  @Test
  void refusesASeriesRangeThatIsNotIsoOrBackwardsOrTooLong(VertxTestContext test) {
    String zone = "/api/sites/demo-mall/zones/store-lumen/series";
    web.get(zone + "?from=yesterday&to=" + TO)
        .compose(notIso -> web.get(zone + "?from=" + TO + "&to=" + FROM).map(backwards -> List.of(notIso, backwards)))
        .compose(two -> web.get(zone + "?from=2024-10-01T00:00:00Z&to=2024-11-29T00:00:00Z")
            .map(tooLong -> List.of(two.get(0), two.get(1), tooLong)))
        .onComplete(test.succeeding(replies -> test.verify(() -> {
          assertThat(replies).allSatisfy(r -> assertThat(r.status()).isEqualTo(400));
          assertThat(replies.get(0).json().getString("error")).contains("'from'", "ISO-8601", "yesterday");
          assertThat(replies.get(1).json().getString("error")).contains("'from' must be before 'to'");
          assertThat(replies.get(2).json().getString("error")).contains("at most 31 days");
          assertThat(asked.get()).isNull();
          test.completeNow();
        })));
  }

  @Test
  void answersNotFoundForASeriesOfAnUnknownZone(VertxTestContext test) {
    web.get("/api/sites/demo-mall/zones/ballroom/series").onComplete(test.succeeding(reply -> test.verify(() -> {
      assertThat(reply.status()).isEqualTo(404);
      assertThat(reply.json().getString("error")).isEqualTo("no zone 'ballroom' in site 'demo-mall'");
      test.completeNow();
    })));
  }
}
