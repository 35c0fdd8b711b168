package io.footfall.sensor;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import io.vertx.mqtt.MqttWill;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A tiny MQTT server for tests: accepts everyone, records every publish and acknowledges QoS 1. */
final class TestBroker {

  /** One received publish. */
  record Publish(String topic, boolean dup, boolean retain, JsonObject payload) {

    long seq() {
      return payload.getLong("seq");
    }
  }

  final List<Publish> publishes = new CopyOnWriteArrayList<>();
  final List<String> users = new CopyOnWriteArrayList<>();
  final List<String> passwords = new CopyOnWriteArrayList<>();
  final List<MqttWill> wills = new CopyOnWriteArrayList<>();

  private final Vertx vertx;
  private volatile Consumer<Publish> onPublish = p -> { };
  private MqttServer server;

  TestBroker(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Runs after each publish is recorded and acknowledged, on the broker's event loop. */
  TestBroker onPublish(Consumer<Publish> hook) {
    this.onPublish = hook;
    return this;
  }

  Future<Integer> start(int port) {
    server = MqttServer.create(vertx, new MqttServerOptions().setPort(port).setHost("127.0.0.1"));
    return server.endpointHandler(this::accept).listen().map(MqttServer::actualPort);
  }

  /** Closes the server and with it every client connection. */
  Future<Void> stop() {
    return server.close();
  }

  List<Publish> on(String topic) {
    return publishes.stream().filter(p -> p.topic().equals(topic)).toList();
  }

  private void accept(MqttEndpoint endpoint) {
    users.add(endpoint.auth().getUsername());
    passwords.add(endpoint.auth().getPassword());
    wills.add(endpoint.will());
    endpoint.publishAutoAck(false);
    endpoint.publishHandler(m -> {
      Publish p = new Publish(m.topicName(), m.isDup(), m.isRetain(), m.payload().toJsonObject());
      publishes.add(p);
      if (m.qosLevel().value() == 1) {
        endpoint.publishAcknowledge(m.messageId());
      }
      onPublish.accept(p);
    });
    endpoint.accept(false);
  }
}
