package io.footfall.sim;

import io.footfall.site.SensorSpec;
import io.footfall.wire.Topics;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated sensor's MQTT connection, exactly as a real sensor agent makes it: username = sensor id,
 * the sensor's password, sightings on the sensor's topic. It bounds the publishes awaiting a PUBACK (QoS 1) or
 * a write (QoS 0), so that a fast simulation waits for the broker instead of queueing without end. If the
 * broker drops the connection the link reconnects, and batches produced meanwhile are dropped and counted, as
 * a sensor without a buffer would.
 */
final class SensorLink {

  private static final Logger LOG = LoggerFactory.getLogger(SensorLink.class);
  private static final long RECONNECT_DELAY_MS = 2_000;

  private final Vertx vertx;
  private final SensorSpec sensor;
  private final String topic;
  private final SimOptions options;
  private final MqttQoS qos;
  private final Runnable onReady;
  private MqttClient client;
  private int inflight;
  private boolean closing;
  private long dropped;
  private Promise<Void> drained;

  /** @param onReady called when the link can take a publish again after being full */
  SensorLink(Vertx vertx, String siteId, SensorSpec sensor, SimOptions options, Runnable onReady) {
    this.vertx = vertx;
    this.sensor = sensor;
    this.topic = Topics.sightings(siteId, sensor.id());
    this.options = options;
    this.qos = options.qos() == 1 ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE;
    this.onReady = onReady;
  }

  Future<Void> connect() {
    MqttClientOptions o = new MqttClientOptions()
        .setClientId(sensor.id())
        .setUsername(sensor.id())
        .setPassword(options.passwordFor(sensor.id()))
        .setCleanSession(true)
        .setMaxInflightQueue(options.maxInflight() + 1);
    client = MqttClient.create(vertx, o);
    client.publishCompletionHandler(id -> acknowledged());
    client.publishCompletionExpirationHandler(id -> acknowledged());
    client.closeHandler(v -> connectionLost());
    return client.connect(options.port(), options.host())
        .compose(ack -> Future.<Void>succeededFuture())
        .onSuccess(v -> LOG.debug("sensor connected [sensor: {}]", sensor.id()));
  }

  boolean ready() {
    return inflight < options.maxInflight() || !client.isConnected();
  }

  void publish(String payload) {
    if (!client.isConnected()) {
      dropped++;
      return;
    }
    inflight++;
    Future<Integer> sent = client.publish(topic, Buffer.buffer(payload.getBytes(StandardCharsets.UTF_8)), qos, false,
        false);
    if (qos == MqttQoS.AT_MOST_ONCE) {
      sent.onComplete(r -> acknowledged());
    } else {
      sent.onFailure(e -> {
        LOG.warn("publish failed [sensor: {}, reason: {}]", sensor.id(), e.getMessage());
        acknowledged();
      });
    }
  }

  long dropped() {
    return dropped;
  }

  /** Completes once every publish so far is acknowledged (or the connection is gone). */
  Future<Void> drain() {
    if (inflight == 0 || !client.isConnected()) {
      return Future.succeededFuture();
    }
    if (drained == null) {
      drained = Promise.promise();
    }
    return drained.future();
  }

  Future<Void> disconnect() {
    closing = true;
    if (client == null || !client.isConnected()) {
      return Future.succeededFuture();
    }
    return client.disconnect();
  }

  private void acknowledged() {
    boolean wasFull = inflight >= options.maxInflight();
    inflight = Math.max(0, inflight - 1);
    if (inflight == 0 && drained != null) {
      Promise<Void> p = drained;
      drained = null;
      p.complete();
    }
    if (wasFull) {
      onReady.run();
    }
  }

  private void connectionLost() {
    inflight = 0;
    if (drained != null) {
      drained.complete();
      drained = null;
    }
    if (closing) {
      return;
    }
    LOG.warn("sensor connection lost, reconnecting [sensor: {}]", sensor.id());
    onReady.run();
    vertx.setTimer(RECONNECT_DELAY_MS, t -> reconnect());
  }

  private void reconnect() {
    if (closing) {
      return;
    }
    client.connect(options.port(), options.host())
        .onSuccess(ack -> LOG.info("sensor reconnected [sensor: {}, dropped: {}]", sensor.id(), dropped))
        .onFailure(e -> vertx.setTimer(RECONNECT_DELAY_MS, t -> reconnect()));
  }
}
