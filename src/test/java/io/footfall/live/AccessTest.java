package io.footfall.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.analytics.ZoneMinute;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What each role may see: a store manager only their own store, over REST and over the live stream. */
@ExtendWith(VertxExtension.class)
class AccessTest {

  private static final String OTHER_STORE = "store-lumen";
  private WebFixture web;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext test) {
    WebFixture.start(vertx, (site, zone, from, to) -> Future.<List<ZoneMinute>>succeededFuture(List.of()))
        .onComplete(test.succeeding(f -> {
          web = f;
          web.publishLive(1_000L, new JsonObject().put(WebFixture.MANAGER_STORE, 7).put(OTHER_STORE, 30).put("food-court", 100));
          test.completeNow();
        }));
  }

  @Test
  void aStoreManagerSeesOnlyTheirStoreInTheSiteAndItsOccupancy(VertxTestContext test) {
    web.awaitStat("messages", n -> n >= 1)
        .compose(v -> web.getAs("manager", "/api/sites/demo-mall"))
        .compose(site -> web.getAs("manager", "/api/sites/demo-mall/occupancy").map(occupancy -> List.of(site, occupancy)))
        .onComplete(test.succeeding(replies -> test.verify(() -> {
          JsonArray zones = replies.get(0).json().getJsonArray("zones");
          assertThat(zones).hasSize(1);
          assertThat(zones.getJsonObject(0).getString("id")).isEqualTo(WebFixture.MANAGER_STORE);
          assertThat(replies.get(0).json().getJsonArray("sensors").stream().map(s -> ((JsonObject) s).getString("zone")))
              .containsOnly(WebFixture.MANAGER_STORE);
          JsonObject occupancy = replies.get(1).json();
          assertThat(occupancy.getJsonArray("zones")).hasSize(1);
          assertThat(occupancy.getJsonArray("zones").getJsonObject(0).getInteger("devices")).isEqualTo(7);
          assertThat(occupancy.getJsonObject("totals").getInteger("devices")).as("no site-wide total").isEqualTo(7);
          test.completeNow();
        })));
  }

  @Test
  void aStoreManagerGets403ForAnotherStoreAndForSiteWideViews(VertxTestContext test) {
    List<String> forbidden = List.of(
        "/api/sites/demo-mall/zones/" + OTHER_STORE + "/series",
        "/api/sites/demo-mall/stores/" + OTHER_STORE + "/metrics",
        "/api/sites/demo-mall/repeat?zone=" + OTHER_STORE,
        "/api/sites/demo-mall/estimates?zone=" + OTHER_STORE,
        "/api/sites/demo-mall/estimates",
        "/api/sites/demo-mall/calibration",
        "/api/sites/demo-mall/sensors",
        "/api/sites/demo-mall/flows");
    Future.all(forbidden.stream().map(path -> web.getAs("manager", path)).toList())
        .compose(all -> web.getAs("manager", "/api/sites/demo-mall/zones/" + WebFixture.MANAGER_STORE + "/series")
            .map(own -> List.of(all, own)))
        .onComplete(test.succeeding(two -> test.verify(() -> {
          List<WebFixture.Reply> replies = ((io.vertx.core.CompositeFuture) two.get(0)).list();
          assertThat(replies).allSatisfy(reply -> assertThat(reply.status()).isEqualTo(403));
          assertThat(((WebFixture.Reply) two.get(1)).status()).isEqualTo(200);
          test.completeNow();
        })));
  }

  @Test
  void onlyHealthAndTheLoginAreOpenTheApiDescriptionNeedsALogin(VertxTestContext test) {
    Map<String, String> anonymous = Map.of("Authorization", "");
    web.get("/api/openapi.yaml", anonymous)
        .compose(openApi -> web.get("/api/health", anonymous).map(health -> List.of(openApi, health)))
        .compose(two -> web.getAs("manager", "/api/openapi.yaml").map(loggedIn -> List.of(two.get(0), two.get(1), loggedIn)))
        .onComplete(test.succeeding(replies -> test.verify(() -> {
          assertThat(replies.get(0).status()).isEqualTo(401);
          assertThat(replies.get(1).status()).isEqualTo(200);
          assertThat(replies.get(2).status()).isEqualTo(200);
          assertThat(replies.get(2).body().toString()).startsWith("openapi:");
          test.completeNow();
        })));
  }

  @Test
  void aUserOfAnotherSiteSeesNothingOfThisOne(VertxTestContext test) {
    web.getAs("elsewhere", "/api/sites")
        .compose(sites -> web.getAs("elsewhere", "/api/sites/demo-mall/occupancy").map(o -> List.of(sites, o)))
        .onComplete(test.succeeding(replies -> test.verify(() -> {
          assertThat(replies.get(0).jsonArray()).isEmpty();
          assertThat(replies.get(1).status()).isEqualTo(403);
          test.completeNow();
        })));
  }

  @Test
  void theControlRoomSeesEveryZone(VertxTestContext test) {
    web.awaitStat("messages", n -> n >= 1)
        .compose(v -> web.getAs("control", "/api/sites/demo-mall/occupancy"))
        .onComplete(test.succeeding(reply -> test.verify(() -> {
          assertThat(reply.json().getJsonArray("zones")).hasSize(WebFixture.DEMO.zones().size());
          assertThat(reply.json().getJsonObject("totals").getInteger("devices")).isEqualTo(137);
          test.completeNow();
        })));
  }

  @Test
  void aStoreManagersLiveStreamCarriesOnlyTheirStore(VertxTestContext test) {
    web.awaitStat("messages", n -> n >= 1)
        .compose(v -> web.connect("/live?site=demo-mall", Map.of("Authorization", WebFixture.basic("manager"))))
        .compose(client -> client.next()
            .compose(snapshot -> {
              web.publishLive(2_000L, new JsonObject().put(WebFixture.MANAGER_STORE, 8).put(OTHER_STORE, 31).put("food-court", 100));
              return client.next().map(update -> List.of(snapshot, update));
            }))
        .onComplete(test.succeeding(frames -> test.verify(() -> {
          assertThat(frames.get(0).getString("type")).isEqualTo("snapshot");
          assertThat(frames.get(0).getJsonObject("zones").fieldNames()).containsExactly(WebFixture.MANAGER_STORE);
          assertThat(frames.get(0).getJsonObject("totals").getInteger("devices")).isEqualTo(7);
          assertThat(frames.get(1).getJsonObject("zones").encode()).isEqualTo("{\"" + WebFixture.MANAGER_STORE + "\":8}");
          assertThat(frames.get(1).getJsonObject("totals").getInteger("devices")).isEqualTo(8);
          test.completeNow();
        })));
  }

  @Test
  void refusesAWebSocketWithoutLoginOrFromAnotherOrigin(VertxTestContext test) {
    web.connect("/live?site=demo-mall", Map.of("Authorization", ""))
        .transform(anonymous -> web.connect("/live?site=demo-mall", Map.of("Origin", "https://evil.example"))
            .transform(foreign -> Future.succeededFuture(List.of(anonymous.failed(), foreign.failed(),
                String.valueOf(anonymous.cause()), String.valueOf(foreign.cause())))))
        .onComplete(test.succeeding(outcome -> test.verify(() -> {
          assertThat(outcome.get(0)).isEqualTo(true);
          assertThat(outcome.get(1)).isEqualTo(true);
          assertThat((String) outcome.get(2)).contains("401");
          assertThat((String) outcome.get(3)).contains("403");
          test.completeNow();
        })));
  }
}
