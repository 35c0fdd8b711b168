package io.footfall.broker;

import io.footfall.bus.NodeHealth;
import io.footfall.fault.ClientFault;
import io.footfall.ingest.BatchIntake;
import io.footfall.ingest.IngestCounters;
import io.footfall.ingest.MqttConfig;
import io.footfall.site.SensorSpec;
import io.footfall.site.Site;
import io.footfall.wire.SightingBatch;
import io.footfall.wire.Topics;
import io.footfall.wire.WireDecoder;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscribes to sightings on an existing MQTT broker, as an MQTT 3.1.1 or 5 client ({@link MqttSubscriber}).
 *
 * <p>Consumes PUBLISH messages on {@link BrokerConfig#topic()} (QoS 1, persistent session under a fixed client id).
 * Produces batches on {@link io.footfall.bus.Addresses#ENGINE_SIGHTINGS} through {@link BatchIntake} (source
 * {@code broker}). The broker authenticated the publisher, so the sensor identity comes from the topic; a topic
 * whose site or sensor is not in the site files is refused ({@code acl}). A batch is acknowledged to the broker
 * only once the engine took it; if the engine cannot, the connection is dropped so that the broker redelivers it
 * on the next session. Malformed or refused batches are acknowledged, counted and dropped. A lost connection is
 * retried with exponential backoff. Reports health component {@code broker}.
 */
public final class BrokerBridgeVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(BrokerBridgeVerticle.class);
  private static final String HEALTH = "broker";

  private final BrokerConfig config;
  private final int maxPayloadBytes;
  private final WireDecoder decoder;
  private final NodeHealth health;
  private final IngestCounters counters;
  private final Map<String, Site> sites = new LinkedHashMap<>();
  private BatchIntake intake;
  private final long engineTimeoutMs;
  private MqttSubscriber client;
  private Reconnects reconnects;

  /** @param limits the payload and batch limits of footfall's own endpoint, applied to the broker's messages too */
  public BrokerBridgeVerticle(BrokerConfig config, MqttConfig limits, List<Site> sites, NodeHealth health,
                              IngestCounters counters) {
    this(config, limits, sites, health, counters, BatchIntake.ENGINE_TIMEOUT_MS);
  }

  /**
   * @param limits          the payload and batch limits of footfall's own endpoint, applied to the broker's too
   * @param engineTimeoutMs how long a message may wait for the engine to take it (on a cluster node, through a
   *                        takeover) before it is left unacknowledged for the broker to deliver again
   */
  public BrokerBridgeVerticle(BrokerConfig config, MqttConfig limits, List<Site> sites, NodeHealth health,
                              IngestCounters counters, long engineTimeoutMs) {
    this.engineTimeoutMs = engineTimeoutMs;
    this.config = config;
    this.maxPayloadBytes = limits.maxPayloadBytes();
    this.decoder = new WireDecoder(limits.maxSightings());
    this.health = health;
    this.counters = counters;
    sites.forEach(site -> this.sites.put(site.id(), site));
  }

  @Override
  public Future<?> start() {
    intake = new BatchIntake(vertx, counters, "broker", engineTimeoutMs);
    reconnects = new Reconnects(vertx, config, this::connect);
    health.report(HEALTH, NodeHealth.State.STARTING, "connecting to " + config.host() + ":" + config.port());
    // a broker that is down must not stop the node: the first attempt fails into the reconnect loop
    connect();
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    reconnects.stop();
    health.report(HEALTH, NodeHealth.State.DOWN, "stopped");
    // a clean DISCONNECT keeps the persistent session, so the broker queues what arrives until we are back
    return client != null ? client.disconnect() : Future.succeededFuture();
  }

  private void connect() {
    // the decoder takes more than the payload limit, so an oversize batch is refused and counted, not fatal
    MqttSubscriber attempt = new MqttSubscriber(vertx, config.subscriberSettings(maxPayloadBytes * 4));
    client = attempt;
    attempt.messageHandler(message -> onPublish(attempt, message));
    attempt.closeHandler(() -> onClosed(attempt));
    attempt.connect(config.port(), config.host())
        .compose(ack -> attempt.subscribe(config.topic()))
        .onSuccess(id -> subscribed())
        .onFailure(failure -> {
          LOG.warn("cannot subscribe to broker [broker: {}:{}, reason: {}, retry in: {} ms]",
              config.host(), config.port(), reason(failure), reconnects.nextWaitMs());
          health.report(HEALTH, NodeHealth.State.DEGRADED,
              "cannot reach " + config.host() + ":" + config.port() + " (" + reason(failure) + ")");
          attempt.disconnect();
          reconnects.schedule();
        });
  }

  private void subscribed() {
    reconnects.succeeded();
    LOG.info("subscribed to broker [broker: {}:{}, topic: {}, client: {}, protocol: {}]",
        config.host(), config.port(), config.topic(), config.clientId(), config.protocol());
    health.report(HEALTH, NodeHealth.State.UP, "subscribed to " + config.host() + ":" + config.port());
  }

  private void onClosed(MqttSubscriber closed) {
    if (closed != client || reconnects.stopped()) {
      return;
    }
    LOG.info("broker connection closed [broker: {}:{}, retry in: {} ms]", config.host(), config.port(),
        reconnects.nextWaitMs());
    health.report(HEALTH, NodeHealth.State.DEGRADED, "reconnecting to " + config.host() + ":" + config.port());
    reconnects.schedule();
  }

  private void onPublish(MqttSubscriber from, MqttSubscriber.Message message) {
    String[] topic = Topics.parse(message.topic());
    try {
      SensorSpec sensor = authorize(topic);
      if (message.payload().length > maxPayloadBytes) {
        throw new ClientFault(ClientFault.Kind.TOO_LARGE, "too-large",
            "payload of " + message.payload().length + " bytes exceeds " + maxPayloadBytes);
      }
      SightingBatch batch = decoder.decode(message.payload());
      boolean confirm = message.qos() != MqttQoS.AT_MOST_ONCE;
      intake.submit(topic[0], sensor.id(), sensor.index(), batch, confirm)
          .onSuccess(outcome -> from.acknowledge(message))
          .onFailure(failure -> {
            // unacknowledged, the batch stays with the broker, which sends it again on the next connection
            LOG.warn("engine did not take batch, reconnecting to broker [sensor: {}/{}, reason: {}]",
                topic[0], topic[1], failure.getMessage());
            if (from.isConnected()) {
              from.disconnect();
            }
          });
    } catch (ClientFault fault) {
      String key = topic == null ? "?" : topic[0];
      intake.rejected(key, topic == null ? "?" : topic[1], fault.reason());
      LOG.debug("rejecting broker message [topic: {}, reason: {}, detail: {}]",
          message.topic(), fault.reason(), fault.getMessage());
      from.acknowledge(message);
    }
  }

  /** The broker authenticated the publisher; footfall still only takes sightings of sensors it knows. */
  private SensorSpec authorize(String[] topic) {
    if (topic == null || !"sightings".equals(topic[2])) {
      throw new ClientFault(ClientFault.Kind.FORBIDDEN, "acl", "topic is not footfall/v1/{site}/{sensor}/sightings");
    }
    Site site = sites.get(topic[0]);
    if (site == null) {
      throw new ClientFault(ClientFault.Kind.FORBIDDEN, "acl", "no site '" + topic[0] + "'");
    }
    return site.sensor(topic[1]).orElseThrow(() ->
        new ClientFault(ClientFault.Kind.FORBIDDEN, "acl", "no sensor '" + topic[1] + "' on site '" + topic[0] + "'"));
  }

  /**
   * The failure and its root cause: a TLS failure says only "Failed to create SSL connection", the cause says why
   * (an untrusted certificate, a name that does not match {@code broker.host}).
   */
  static String reason(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = String.valueOf(failure.getMessage());
    return root == failure || message.contains(String.valueOf(root.getMessage())) ? message
        : message + ": " + root.getMessage();
  }
}
