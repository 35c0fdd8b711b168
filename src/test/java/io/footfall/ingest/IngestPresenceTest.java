package io.footfall.ingest;

import static io.footfall.ingest.MqttTestClient.await;
import static io.footfall.ingest.MqttTestClient.login;
import static io.footfall.testkit.Await.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.bus.Addresses;
import io.footfall.bus.Codecs;
import io.footfall.bus.NodeHealth;
import io.footfall.wire.SightingBatch;
import io.footfall.wire.Topics;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Whether a sensor is online, as the ingest announces it on {@link Addresses#INGEST_SENSORS}: online while any of its
 * connections is open, offline with its will when the last one is lost, offline without one when it said goodbye.
 */
@ExtendWith(VertxExtension.class)
class IngestPresenceTest {

  private static final String OFFLINE = "{\"state\":\"offline\",\"version\":\"1.0\"}";

  private final List<JsonObject> announced = new CopyOnWriteArrayList<>();
  private final IngestCounters counters = new IngestCounters();
  private int port;

  @BeforeEach
  void deploy(Vertx vertx) throws Throwable {
    Codecs.register(vertx);
    vertx.eventBus().<SightingBatch>consumer(Addresses.ENGINE_SIGHTINGS, m -> m.reply(null)).completion().await();
    vertx.eventBus().<JsonObject>consumer(Addresses.INGEST_SENSORS, m -> {
      if ("s-01".equals(m.body().getString("sensor"))) {
        announced.add(m.body());
      }
    }).completion().await();
    IngestVerticle ingest = new IngestVerticle(new MqttConfig("127.0.0.1", 0, 2048, 100),
        List.of(IngestVerticleTest.site()), false, new NodeHealth(), counters);
    vertx.deployVerticle(ingest).await();
    port = ingest.actualPort();
  }

  @Test
  void aSensorStaysOnlineWhenOneOfItsTwoConnectionsCloses(Vertx vertx) throws Throwable {
    MqttTestClient first = await(MqttTestClient.connect(vertx, port, login("s-01", "pw-one")));
    MqttTestClient second = await(MqttTestClient.connect(vertx, port, login("s-01", "pw-one")));

    await(second.client.disconnect());
    await(second.closed());
    // a status published afterwards marks the point by which an announcement of the close would have come
    await(first.publish(Topics.status("mall-a", "s-01"), Buffer.buffer("{\"state\":\"online\"}"),
        MqttQoS.AT_LEAST_ONCE));
    eventually("the status is announced", () -> announced.size() == 3);

    assertThat(announced).extracting(e -> e.getBoolean("online")).containsOnly(true);

    await(first.client.disconnect());
    eventually("the last close is announced", () -> announced.size() == 4);
    assertThat(announced.get(3).getBoolean("online")).isFalse();
  }

  @Test
  void aLostConnectionHandsItsWillOverAsTheSensorsOfflineStatus() throws Exception {
    try (Mqtt5Probe sensor = Mqtt5Probe.open(port)) {
      // as footfall's own sensor agent connects: MQTT 3.1.1 with a retained offline will on its status topic
      sensor.connect(Mqtt5Probe.login("s-01", "pw-one").protocolVersion(MqttVersion.MQTT_3_1_1).willFlag(true)
          .willTopic(Topics.status("mall-a", "s-01")).willMessage(OFFLINE.getBytes(StandardCharsets.UTF_8))
          .willQoS(MqttQoS.AT_LEAST_ONCE).willRetain(true));

      sensor.drop();

      eventually("the loss is announced", () -> announced.size() == 2);
      JsonObject lost = announced.get(1);
      assertThat(lost.getBoolean("online")).isFalse();
      assertThat(lost.getJsonObject("status")).isEqualTo(new JsonObject(OFFLINE));
    }
  }

  @Test
  void aSensorThatSaysGoodbyeGoesOfflineWithoutItsWill(Vertx vertx) throws Throwable {
    MqttTestClient sensor = await(MqttTestClient.connect(vertx, port, login("s-01", "pw-one")
        .setWillFlag(true).setWillTopic(Topics.status("mall-a", "s-01")).setWillMessageBytes(Buffer.buffer(OFFLINE))
        .setWillQoS(1)));

    await(sensor.client.disconnect());

    eventually("the goodbye is announced", () -> announced.size() == 2);
    assertThat(announced.get(1).getBoolean("online")).isFalse();
    assertThat(announced.get(1).containsKey("status")).isFalse();
  }

  @Test
  void theWillOfOneConnectionIsNotTakenWhileAnotherIsOpen(Vertx vertx) throws Throwable {
    MqttTestClient steady = await(MqttTestClient.connect(vertx, port, login("s-01", "pw-one")));
    try (Mqtt5Probe flaky = Mqtt5Probe.open(port)) {
      flaky.connect(Mqtt5Probe.login("s-01", "pw-one").protocolVersion(MqttVersion.MQTT_3_1_1).willFlag(true)
          .willTopic(Topics.status("mall-a", "s-01")).willMessage(OFFLINE.getBytes(StandardCharsets.UTF_8))
          .willQoS(MqttQoS.AT_LEAST_ONCE));
      // a malformed packet (type 0 is reserved) makes footfall close the connection, which is then lost as far as
      // the will goes, and counts it: once counted, the close is queued before anything sent afterwards is read
      flaky.sendBytes(new byte[] {0x00, 0x00});
      eventually("the malformed packet is counted", () -> counters.rejected("protocol") == 1);
    }
    await(steady.publish(Topics.status("mall-a", "s-01"), Buffer.buffer("{\"state\":\"online\"}"),
        MqttQoS.AT_LEAST_ONCE));
    eventually("the status is announced", () -> announced.size() == 3);

    assertThat(announced).extracting(e -> e.getBoolean("online")).containsOnly(true);
  }
}
