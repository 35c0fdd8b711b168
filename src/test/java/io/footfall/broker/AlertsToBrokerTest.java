package io.footfall.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.alerts.AlertChange;
import io.footfall.bus.Addresses;
import io.footfall.notify.NotifyConfig;
import io.footfall.notify.NotifyCounters;
import io.footfall.notify.NotifyVerticle;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Alerts published by the notifier to a real Mosquitto reach a subscriber of {@code footfall/v1/+/alerts}. */
@ExtendWith(VertxExtension.class)
class AlertsToBrokerTest {

  @TempDir
  Path dir;

  @Test
  void aSubscriberOfTheSitesAlertTopicGetsEveryAlertChange(Vertx vertx, VertxTestContext test) throws Exception {
    try (Mosquitto broker = Mosquitto.start(dir)) {
      // GIVEN a dashboard of another system subscribed to every site's alerts, and the notifier connected
      JsonObject raised = new AlertChange("demo-mall", AlertChange.SENSOR_SILENT, "s-07", 1_732_838_400_000L, null,
          360_000, 300_000).toJson();
      MqttClient subscriber = MqttClient.create(vertx, new MqttClientOptions().setClientId("bms")
          .setUsername(Mosquitto.USER).setPassword(Mosquitto.PASSWORD));
      subscriber.publishHandler(message -> test.verify(() -> {
        assertThat(message.topicName()).isEqualTo("footfall/v1/demo-mall/alerts");
        assertThat(message.qosLevel()).isEqualTo(MqttQoS.AT_LEAST_ONCE);
        assertThat(new JsonObject(message.payload())).isEqualTo(raised);
        test.completeNow();
      }));
      subscriber.connect(broker.port, "127.0.0.1")
          .compose(ack -> subscriber.subscribe("footfall/v1/+/alerts", MqttQoS.AT_LEAST_ONCE.value()))
          .await(10, TimeUnit.SECONDS);
      BrokerConfig settings = new BrokerConfig(false, false, "127.0.0.1", broker.port, false, "", Mosquitto.USER,
          Mosquitto.PASSWORD, "footfall", "footfall/v1/+/+/sightings", 50, 500, "3.1.1", 86400);
      NotifyConfig notify = new NotifyConfig(List.of(), "", 1000, 1, 10, 50, 100, true, "footfall-alerts");
      vertx.deployVerticle(new NotifyVerticle(notify, settings, new NotifyCounters(notify)))
          .await(10, TimeUnit.SECONDS);

      // WHEN the engine publishes a change
      vertx.eventBus().publish(Addresses.STORE_ALERTS, raised);

      // THEN it arrives on the site's alert topic
      assertThat(test.awaitCompletion(20, TimeUnit.SECONDS)).isTrue();
    }
  }
}
