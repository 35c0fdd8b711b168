package io.footfall.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.bus.Addresses;
import io.footfall.live.WebFixture.Reply;
import io.footfall.store.MetricsSource;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The control room's live flows on a real web server: asked of the site's engine over {@link Addresses#engineFlows}
 * (here a consumer answering as the engine documents), with the privacy floor at k = 5.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecentFlowsApiTest {

  private static final String SITE = WebFixture.SITE;
  private static final long WATERMARK = Instant.parse("2026-11-28T15:30:00Z").toEpochMilli();

  private WebFixture web;

  @BeforeAll
  void start(Vertx vertx) {
    web = WebFixture.start(vertx, (s, z, f, t) -> null, MetricsSource.NONE, 5).await();
  }

  @Test
  void servesTheEnginesCellsOfTheLastMinutesWithSmallOnesSuppressed(Vertx vertx) {
    // GIVEN an engine that counted 40 arrivals, 12 moves on and 3 moves back in the last minutes
    JsonObject[] asked = new JsonObject[1];
    MessageConsumer<JsonObject> engine = vertx.eventBus().consumer(Addresses.engineFlows(SITE), message -> {
      asked[0] = message.body();
      message.reply(new JsonObject().put("watermark", WATERMARK).put("cells", new JsonArray()
          .add(cell("outside", "entrance-west", 40))
          .add(cell("entrance-west", "corridor-g-west", 12))
          .add(cell("corridor-g-west", "entrance-west", 3))));
    });
    engine.completion().await();

    // WHEN the control room asks for the last hour
    Reply reply = web.get("/api/sites/" + SITE + "/flows/recent?minutes=60").await();
    engine.unregister().await();

    // THEN it gets the cells as counted, but the one under k without its figure, and the 40 with it: both enter
    // entrance-west, whose entries are published, so 3 would be the entries minus 40
    assertThat(reply.status()).isEqualTo(200);
    assertThat(asked[0].getInteger("minutes")).isEqualTo(60);
    JsonObject body = reply.json();
    assertThat(body.getString("to")).isEqualTo("2026-11-28T15:30:00Z");
    assertThat(body.getString("from")).isEqualTo("2026-11-28T14:30:00Z");
    assertThat(body.getInteger("kAnonymity")).isEqualTo(5);
    assertThat(body.getJsonArray("cells").encode()).isEqualTo(new JsonArray()
        .add(new JsonObject().put("from", "outside").put("to", "entrance-west").putNull("transitions")
            .put("suppressed", true))
        .add(cell("entrance-west", "corridor-g-west", 12).put("suppressed", false))
        .add(new JsonObject().put("from", "corridor-g-west").put("to", "entrance-west").putNull("transitions")
            .put("suppressed", true)).encode());
  }

  @Test
  void refusesAWindowOutsideOneToSixtyMinutes() {
    assertThat(web.get("/api/sites/" + SITE + "/flows/recent?minutes=0").await().status()).isEqualTo(400);
    assertThat(web.get("/api/sites/" + SITE + "/flows/recent?minutes=61").await().status()).isEqualTo(400);
    assertThat(web.get("/api/sites/" + SITE + "/flows/recent?minutes=soon").await().status()).isEqualTo(400);
    assertThat(web.get("/api/sites/nowhere/flows/recent").await().status()).isEqualTo(404);
  }

  @Test
  void answersUnavailableWhenNoEngineRunsTheSite() {
    Reply reply = web.get("/api/sites/" + SITE + "/flows/recent").await();

    assertThat(reply.status()).isEqualTo(503);
  }

  @Test
  void isClosedToStoreManagers() {
    assertThat(web.getAs("manager", "/api/sites/" + SITE + "/flows/recent").await().status()).isEqualTo(403);
  }

  private static JsonObject cell(String from, String to, int transitions) {
    return new JsonObject().put("from", from).put("to", to).put("transitions", transitions);
  }
}
