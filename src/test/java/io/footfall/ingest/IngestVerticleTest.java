package io.footfall.ingest;

import static io.footfall.testkit.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.bus.Addresses;
import io.footfall.bus.Codecs;
import io.footfall.bus.NodeHealth;
import io.footfall.site.Floor;
import io.footfall.site.Point;
import io.footfall.site.SensorSecrets;
import io.footfall.site.SensorSpec;
import io.footfall.site.Site;
import io.footfall.site.Zone;
import io.footfall.site.ZoneKind;
import io.footfall.wire.Sighting;
import io.footfall.wire.SightingBatch;
import io.footfall.wire.Topics;
import io.footfall.wire.WireEncoder;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.MqttConnectionException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The MQTT ingest through a real Vert.x MQTT server and client, with a real event bus behind it. */
@ExtendWith(VertxExtension.class)
class IngestVerticleTest {

  private static final long TS = 1_732_838_400_000L;
  private static final String SECRET_1 = SensorSecrets.hash("pw-one");
  private static final String SECRET_2 = SensorSecrets.hash("pw-two");

  private final List<SightingBatch> engineReceived = new CopyOnWriteArrayList<>();
  private final IngestCounters counters = new IngestCounters();
  private int port;

  static Site site() {
    List<Point> square = List.of(new Point(0, 0), new Point(10, 0), new Point(10, 10), new Point(0, 10));
    return new Site("mall-a", "Mall A", "UTC", List.of(new Floor("G", "Ground", 0, 20, 20)),
        List.of(new Zone(0, "shop", "Shop", ZoneKind.STORE, "G", 30, square, null)),
        List.of(new SensorSpec(0, "s-01", "G", 5, 5, "shop", SECRET_1),
            new SensorSpec(1, "s-02", "G", 6, 6, "shop", SECRET_2)));
  }

  @BeforeEach
  void deploy(Vertx vertx) throws Exception {
    Codecs.register(vertx);
    // the engine's side of the contract: take the batch and reply; a number taken before is a duplicate
    vertx.eventBus().<SightingBatch>consumer(Addresses.ENGINE_SIGHTINGS, m -> {
      boolean seen = engineReceived.stream().anyMatch(b -> b.sensor.equals(m.body().sensor) && b.seq == m.body().seq);
      if (!seen) {
        engineReceived.add(m.body());
      }
      m.reply(seen ? Addresses.EngineReply.DUPLICATE : Addresses.EngineReply.TAKEN);
    });
    IngestVerticle ingest = new IngestVerticle(new MqttConfig("127.0.0.1", 0, 2048, 100), List.of(site()), false,
        new NodeHealth(), counters);
    await(vertx.deployVerticle(ingest));
    port = ingest.actualPort();
  }

  @Test
  void acknowledgesValidBatchOnlyAfterTheEngineTookIt(Vertx vertx) throws Exception {
    MqttClient client = await(connect(vertx, "s-01", "pw-one"));

    List<Integer> acked = await(publishAndAwaitAck(client, "mall-a", "s-01", batch("s-01", 1, 3)));

    assertThat(acked).hasSize(1);
    assertThat(engineReceived).hasSize(1);
    SightingBatch got = engineReceived.get(0);
    assertThat(got.site).isEqualTo("mall-a");
    assertThat(got.sensorIndex).isZero();
    assertThat(got.size).isEqualTo(3);
    assertThat(counters.sensor("mall-a/s-01").sightings()).isEqualTo(3);
  }

  @Test
  void acknowledgesAndCountsABatchTheEngineCallsADuplicate(Vertx vertx) throws Exception {
    MqttClient client = await(connect(vertx, "s-01", "pw-one"));

    await(publishAndAwaitAck(client, "mall-a", "s-01", batch("s-01", 7, 2)));
    await(publishAndAwaitAck(client, "mall-a", "s-01", batch("s-01", 7, 2)));
    await(publishAndAwaitAck(client, "mall-a", "s-01", batch("s-01", 8, 2)));

    assertThat(engineReceived).extracting(b -> b.seq).containsExactly(7L, 8L);
    assertThat(counters.sensor("mall-a/s-01").rejected("duplicate")).isEqualTo(1);
  }

