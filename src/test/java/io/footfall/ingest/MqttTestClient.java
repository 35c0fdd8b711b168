package io.footfall.ingest;

import io.footfall.wire.Sighting;
import io.footfall.wire.WireEncoder;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** A real Vert.x MQTT client as a sensor, with PUBACKs as futures. */
public final class MqttTestClient {

  static final long TS = 1_732_838_400_000L;

  final MqttClient client;
  private final Map<Integer, Promise<Void>> acks = new ConcurrentHashMap<>();
  private final Promise<Void> closed = Promise.promise();

  private MqttTestClient(MqttClient client) {
    this.client = client;
    // the PUBACK may be read before the publish future's callback runs, so either side may create the promise
    client.publishCompletionHandler(id -> acks.computeIfAbsent(id, k -> Promise.promise()).tryComplete());
    client.closeHandler(v -> closed.tryComplete());
  }

  public static Future<MqttTestClient> connect(Vertx vertx, int port, MqttClientOptions options) {
    MqttClient client = MqttClient.create(vertx, options);
    MqttTestClient sensor = new MqttTestClient(client);
    return client.connect(port, "127.0.0.1").map(ack -> sensor);
  }

  public static MqttClientOptions login(String user, String password) {
    return new MqttClientOptions().setUsername(user).setPassword(password)
        .setClientId(user + "-" + System.nanoTime()).setMaxInflightQueue(1000);
  }

  /** Completes when the PUBACK arrives (QoS 1) or once written (QoS 0). */
  public Future<Void> publish(String topic, Buffer payload, MqttQoS qos) {
    if (qos == MqttQoS.AT_MOST_ONCE) {
      return client.publish(topic, payload, qos, false, false).mapEmpty();
    }
    return client.publish(topic, payload, qos, false, false)
        .compose(id -> acks.computeIfAbsent(id, k -> Promise.promise()).future()
            .andThen(done -> acks.remove(id)));
  }

  public Future<Void> closed() {
    return closed.future();
  }

  static String batch(String sensor, long seq, int sightings) {
    List<Sighting> list = new ArrayList<>();
    for (int i = 0; i < sightings; i++) {
      list.add(Sighting.of(String.format("%016x", 0xabcdef00L + i), -60 - i, TS + seq * 1000 + i));
    }
    return WireEncoder.batch(sensor, seq, list);
  }

  /** The future's value, or its own failure (vert.x MQTT fails connects with a Throwable that is no Exception). */
  public static <T> T await(Future<T> future) throws Throwable {
    try {
      return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause();
    }
  }
}
