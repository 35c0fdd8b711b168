package io.footfall.broker;

import static io.footfall.testkit.Await.await;
import static io.footfall.testkit.Await.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.bus.Addresses;
import io.footfall.bus.Codecs;
import io.footfall.bus.NodeHealth;
import io.footfall.ingest.IngestCounters;
import io.footfall.ingest.MqttConfig;
import io.footfall.site.Floor;
import io.footfall.site.Point;
import io.footfall.site.SensorSpec;
import io.footfall.site.Site;
import io.footfall.site.Zone;
import io.footfall.site.ZoneKind;
import io.footfall.wire.Sighting;
import io.footfall.wire.SightingBatch;
import io.footfall.wire.Topics;
import io.footfall.wire.WireEncoder;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * footfall subscribed to a real Mosquitto started by the test: sightings published to the broker reach the
 * engine, acknowledged only once it took them, and nothing is lost when the broker or footfall goes away. Subscribes
 * in MQTT 3.1.1; {@link BrokerBridgeMqtt5Test} runs the same in MQTT 5.
 */
@ExtendWith(VertxExtension.class)
class BrokerBridgeTest {

  private static final long TS = 1_732_838_400_000L;

  @TempDir
  Path dir;

  private Mosquitto broker;
  private final List<SightingBatch> engineReceived = new CopyOnWriteArrayList<>();
  /** How many of the next batches the engine fails to take, as when it is overloaded. */
  private final AtomicInteger engineRefusals = new AtomicInteger();
  private final IngestCounters counters = new IngestCounters();
  private final NodeHealth health = new NodeHealth();
  private MqttClient publisher;

