package io.footfall.notify;

import io.footfall.broker.BrokerConfig;
import io.footfall.broker.Reconnects;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes alert changes, QoS 1, to {@code footfall/v1/{site}/alerts} on the external broker of the
 * {@code broker.*} settings, over a connection of its own ({@code notifications.mqttClientId}). A change stays
 * queued until the broker acknowledged it: unacknowledged ones are published again after a reconnect, so a receiver
 * may see one twice (the alert id tells). The queue is bounded by {@code notifications.maxQueued}; beyond it the
 * oldest change is dropped, counted and logged. A lost connection is retried with the broker's exponential backoff.
 * Outcomes are counted in {@link NotifyCounters}.
 */
public final class MqttAlerts {

  private static final Logger LOG = LoggerFactory.getLogger(MqttAlerts.class);
  /** The Vert.x client's default in-flight window for QoS 1. */
  private static final int MAX_IN_FLIGHT = 10;

  private final Vertx vertx;
  private final BrokerConfig broker;
  private final NotifyConfig config;
  private final NotifyCounters counters;
  private final Deque<Pending> waiting = new ArrayDeque<>();
  private final Map<Integer, Pending> unacknowledged = new LinkedHashMap<>();
  /** PUBACKs that came before the client reported the packet id of their publish. */
  private final Set<Integer> earlyAcks = new HashSet<>();
  private int sending;
  private MqttClient client;
  private boolean connected;
  private final Reconnects reconnects;

  public MqttAlerts(Vertx vertx, BrokerConfig broker, NotifyConfig config, NotifyCounters counters) {
    this.vertx = vertx;
    this.broker = broker;
    this.config = config;
    this.counters = counters;
    this.reconnects = new Reconnects(vertx, broker, this::connect);
  }

  /** The topic alerts of a site are published on. */
  public static String topic(String site) {
    return "footfall/v1/" + site + "/alerts";
  }

  /** Connects in the background: a broker that is down does not stop the node. */
  public void start() {
    connect();
  }

  public void publish(JsonObject alert) {
    if (waiting.size() + unacknowledged.size() >= config.maxQueued() && !waiting.isEmpty()) {
      Pending oldest = waiting.pollFirst();
      LOG.warn("dropping alert for broker [topic: {}, reason: queue full, dropped: {}]", oldest.topic,
          counters.mqttDroppedOne());
    }
    waiting.addLast(new Pending(topic(alert.getString("site")), alert.toBuffer()));
    drain();
  }

  public Future<Void> close() {
    reconnects.stop();
    if (!waiting.isEmpty() || !unacknowledged.isEmpty()) {
      LOG.info("alerts not published to broker at stop [count: {}]", waiting.size() + unacknowledged.size());
    }
    return client != null && client.isConnected() ? client.disconnect() : Future.succeededFuture();
  }

  private MqttClientOptions options() {
    return broker.clientOptions(config.mqttClientId())
        .setCleanSession(true)
        .setMaxInflightQueue(MAX_IN_FLIGHT);
  }

  private void connect() {
    MqttClient attempt = MqttClient.create(vertx, options());
    client = attempt;
    attempt.publishCompletionHandler(this::acknowledged);
    attempt.closeHandler(v -> onClosed(attempt));
    attempt.exceptionHandler(e -> LOG.debug("alert broker connection error [reason: {}]", e.getMessage()));
    attempt.connect(broker.port(), broker.host())
        .onSuccess(ack -> connected())
        .onFailure(failure -> {
          LOG.warn("cannot connect to broker for alerts [broker: {}:{}, reason: {}, retry in: {} ms]",
              broker.host(), broker.port(), failure.getMessage(), reconnects.nextWaitMs());
          reconnects.schedule();
        });
  }

  private void connected() {
    connected = true;
    reconnects.succeeded();
    LOG.info("publishing alerts to broker [broker: {}:{}, client: {}]", broker.host(), broker.port(),
        config.mqttClientId());
    drain();
  }

  private void drain() {
    while (connected && sending + unacknowledged.size() < MAX_IN_FLIGHT && !waiting.isEmpty()) {
      Pending next = waiting.pollFirst();
      MqttClient current = client;
      sending++;
      current.publish(next.topic, next.payload, MqttQoS.AT_LEAST_ONCE, false, false)
          .onComplete(r -> sending--)
          .onSuccess(packetId -> sent(current, packetId, next))
          .onFailure(failure -> {
            LOG.debug("alert publish failed [topic: {}, reason: {}]", next.topic, failure.getMessage());
            counters.mqttFailed(1);
            waiting.addFirst(next);
          });
    }
  }

  private void sent(MqttClient from, int packetId, Pending change) {
    if (earlyAcks.remove(packetId)) {
      counters.mqttPublished(1);
      drain();
    } else if (from == client && connected) {
      unacknowledged.put(packetId, change);
    } else {
      counters.mqttFailed(1);
      waiting.addFirst(change);
    }
  }

  private void acknowledged(int packetId) {
    if (unacknowledged.remove(packetId) != null) {
      counters.mqttPublished(1);
    } else {
      earlyAcks.add(packetId);
    }
    drain();
  }

  private void onClosed(MqttClient closed) {
    if (closed != client || reconnects.stopped()) {
      return;
    }
    connected = false;
    earlyAcks.clear();
    List<Pending> resend = new ArrayList<>(unacknowledged.values());
    unacknowledged.clear();
    counters.mqttFailed(resend.size());
    for (int i = resend.size() - 1; i >= 0; i--) {
      waiting.addFirst(resend.get(i));
    }
    LOG.info("alert broker connection closed [broker: {}:{}, queued: {}, retry in: {} ms]",
        broker.host(), broker.port(), waiting.size(), reconnects.nextWaitMs());
    reconnects.schedule();
  }

  private record Pending(String topic, Buffer payload) {
  }
}
