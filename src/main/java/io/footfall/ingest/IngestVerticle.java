package io.footfall.ingest;

import io.footfall.app.Addresses;
import io.footfall.app.NodeHealth;
import io.footfall.fault.ClientFault;
import io.footfall.fault.Faults;
import io.footfall.site.Site;
import io.footfall.wire.SightingBatch;
import io.footfall.wire.Topics;
import io.footfall.wire.WireDecoder;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT endpoint that sensors publish to.
 *
 * <p>Consumes MQTT CONNECT and PUBLISH from sensors (topics {@code footfall/v1/{site}/{sensor}/sightings} and
 * {@code .../status}). Produces decoded batches on {@link Addresses#ENGINE_SIGHTINGS} and sensor presence on
 * {@link Addresses#INGEST_SENSORS}.
 *
 * <p>A sensor authenticates with its id and password and may publish only as itself on its own site. A malformed,
 * oversize or forbidden publish is acknowledged, counted per sensor and reason, and dropped, so that it is never
 * redelivered forever and never disturbs the connection or other sensors. A QoS 1 batch is acknowledged only once
 * the engine has taken it; if the engine cannot, the connection is closed so that the sensor re-sends.
 */
public final class IngestVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(IngestVerticle.class);
  private static final int MAX_STATUS_BYTES = 4096;

  private final MqttConfig config;
  private final SensorAuthenticator authenticator;
  private final NodeHealth health;
  private final IngestCounters counters;
  private final WireDecoder decoder;
  private final AtomicInteger connections = new AtomicInteger();
  private MqttServer server;
  private BatchIntake intake;

  /**
   * @param demo whether demo sensors may connect with the demo password
   */
  public IngestVerticle(MqttConfig config, List<Site> sites, boolean demo, NodeHealth health, IngestCounters counters) {
    this.config = config;
    this.authenticator = new SensorAuthenticator(sites, demo);
    this.health = health;
    this.counters = counters;
    this.decoder = new WireDecoder(config.maxSightings());
  }

  @Override
  public Future<?> start() {
    intake = new BatchIntake(vertx, counters, "mqtt");
    // The transport limit is looser than the payload limit so that an oversize batch reaches us, is counted and
    // acknowledged, and the connection survives; only absurd frames are cut at the codec.
    MqttServerOptions options = new MqttServerOptions()
        .setHost(config.host())
        .setPort(config.port())
        .setMaxMessageSize(config.maxPayloadBytes() * 4)
        .setTimeoutOnConnect(30);
    server = MqttServer.create(vertx, options)
        .endpointHandler(this::onConnect)
        .exceptionHandler(e -> LOG.debug("mqtt transport error [reason: {}]", e.getMessage()));
    return server.listen()
        .onSuccess(s -> {
          LOG.info("mqtt ingest listening [host: {}, port: {}]", config.host(), s.actualPort());
          health.report("mqtt", NodeHealth.State.UP, "listening on port " + s.actualPort());
        });
  }

  @Override
  public Future<?> stop() {
    health.report("mqtt", NodeHealth.State.DOWN, "stopped");
    return server == null ? Future.succeededFuture() : server.close();
  }

  /** The port the server is bound to, useful when configured with port 0. */
  public int actualPort() {
    return server.actualPort();
  }

  private void onConnect(MqttEndpoint endpoint) {
    String user = endpoint.auth() == null ? null : endpoint.auth().getUsername();
    String password = endpoint.auth() == null ? null : endpoint.auth().getPassword();
    vertx.executeBlocking(() -> authenticator.authenticate(user, password), false)
        .onSuccess(grants -> accept(endpoint, grants))
        .onFailure(failure -> refuse(endpoint, user, failure));
  }

  private void refuse(MqttEndpoint endpoint, String user, Throwable failure) {
    String reason = Faults.reason(failure);
    counters.rejected("?/" + (user == null ? "" : user), reason);
    LOG.info("refusing connection [sensor: {}, from: {}, reason: {}]", user, endpoint.remoteAddress(), reason);
    endpoint.reject(Faults.connectCode(failure));
  }

  private void accept(MqttEndpoint endpoint, List<SensorGrant> grants) {
    SensorConnection connection = new SensorConnection(endpoint, grants);
    endpoint.publishAutoAck(false);
    endpoint.publishHandler(message -> onPublish(connection, message));
    endpoint.publishReleaseHandler(endpoint::publishComplete);
    endpoint.pingHandler(v -> { });
    endpoint.closeHandler(v -> onClose(connection));
    endpoint.exceptionHandler(e -> LOG.debug("connection error [sensor: {}, reason: {}]", endpoint.auth().getUsername(), e.getMessage()));
    endpoint.accept(false);
    int open = connections.incrementAndGet();
    health.report("mqtt", NodeHealth.State.UP, "listening on port " + server.actualPort());
    LOG.debug("sensor connected [sensor: {}, sites: {}, connections: {}]", grants.get(0).sensor(), grants.size(), open);
    grants.forEach(g -> announce(g, true));
  }

  private void onClose(SensorConnection connection) {
    connections.decrementAndGet();
    connection.grants().forEach(g -> announce(g, false));
  }

  private void announce(SensorGrant grant, boolean online) {
    vertx.eventBus().publish(Addresses.INGEST_SENSORS, new JsonObject()
        .put("site", grant.site())
        .put("sensor", grant.sensor())
        .put("online", online)
        .put("at", System.currentTimeMillis()));
  }

  private void onPublish(SensorConnection connection, MqttPublishMessage message) {
    String[] topic = Topics.parse(message.topicName());
    try {
      SensorGrant grant = connection.authorize(topic);
      if ("status".equals(topic[2])) {
        forwardStatus(grant, message);
        acknowledge(connection, message, MqttPubAckReasonCode.SUCCESS);
        return;
      }
      if (message.payload().length() > config.maxPayloadBytes()) {
        throw new ClientFault(ClientFault.Kind.TOO_LARGE, "too-large",
            "payload of " + message.payload().length() + " bytes exceeds " + config.maxPayloadBytes());
      }
      SightingBatch batch = decoder.decode(message.payload().getBytes());
      forward(connection, message, grant, batch);
    } catch (ClientFault fault) {
      reject(connection, message, topic, fault);
    }
  }

  private void forward(SensorConnection connection, MqttPublishMessage message, SensorGrant grant, SightingBatch batch) {
    boolean confirm = message.qosLevel() != MqttQoS.AT_MOST_ONCE;
    intake.submit(grant.site(), grant.sensor(), grant.sensorIndex(), batch, message.isDup(), confirm)
        .onSuccess(outcome -> acknowledge(connection, message, MqttPubAckReasonCode.SUCCESS))
        .onFailure(failure -> {
          // Not acknowledging and closing makes the sensor re-send the batch on its next connection.
          LOG.warn("engine did not take batch, closing connection [sensor: {}/{}, reason: {}]",
              grant.site(), grant.sensor(), failure.getMessage());
          connection.endpoint().close();
        });
  }

  private void forwardStatus(SensorGrant grant, MqttPublishMessage message) {
    if (message.payload().length() > MAX_STATUS_BYTES) {
      throw new ClientFault(ClientFault.Kind.TOO_LARGE, "too-large", "status payload over " + MAX_STATUS_BYTES + " bytes");
    }
    JsonObject status;
    try {
      status = message.payload().toJsonObject();
    } catch (RuntimeException e) {
      throw ClientFault.badInput("json", "status is not a JSON object");
    }
    vertx.eventBus().publish(Addresses.INGEST_SENSORS, new JsonObject()
        .put("site", grant.site())
        .put("sensor", grant.sensor())
        .put("online", !"offline".equals(status.getString("state")))
        .put("status", status)
        .put("at", System.currentTimeMillis()));
  }

  private void reject(SensorConnection connection, MqttPublishMessage message, String[] topic, ClientFault fault) {
    String key = topic != null && connection.grants().stream().anyMatch(g -> g.site().equals(topic[0]))
        ? topic[0] + "/" + connection.sensorId()
        : connection.grants().get(0).site() + "/" + connection.sensorId();
    counters.rejected(key, fault.reason());
    LOG.debug("rejecting publish [sensor: {}, topic: {}, reason: {}, detail: {}]",
        connection.sensorId(), message.topicName(), fault.reason(), fault.getMessage());
    acknowledge(connection, message, switch (fault.kind()) {
      case FORBIDDEN -> MqttPubAckReasonCode.NOT_AUTHORIZED;
      case TOO_LARGE -> MqttPubAckReasonCode.QUOTA_EXCEEDED;
      default -> MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID;
    });
  }

  private static void acknowledge(SensorConnection connection, MqttPublishMessage message, MqttPubAckReasonCode code) {
    MqttEndpoint endpoint = connection.endpoint();
    if (!endpoint.isConnected()) {
      return;
    }
    boolean v5 = endpoint.protocolVersion() >= 5;
    switch (message.qosLevel()) {
      case AT_LEAST_ONCE -> {
        if (v5) {
          endpoint.publishAcknowledge(message.messageId(), code, MqttProperties.NO_PROPERTIES);
        } else {
          endpoint.publishAcknowledge(message.messageId());
        }
      }
      case EXACTLY_ONCE -> endpoint.publishReceived(message.messageId());
      default -> { }
    }
  }
}
