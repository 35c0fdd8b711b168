package io.footfall.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.testkit.Await;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SharedJsonTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    Await.await(vertx.close());
  }

  @Test
  void everyLocalConsumerOfAPublishedFrameGetsTheSameInstanceInsteadOfACopyEach() throws Exception {
    Codecs.register(vertx);
    List<JsonObject> received = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 3; i++) {
      Await.await(vertx.eventBus().<JsonObject>consumer("live.site.test", m -> received.add(m.body())).completion());
    }
    JsonObject frame = new JsonObject().put("type", "occupancy").put("zones", new JsonObject().put("a", 3));

    vertx.eventBus().publish("live.site.test", frame, SharedJson.DELIVERY);

    Await.eventually("three consumers got the frame", () -> received.size() == 3);
    assertThat(received).allSatisfy(body -> assertThat(body).isSameAs(frame));
  }

  @Test
  void aFrameForAnotherNodeTravelsAsJsonAndComesBackEqual() {
    SharedJson codec = new SharedJson();
    JsonObject frame = new JsonObject().put("site", "mall-ü").put("watermark", 1_741_078_800_000L)
        .put("zones", new JsonObject().put("a", 3).put("b", 0));
    Buffer wire = Buffer.buffer().appendString("ahead");

    codec.encodeToWire(wire, frame);

    assertThat(codec.decodeFromWire(5, wire)).isEqualTo(frame);
  }
}
