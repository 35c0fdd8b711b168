package io.footfall.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.live.WebFixture.LiveClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class LiveSocketTest {

  private static final long T0 = 1_732_874_400_000L;

  private WebFixture web;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext test) {
    WebFixture.start(vertx, (site, zone, from, to) -> {
      throw new AssertionError("no series expected");
    }).onComplete(test.succeeding(f -> {
      web = f;
      test.completeNow();
    }));
  }

  @Test
  void sendsAFullSnapshotOnConnect(VertxTestContext test) {
    web.connect("/live?site=demo-mall")
        .compose(LiveClient::next)
        .onComplete(test.succeeding(snapshot -> test.verify(() -> {
          assertThat(snapshot.getString("type")).isEqualTo("snapshot");
          assertThat(snapshot.getString("site")).isEqualTo("demo-mall");
          assertThat(snapshot.getValue("watermark")).isNull();
          assertThat(snapshot.getJsonObject("zones")).hasSize(25);
          assertThat(snapshot.getJsonObject("zones").getInteger("food-court")).isZero();
          assertThat(snapshot.getJsonObject("totals")).isEqualTo(new JsonObject().put("devices", 0));
          test.completeNow();
        })));
  }

  @Test
  void snapshotCarriesTheLatestLiveState(VertxTestContext test) {
    web.publishLive(T0, new JsonObject().put("food-court", 120));

    web.awaitStat("messages", n -> n == 1)
        .compose(v -> web.connect("/live?site=demo-mall"))
        .compose(LiveClient::next)
        .onComplete(test.succeeding(snapshot -> test.verify(() -> {
          assertThat(snapshot.getString("type")).isEqualTo("snapshot");
          assertThat(snapshot.getLong("watermark")).isEqualTo(T0);
          assertThat(snapshot.getJsonObject("zones").getInteger("food-court")).isEqualTo(120);
          assertThat(snapshot.getJsonObject("totals").getInteger("devices")).isEqualTo(120);
          test.completeNow();
        })));
  }

  @Test
  void pushesAnUpdateWithOnlyTheZoneThatChanged(VertxTestContext test) {
    web.connect("/live?site=demo-mall")
        .compose(client -> client.next()
            .onSuccess(snapshot -> web.publishLive(T0, new JsonObject().put("corridor-g-west", 7)))
            .compose(snapshot -> client.next()))
        .onComplete(test.succeeding(update -> test.verify(() -> {
          assertThat(update).isEqualTo(new JsonObject()
              .put("type", "update")
              .put("site", "demo-mall")
              .put("watermark", T0)
              .put("zones", new JsonObject().put("corridor-g-west", 7))
              .put("totals", new JsonObject().put("devices", 7)));
          test.completeNow();
        })));
  }

  @Test
  void staysSilentWhenALiveMessageChangesNothing(VertxTestContext test) {
    JsonObject state = new JsonObject().put("store-lumen", 3).put("food-court", 40);
    long[] roundsBefore = new long[1];

    web.connect("/live?site=demo-mall")
        .compose(client -> client.next()
            .onSuccess(snapshot -> web.publishLive(T0, state))
            .compose(snapshot -> client.next())
            // GIVEN the client holds the latest state
            .onSuccess(update -> {
              roundsBefore[0] = web.verticle.liveStats().getLong("rounds");
              web.publishLive(T0, state.copy());
            })
            // WHEN a push round runs after an identical message
            .compose(update -> web.awaitStat("rounds", n -> n > roundsBefore[0]))
            .onSuccess(v -> web.publishLive(T0 + 1_000, state.copy().put("food-court", 41)))
            // THEN the next frame the client gets is the following real change, not an empty update
            .compose(v -> client.next()))
        .onComplete(test.succeeding(next -> test.verify(() -> {
          assertThat(next.getLong("watermark")).isEqualTo(T0 + 1_000);
          assertThat(next.getJsonObject("zones")).isEqualTo(new JsonObject().put("food-court", 41));
          test.completeNow();
        })));
  }

  @Test
  void coalescesMessagesBetweenPushesIntoOneUpdate(VertxTestContext test) {
    web.connect("/live?site=demo-mall")
        .compose(client -> client.next()
            .onSuccess(snapshot -> {
              web.publishLive(T0, new JsonObject().put("store-kidz", 5));
              web.publishLive(T0 + 1, new JsonObject().put("store-kidz", 5).put("store-casa", 2));
            })
            .compose(snapshot -> client.next())
            .compose(first -> first.getLong("watermark") == T0 + 1
                ? io.vertx.core.Future.succeededFuture(first.getJsonObject("zones"))
                : client.next().map(second -> first.getJsonObject("zones").copy()
                    .mergeIn(second.getJsonObject("zones")))))
        .onComplete(test.succeeding(zones -> test.verify(() -> {
          assertThat(zones).isEqualTo(new JsonObject().put("store-kidz", 5).put("store-casa", 2));
          test.completeNow();
        })));
  }

  @Test
  void ignoresAndCountsWhatTheBrowserSends(VertxTestContext test) {
    web.connect("/live?site=demo-mall")
        .compose(client -> client.next()
            .compose(snapshot -> client.socket.writeTextMessage("{\"type\":\"subscribe\",\"site\":\"other\"}"))
            .compose(v -> web.awaitStat("inboundIgnored", n -> n == 1))
            .onSuccess(v -> web.publishLive(T0, new JsonObject().put("entrance-east", 9)))
            .compose(v -> client.next()))
        .onComplete(test.succeeding(update -> test.verify(() -> {
          assertThat(update.getString("type")).isEqualTo("update");
          assertThat(update.getJsonObject("zones")).isEqualTo(new JsonObject().put("entrance-east", 9));
          test.completeNow();
        })));
  }

  @Test
  void closesASocketForAnUnknownSiteWithAClearReason(VertxTestContext test) {
    web.connect("/live?site=nowhere")
        .compose(client -> client.closed().map(v -> client.socket))
        .onComplete(test.succeeding(socket -> test.verify(() -> {
          assertThat(socket.closeStatusCode()).isEqualTo(WebVerticle.CLOSE_UNKNOWN_SITE);
          assertThat(socket.closeReason()).isEqualTo("unknown site 'nowhere'");
          test.completeNow();
        })));
  }

  @Test
  void closesASocketThatNamesNoSite(VertxTestContext test) {
    web.connect("/live")
        .compose(client -> client.closed().map(v -> client.socket))
        .onComplete(test.succeeding(socket -> test.verify(() -> {
          assertThat(socket.closeStatusCode()).isEqualTo(WebVerticle.CLOSE_BAD_REQUEST);
          assertThat(socket.closeReason()).contains("'site'");
          test.completeNow();
        })));
  }
}
