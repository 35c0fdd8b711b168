package io.footfall.notify;

import io.footfall.broker.BrokerConfig;
import io.footfall.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells other systems about alerts (docs/integrations.md).
 *
 * <p>Consumes {@link Addresses#STORE_ALERTS} (alert changes as JSON, published by the site engine next to the alert
 * store) and produces, for every change, a signed webhook POST to each of {@code notifications.webhooks}
 * ({@link Webhooks}) and, with {@code notifications.mqtt}, a QoS 1 publish to {@code footfall/v1/{site}/alerts} on the
 * external broker ({@link MqttAlerts}). Never waits for a receiver: deliveries are queued, bounded and retried.
 * Their outcomes are counted in the {@link NotifyCounters} given to it, which {@code /metrics} exports.
 */
public final class NotifyVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(NotifyVerticle.class);

  private final NotifyConfig config;
  private final BrokerConfig broker;
  private final NotifyCounters counters;
  private Webhooks webhooks;
  private MqttAlerts mqtt;
  private MessageConsumer<JsonObject> consumer;

  /**
   * @param broker   the broker alerts are published to when {@code notifications.mqtt} is on
   * @param counters made from the same {@code config}; where deliveries are counted
   */
  public NotifyVerticle(NotifyConfig config, BrokerConfig broker, NotifyCounters counters) {
    if (config.mqtt() && broker.enabled() && config.mqttClientId().equals(broker.clientId())) {
      // two connections under one client id take the session from each other on every reconnect
      throw new IllegalArgumentException("notifications.mqttClientId must differ from broker.clientId, both are '"
          + broker.clientId() + "'");
    }
    this.config = config;
    this.broker = broker;
    this.counters = counters;
  }

  @Override
  public Future<?> start() {
    if (!config.webhooks().isEmpty()) {
      webhooks = new Webhooks(vertx, config, counters);
    }
    if (config.mqtt()) {
      mqtt = new MqttAlerts(vertx, broker, config, counters);
      mqtt.start();
    }
    consumer = Addresses.consumer(vertx.eventBus(), Addresses.STORE_ALERTS, this::onChange);
    return consumer.completion()
        .onSuccess(v -> LOG.info("alert notifier started [webhooks: {}, mqtt: {}]", config.webhooks().size(),
            config.mqtt() ? broker.host() + ":" + broker.port() : "off"));
  }

  @Override
  public Future<?> stop() {
    List<Future<?>> closing = new ArrayList<>();
    closing.add(consumer.unregister());
    if (webhooks != null) {
      closing.add(webhooks.close());
      LOG.info("alert webhooks stopped [delivered: {}, failed: {}, dropped: {}]",
          webhooks.delivered(), webhooks.failed(), webhooks.dropped());
    }
    if (mqtt != null) {
      closing.add(mqtt.close());
      LOG.info("alert publishing to broker stopped [published: {}, failed attempts: {}, dropped: {}]",
          counters.mqttPublished(), counters.mqttFailed(), counters.mqttDropped());
    }
    return Future.join(closing);
  }

  private void onChange(Message<JsonObject> message) {
    JsonObject alert = message.body();
    LOG.debug("notifying alert [site: {}, id: {}, state: {}]", alert.getString("site"), alert.getString("id"),
        alert.getString("state"));
    if (webhooks != null) {
      webhooks.deliver(alert);
    }
    if (mqtt != null) {
      mqtt.publish(alert);
    }
  }
}
