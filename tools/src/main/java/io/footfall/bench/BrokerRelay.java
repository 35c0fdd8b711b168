package io.footfall.bench;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;

/**
 * The far end of the broker comparison: one MQTT subscriber to every bench sensor's sightings topic, at the
 * publishers' QoS. Each message is matched to its schedule by the sensor in its topic and the {@code seq} at the
 * start of its payload, so broker and footfall are timed by the same clock and the same rules.
 */
final class BrokerRelay {

  private static final String SENSOR_MARK = "/b-";
  private static final byte[] SEQ = ",\"seq\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private final Vertx vertx;
  private final Delivery delivery;
  private final int batchSize;
  private MqttClient client;

  BrokerRelay(Vertx vertx, Delivery delivery, int batchSize) {
    this.vertx = vertx;
    this.delivery = delivery;
    this.batchSize = batchSize;
  }

  Future<Void> subscribe(String host, int port, int qos) {
    client = MqttClient.create(vertx, new MqttClientOptions().setClientId("footfall-bench-relay")
        .setCleanSession(true).setMaxMessageSize(-1).setAutoKeepAlive(true));
    client.publishHandler(this::onMessage);
    return client.connect(port, host)
        .compose(ack -> client.subscribe("footfall/v1/" + SyntheticSite.ID + "/+/sightings", qos))
        .mapEmpty();
  }

  private void onMessage(MqttPublishMessage message) {
    String topic = message.topicName();
    int at = topic.indexOf(SENSOR_MARK);
    if (at < 0) {
      return;
    }
    int end = topic.indexOf('/', at + 1);
    int sensor = Integer.parseInt(topic, at + SENSOR_MARK.length(), end, 10);
    delivery.arrived(sensor, seqOf(message.payload()), batchSize);
    if (message.qosLevel() == MqttQoS.AT_LEAST_ONCE) {
      message.ack();
    }
  }

  /** The batch's seq, which {@link BatchWriter} writes right after the sensor id. */
  private static long seqOf(Buffer payload) {
    int limit = Math.min(payload.length(), 128);
    outer:
    for (int i = 0; i + SEQ.length < limit; i++) {
      for (int k = 0; k < SEQ.length; k++) {
        if (payload.getByte(i + k) != SEQ[k]) {
          continue outer;
        }
      }
      long seq = 0;
      for (int j = i + SEQ.length; j < limit; j++) {
        byte b = payload.getByte(j);
        if (b < '0' || b > '9') {
          break;
        }
        seq = seq * 10 + (b - '0');
      }
      return seq;
    }
    return -1;
  }

  Future<Void> close() {
    return client == null || !client.isConnected() ? Future.succeededFuture() : client.disconnect();
  }
}