  static Site site() {
    List<Point> square = List.of(new Point(0, 0), new Point(10, 0), new Point(10, 10), new Point(0, 10));
    return new Site("mall-a", "Mall A", "UTC", List.of(new Floor("G", "Ground", 0, 20, 20)),
        List.of(new Zone(0, "shop", "Shop", ZoneKind.STORE, "G", 30, square, null)),
        List.of(new SensorSpec(0, "s-01", "G", 5, 5, "shop", null), new SensorSpec(1, "s-02", "G", 6, 6, "shop", null)));
  }

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    broker = Mosquitto.start(dir);
    Codecs.register(vertx);
    vertx.eventBus().<SightingBatch>consumer(Addresses.ENGINE_SIGHTINGS, m -> {
      engineReceived.add(m.body());
      if (engineRefusals.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        m.fail(503, "engine busy");
      } else {
        m.reply(null);
      }
    });
  }

  @AfterEach
  void stopBroker() throws Exception {
    if (broker != null) {
      broker.close();
    }
  }

  private BrokerConfig config() {
    return config(Mosquitto.PASSWORD);
  }

  private BrokerConfig config(String password) {
    return new BrokerConfig(true, false, "127.0.0.1", broker.port, false, "", Mosquitto.USER, password,
        "footfall-test", "footfall/v1/+/+/sightings", 50, 400, protocol(), 86400);
  }

  /** The MQTT version footfall subscribes with. */
  String protocol() {
    return "3.1.1";
  }

  private Future<String> deployBridge(Vertx vertx) {
    return deployBridge(vertx, config());
  }

  private Future<String> deployBridge(Vertx vertx, BrokerConfig config) {
    return vertx.deployVerticle(new BrokerBridgeVerticle(config, new MqttConfig("127.0.0.1", 0, 65536, 1000),
        List.of(site()), health, counters));
  }

  @Test
  void connectsInItsProtocolVersionWithAPersistentSession(Vertx vertx) throws Exception {
    await(deployBridge(vertx));
    eventually("() -> health.state(\"broker\") == NodeHealth.State.UP", () -> health.state("broker") == NodeHealth.State.UP);

    // mosquitto logs "(p2" for MQTT 3.1.1 and "(p5" for MQTT 5; "c0" is a session that is not clean
    String version = "5".equals(protocol()) ? "p5" : "p2";
    assertThat(broker.log()).contains("as footfall-test (" + version + ", c0, k30");
  }

  @Test
  void saysWhyTheBrokerRefusedItsLoginAndKeepsTrying(Vertx vertx) throws Exception {
    await(deployBridge(vertx, config("wrong-password")));

    eventually("() -> health.state(\"broker\") == NodeHealth.State.DEGRADED", () -> health.state("broker") == NodeHealth.State.DEGRADED);
    assertThat(health.toJson().encode()).contains("broker refused the connection (0x");
    assertThat(engineReceived).isEmpty();
  }

  @Test
  void passesBatchesPublishedToTheBrokerToTheEngine(Vertx vertx) throws Exception {
    await(deployBridge(vertx));
    eventually("() -> health.state(\"broker\") == NodeHealth.State.UP", () -> health.state("broker") == NodeHealth.State.UP);

    await(publish(vertx, "s-01", 1, 3));

    // counted once the engine's reply reached the bridge, which is after the engine saw the batch
    eventually("() -> counters.sensor(\"mall-a/s-01\").batches() == 1", () -> counters.sensor("mall-a/s-01").batches() == 1);
    assertThat(engineReceived).hasSize(1);
    SightingBatch batch = engineReceived.get(0);
    assertThat(batch.site).isEqualTo("mall-a");
    assertThat(batch.sensor).isEqualTo("s-01");
    assertThat(batch.sensorIndex).isEqualTo(0);
    assertThat(batch.size).isEqualTo(3);
    assertThat(counters.sensor("mall-a/s-01").sightings()).isEqualTo(3);
  }

  @Test
  void refusesTopicsOfSensorsThatAreNotInTheSiteFiles(Vertx vertx) throws Exception {
    await(deployBridge(vertx));
    eventually("() -> health.state(\"broker\") == NodeHealth.State.UP", () -> health.state("broker") == NodeHealth.State.UP);

    await(publish(vertx, "s-99", 1, 2));
    await(publish(vertx, "s-02", 1, 2));

    // the broker delivers in order, so once s-02's batch arrived the s-99 one was handled
    eventually("() -> engineReceived.size() == 1", () -> engineReceived.size() == 1);
    assertThat(engineReceived.get(0).sensor).isEqualTo("s-02");
    assertThat(counters.rejected("acl")).isEqualTo(1);
  }

  @Test
  void aBatchTheEngineDidNotTakeIsDeliveredAgain(Vertx vertx) throws Exception {
    engineRefusals.set(1);
    await(deployBridge(vertx));
    eventually("() -> health.state(\"broker\") == NodeHealth.State.UP", () -> health.state("broker") == NodeHealth.State.UP);

    await(publish(vertx, "s-01", 7, 2));

    // GIVEN the engine refused the first delivery, THEN the bridge did not acknowledge it and got it again
    eventually("() -> counters.sensor(\"mall-a/s-01\").batches() == 1", () -> counters.sensor("mall-a/s-01").batches() == 1);
    assertThat(engineReceived).extracting(b -> b.seq).containsExactly(7L, 7L);
    assertThat(counters.rejected("engine-unavailable")).isEqualTo(1);
  }

  @Test
  void reconnectsAfterTheBrokerRestarts(Vertx vertx) throws Exception {
    await(deployBridge(vertx));
    eventually("() -> health.state(\"broker\") == NodeHealth.State.UP", () -> health.state("broker") == NodeHealth.State.UP);

    broker.restart();
    await(publish(vertx, "s-01", 1, 1));

    eventually("() -> engineReceived.size() == 1", () -> engineReceived.size() == 1);
    eventually("() -> health.state(\"broker\") == NodeHealth.State.UP", () -> health.state("broker") == NodeHealth.State.UP);
  }

  @Test
  void losesNothingPublishedWhileFootfallWasAwayAcrossABrokerRestart(Vertx vertx) throws Exception {
    // GIVEN footfall subscribed once (the broker now holds its persistent session) and went away
    String deployment = await(deployBridge(vertx));
    eventually("() -> health.state(\"broker\") == NodeHealth.State.UP", () -> health.state("broker") == NodeHealth.State.UP);
    await(vertx.undeploy(deployment));

    // WHEN sensors publish while it is away, and the broker restarts before footfall is back
    for (int seq = 1; seq <= 3; seq++) {
      await(publish(vertx, "s-01", seq, 2));
    }
    broker.restart();
    await(deployBridge(vertx));

    // THEN every batch reaches the engine, in order
    eventually("() -> engineReceived.size() == 3", () -> engineReceived.size() == 3);
    assertThat(engineReceived).extracting(b -> b.seq).containsExactly(1L, 2L, 3L);
  }

  /** Publishes a QoS 1 batch through a fresh connection, so that a broker restart in between does not matter. */
  private Future<Integer> publish(Vertx vertx, String sensor, long seq, int devices) {
    List<Sighting> sightings = new java.util.ArrayList<>();
    for (int i = 0; i < devices; i++) {
      sightings.add(Sighting.of(String.format("%016x", 0xabc00L + i), -60, TS + i));
    }
    Buffer payload = Buffer.buffer(WireEncoder.batch(sensor, seq, sightings));
    publisher = MqttClient.create(vertx, new MqttClientOptions().setUsername(Mosquitto.USER)
        .setPassword(Mosquitto.PASSWORD).setClientId("sensor-" + sensor));
    MqttClient client = publisher;
    Promise<Integer> acked = Promise.promise();
    client.publishCompletionHandler(acked::tryComplete);
    return client.connect(broker.port, "127.0.0.1")
        .compose(ack -> client.publish(Topics.sightings("mall-a", sensor), payload, MqttQoS.AT_LEAST_ONCE, false, false))
        .compose(id -> acked.future())
        .compose(id -> client.disconnect().map(id));
  }
}
