package io.footfall.sim;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A tiny MQTT broker for tests: checks username/password, acknowledges and records every publish. */
final class TestBroker {

  /** One publish as the broker saw it. */
  record Publish(String username, String topic, byte[] payload, MqttQoS qos) {
  }

  private final Vertx vertx;
  private final Set<String> sensors;
  private final String password;
  private final List<Publish> publishes = new ArrayList<>();
  private final List<String> refused = new ArrayList<>();
  private MqttServer server;

  TestBroker(Vertx vertx, Set<String> sensors, String password) {
    this.vertx = vertx;
    this.sensors = sensors;
    this.password = password;
  }

  Future<Integer> start() {
    server = MqttServer.create(vertx);
    server.endpointHandler(endpoint -> {
      String user = endpoint.auth() == null ? null : endpoint.auth().getUsername();
      String pass = endpoint.auth() == null ? null : endpoint.auth().getPassword();
      if (user == null || !sensors.contains(user) || !password.equals(pass)) {
        synchronized (this) {
          refused.add(String.valueOf(user));
        }
        endpoint.reject(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
        return;
      }
      endpoint.publishHandler(m -> {
        synchronized (this) {
          publishes.add(new Publish(user, m.topicName(), m.payload().getBytes(), m.qosLevel()));
        }
        if (m.qosLevel() == MqttQoS.AT_LEAST_ONCE) {
          endpoint.publishAcknowledge(m.messageId());
        }
      });
      endpoint.accept(false);
    });
    return server.listen(0).map(MqttServer::actualPort);
  }

  synchronized List<Publish> publishes() {
    return List.copyOf(publishes);
  }

  synchronized List<String> refused() {
    return List.copyOf(refused);
  }

  Future<Void> close() {
    return server.close();
  }
}
