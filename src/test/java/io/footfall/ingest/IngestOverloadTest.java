package io.footfall.ingest;

import static io.footfall.ingest.MqttTestClient.await;
import static io.footfall.ingest.MqttTestClient.batch;
import static io.footfall.ingest.MqttTestClient.login;
import static io.footfall.testkit.Await.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.bus.Addresses;
import io.footfall.bus.Codecs;
import io.footfall.bus.NodeHealth;
import io.footfall.wire.SightingBatch;
import io.footfall.wire.Topics;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.junit5.VertxExtension;
import io.vertx.mqtt.MqttConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An engine that falls behind, and clients that open too many connections: the ingest sheds visibly (counted, health
 * degraded) and never queues without bound, and takes everything again once there is room.
 */
@ExtendWith(VertxExtension.class)
class IngestOverloadTest {

  private final IngestCounters counters = new IngestCounters();
  private final NodeHealth health = new NodeHealth();
  /** Batches the stand-in engine holds without answering, as a busy engine would. */
  private final List<Message<SightingBatch>> held = new CopyOnWriteArrayList<>();
  private volatile boolean engineBusy = true;

  private int deploy(Vertx vertx, MqttConfig config) throws Throwable {
    Codecs.register(vertx);
    vertx.eventBus().<SightingBatch>consumer(Addresses.ENGINE_SIGHTINGS, m -> {
      if (engineBusy) {
        held.add(m);
      } else {
        m.reply(null);
      }
    }).completion().await();
    IngestVerticle ingest = new IngestVerticle(config, List.of(IngestVerticleTest.site()), false, health, counters);
    vertx.deployVerticle(ingest).await();
    return ingest.actualPort();
  }

  @Test
  void beyondTheInFlightLimitQos0IsDroppedAndQos1RefusedUntilTheEngineCatchesUp(Vertx vertx) throws Throwable {
    // GIVEN an ingest that lets at most 2 batches of a site wait for the engine, and an engine that answers nothing
    int port = deploy(vertx, new MqttConfig("127.0.0.1", 0, 2048, 100).withLimits(2, 1000, 1000, 100, 1000));
    MqttTestClient sensor = await(MqttTestClient.connect(vertx, port, login("s-01", "pw-one")));
    String topic = Topics.sightings("mall-a", "s-01");

    // WHEN five QoS 0 batches arrive
    for (int seq = 1; seq <= 5; seq++) {
      await(sensor.publish(topic, Buffer.buffer(batch("s-01", seq, 2)), MqttQoS.AT_MOST_ONCE));
    }

    // THEN two wait in the engine, three are dropped and counted, and the ingest says it is shedding load
    eventually("the excess is counted", () -> counters.rejected("overload") == 3);
    // the event bus hands the two admitted batches to the engine a moment after the ingest counted the excess
    eventually("two batches wait in the engine", () -> held.size() == 2);
    assertThat(health.state("mqtt")).isEqualTo(NodeHealth.State.DEGRADED);

    // AND a QoS 1 batch is not acknowledged: the connection is closed so that the sensor sends it again
    sensor.publish(topic, Buffer.buffer(batch("s-01", 6, 2)), MqttQoS.AT_LEAST_ONCE);
    await(sensor.closed());
    assertThat(counters.rejected("overload")).isEqualTo(4);
    assertThat(held).hasSize(2);

    // WHEN the engine takes what it holds
    engineBusy = false;
    held.forEach(m -> m.reply(null));
    eventually("health recovers", () -> health.state("mqtt") == NodeHealth.State.UP);

    // THEN the re-sent QoS 1 batch is taken and acknowledged
    MqttTestClient again = await(MqttTestClient.connect(vertx, port, login("s-01", "pw-one")));
    await(again.publish(topic, Buffer.buffer(batch("s-01", 6, 2)), MqttQoS.AT_LEAST_ONCE));
    assertThat(counters.sensor("mall-a/s-01").batches()).isEqualTo(3);
  }

  @Test
  void aConnectionShedForItsRateFirstAcknowledgesTheBatchesTheEngineTookThenCloses(Vertx vertx) throws Throwable {
    // GIVEN one publish per second with a burst of two: publishes 3-7 are held back 1-5 s, the 8th would wait 6 s
    int port = deploy(vertx, new MqttConfig("127.0.0.1", 0, 2048, 100).withLimits(256, 1, 2, 100, 1000));
    MqttTestClient sensor = await(MqttTestClient.connect(vertx, port, login("s-01", "pw-one")));
    String topic = Topics.sightings("mall-a", "s-01");

    // WHEN a sensor sends eight QoS 1 batches at once while the engine still holds the first two
    List<Future<Void>> acks = new ArrayList<>();
    for (int seq = 1; seq <= 8; seq++) {
      acks.add(sensor.publish(topic, Buffer.buffer(batch("s-01", seq, 2)), MqttQoS.AT_LEAST_ONCE));
    }
    eventually("the eighth is refused", () -> counters.rejected("rate") == 1);
    eventually("the first two wait in the engine", () -> held.size() == 2);
    assertThat(sensor.client.isConnected()).as("open until the engine answered for what it took").isTrue();
    engineBusy = false;
    held.forEach(m -> m.reply(null));

    // THEN the two batches the engine took are acknowledged before the connection closes, and nothing else is
    await(acks.get(0));
    await(acks.get(1));
    await(sensor.closed());
    assertThat(acks.subList(2, 8)).noneMatch(Future::succeeded);
    assertThat(counters.sensor("mall-a/s-01").batches()).isEqualTo(2);
  }

  @Test
  void refusesConnectionsBeyondTheLimitPerAddressAndCountsThem(Vertx vertx) throws Throwable {
    int port = deploy(vertx, new MqttConfig("127.0.0.1", 0, 2048, 100).withLimits(256, 1000, 1000, 2, 1000));
    MqttTestClient first = await(MqttTestClient.connect(vertx, port, login("s-01", "pw-one")));
    await(MqttTestClient.connect(vertx, port, login("s-02", "pw-two")));

    assertThatThrownBy(() -> await(MqttTestClient.connect(vertx, port, login("s-01", "pw-one"))))
        .isInstanceOfSatisfying(MqttConnectionException.class, e -> assertThat(e.code())
            .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE));
    assertThat(counters.rejected("connections-per-ip")).isEqualTo(1);

    await(first.client.disconnect());
    await(first.closed());
    eventually("a slot is free again", () -> {
      try {
        await(MqttTestClient.connect(vertx, port, login("s-01", "pw-one")));
        return true;
      } catch (Throwable refused) {
        return false;
      }
    });
  }

  @Test
  void refusesConnectAttemptsBeyondTheLimitPerMinute(Vertx vertx) throws Throwable {
    int port = deploy(vertx, new MqttConfig("127.0.0.1", 0, 2048, 100).withLimits(256, 1000, 1000, 100, 3));
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> await(MqttTestClient.connect(vertx, port, login("nobody", "guess"))))
          .isInstanceOf(MqttConnectionException.class);
    }

    assertThatThrownBy(() -> await(MqttTestClient.connect(vertx, port, login("s-01", "pw-one"))))
        .isInstanceOfSatisfying(MqttConnectionException.class, e -> assertThat(e.code())
            .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE));
    assertThat(counters.rejected("auth")).isEqualTo(3);
    assertThat(counters.rejected("connect-rate")).isEqualTo(1);
  }

}