  @Test
  void refusesWrongPasswordAndCountsIt(Vertx vertx) {
    Throwable failure = awaitFailure(connect(vertx, "s-01", "wrong"));

    assertThat(failure).isInstanceOf(MqttConnectionException.class);
    assertThat(((MqttConnectionException) failure).code())
        .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
    assertThat(counters.sensor("?/s-01").rejected("auth")).isEqualTo(1);
  }

  @Test
  void refusesTheDemoPasswordOutsideDemoMode(Vertx vertx) {
    assertThat(awaitFailure(connect(vertx, "s-01", "demo"))).isInstanceOf(MqttConnectionException.class);
  }

  @Test
  void rejectsBatchFromAnotherSensorsTopicAndKeepsTheConnection(Vertx vertx) throws Exception {
    MqttClient client = await(connect(vertx, "s-01", "pw-one"));

    await(publishAndAwaitAck(client, "mall-a", "s-02", batch("s-02", 1, 2)));
    await(publishAndAwaitAck(client, "mall-a", "s-01", batch("s-01", 2, 2)));

    assertThat(counters.sensor("mall-a/s-01").rejected("acl")).isEqualTo(1);
    assertThat(engineReceived).extracting(b -> b.sensor).containsExactly("s-01");
    assertThat(client.isConnected()).isTrue();
  }

  @Test
  void rejectsInvalidJsonBadFieldsOversizeAndMismatchedSensorYetProcessesOtherSensors(Vertx vertx) throws Exception {
    MqttClient bad = await(connect(vertx, "s-01", "pw-one"));
    MqttClient good = await(connect(vertx, "s-02", "pw-two"));

    // GIVEN a sensor that sends every kind of bad batch, interleaved with a healthy sensor in the same second
    await(publishAndAwaitAck(bad, "mall-a", "s-01", "{not json"));
    await(publishAndAwaitAck(good, "mall-a", "s-02", batch("s-02", 1, 2)));
    await(publishAndAwaitAck(bad, "mall-a", "s-01", "{\"sensor\":\"s-01\",\"seq\":1,\"sightings\":[{\"dev\":\"ab\",\"rssi\":\"loud\",\"ts\":" + TS + "}]}"));
    await(publishAndAwaitAck(bad, "mall-a", "s-01", batch("s-01", 2, 40)));
    await(publishAndAwaitAck(bad, "mall-a", "s-01", batch("s-02", 3, 1)));
    await(publishAndAwaitAck(good, "mall-a", "s-02", batch("s-02", 2, 2)));

    // THEN each is refused with its reason and counted, and the healthy sensor's data all arrives
    assertThat(counters.sensor("mall-a/s-01").rejected("json")).isEqualTo(1);
    assertThat(counters.sensor("mall-a/s-01").rejected("schema")).isEqualTo(2);
    assertThat(counters.sensor("mall-a/s-01").rejected("too-large")).isEqualTo(1);
    assertThat(engineReceived).extracting(b -> b.sensor).containsExactly("s-02", "s-02");
    assertThat(bad.isConnected()).isTrue();
  }

  private Future<MqttClient> connect(Vertx vertx, String user, String password) {
    MqttClient client = MqttClient.create(vertx, new MqttClientOptions().setUsername(user).setPassword(password)
        .setClientId(user + "-" + System.nanoTime()));
    return client.connect(port, "127.0.0.1").map(ack -> client);
  }

  private final Map<MqttClient, Promise<Integer>> pendingAcks = new ConcurrentHashMap<>();

  /** Publishes at QoS 1 and completes when the server's PUBACK arrives. */
  private Future<List<Integer>> publishAndAwaitAck(MqttClient client, String site, String sensor, String payload) {
    Promise<Integer> acked = Promise.promise();
    pendingAcks.put(client, acked);
    client.publishCompletionHandler(id -> pendingAcks.remove(client).tryComplete(id));
    return client.publish(Topics.sightings(site, sensor), Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, false)
        .compose(id -> acked.future())
        .map(List::of);
  }

  private static String batch(String sensor, long seq, int sightings) {
    List<Sighting> list = new java.util.ArrayList<>();
    for (int i = 0; i < sightings; i++) {
      list.add(Sighting.of(String.format("%016x", 0xabcdef00L + i), -60 - i, TS + i));
    }
    return WireEncoder.batch(sensor, seq, list);
  }


  private static Throwable awaitFailure(Future<?> future) {
    try {
      future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure");
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
