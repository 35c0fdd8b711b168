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
import io.vertx.core.http.ClientAuth;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 *
 * <p>Limits, all counted per reason in {@link IngestCounters}: connections and connection attempts per remote
 * address ({@code connections-per-ip}, {@code connect-rate}); publishes per connection, held back beyond the burst and
 * refused once 5 s behind ({@code rate}); batches of a site in the engine's hands ({@code overload}: QoS 0 dropped,
 * QoS 1 left unacknowledged and the connection closed, so the sensor re-sends later). Over the limits nothing
 * queues without bound and the event loop never waits. With PEM files configured the endpoint speaks TLS only,
 * optionally requiring client certificates.
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
  /** Batches per site handed to the engine and not yet taken; event loop only. */
  private final Map<String, int[]> inFlight = new HashMap<>();
  private final ConnectionGate gate;
  private final Map<String, Long> lastOverloadLog = new HashMap<>();
  private boolean shedding;
  private long pruneTimer = -1;
  private long idleTimer = -1;
  /** When each accepted connection last sent anything; event loop only. */
  private final Map<MqttEndpoint, Long> lastHeard = new HashMap<>();
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
    this.gate = new ConnectionGate(config.maxConnectionsPerIp(), config.connectAttemptsPerIpPerMinute());
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
        .setTimeoutOnConnect(config.connectTimeoutSeconds());
    if (config.tls()) {
      options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
          .setCertPath(config.tlsCertPath()).setKeyPath(config.tlsKeyPath()));
      if (config.mutualTls()) {
        options.setClientAuth(ClientAuth.REQUIRED).setTrustOptions(new PemTrustOptions()
            .addCertPath(config.tlsClientCaPath()));
      }
    }
    pruneTimer = vertx.setPeriodic(ConnectionGate.WINDOW_MS, id -> gate.prune(System.currentTimeMillis()));
    // vert.x MQTT enforces keep-alive itself but lets a client opt out with 0; this catches those
    idleTimer = vertx.setPeriodic(Math.max(1000, config.idleTimeoutSeconds() * 250L), id -> closeIdle());
    // Packets a client had already sent when we closed its connection (overload, rate) still reach the MQTT codec,
    // which refuses them by throwing on this context; they are expected, so they must not read like a failure.
    context.exceptionHandler(IngestVerticle::uncaught);
    server = MqttServer.create(vertx, options)
        .endpointHandler(this::onConnect)
        .exceptionHandler(e -> LOG.debug("mqtt transport error [reason: {}]", e.getMessage()));
    return server.listen()
        .onSuccess(s -> {
          LOG.info("mqtt ingest listening [host: {}, port: {}, tls: {}, clientCertificates: {}]", config.host(),
              s.actualPort(), config.tls(), config.mutualTls());
          health.report("mqtt", NodeHealth.State.UP, "listening on port " + s.actualPort());
        });
  }

  @Override
  public Future<?> stop() {
    health.report("mqtt", NodeHealth.State.DOWN, "stopped");
    vertx.cancelTimer(pruneTimer);
    vertx.cancelTimer(idleTimer);
    return server == null ? Future.succeededFuture() : server.close();
  }

  /** The port the server is bound to, useful when configured with port 0. */
  public int actualPort() {
    return server.actualPort();
  }

  private void onConnect(MqttEndpoint endpoint) {
    String user = endpoint.auth() == null ? null : endpoint.auth().getUsername();
    String password = endpoint.auth() == null ? null : endpoint.auth().getPassword();
    String address = endpoint.remoteAddress() == null ? "?" : endpoint.remoteAddress().host();
    String refused = gate.attempt(address, System.currentTimeMillis());
    if (refused != null) {
      counters.rejected("?/" + (user == null ? "" : user), refused);
      LOG.debug("refusing connection [from: {}, reason: {}]", address, refused);
      endpoint.reject(Faults.connectCode(new ClientFault(ClientFault.Kind.RATE_LIMITED, refused, refused),
          endpoint.protocolVersion()));
      return;
    }
    endpoint.closeHandler(v -> gate.closed(address));
    vertx.executeBlocking(() -> authenticator.authenticate(user, password), false)
        .onSuccess(grants -> accept(endpoint, grants))
        .onFailure(failure -> refuse(endpoint, user, failure));
  }

  private void refuse(MqttEndpoint endpoint, String user, Throwable failure) {
    String reason = Faults.reason(failure);
    counters.rejected("?/" + (user == null ? "" : user), reason);
    LOG.info("refusing connection [sensor: {}, from: {}, reason: {}]", user, endpoint.remoteAddress(), reason);
    endpoint.reject(Faults.connectCode(failure, endpoint.protocolVersion()));
  }

  private void accept(MqttEndpoint endpoint, List<SensorGrant> grants) {
    SensorConnection connection = new SensorConnection(endpoint, grants,
        new PublishBudget(config.publishesPerSecond(), config.publishBurst()));
    String address = endpoint.remoteAddress() == null ? "?" : endpoint.remoteAddress().host();
    endpoint.publishAutoAck(false);
    endpoint.publishHandler(message -> admit(connection, message));
    endpoint.publishReleaseHandler(endpoint::publishComplete);
    endpoint.pingHandler(v -> lastHeard.put(endpoint, System.currentTimeMillis()));
    lastHeard.put(endpoint, System.currentTimeMillis());
    endpoint.closeHandler(v -> {
      lastHeard.remove(endpoint);
      gate.closed(address);
      onClose(connection);
    });
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

  private void closeIdle() {
    long silentSince = System.currentTimeMillis() - config.idleTimeoutSeconds() * 1000L;
    List<MqttEndpoint> idle = lastHeard.entrySet().stream()
        .filter(e -> e.getValue() < silentSince).map(Map.Entry::getKey).toList();
    for (MqttEndpoint endpoint : idle) {
      lastHeard.remove(endpoint);
      counters.rejected("?/" + endpoint.auth().getUsername(), "idle");
      LOG.debug("closing idle connection [sensor: {}]", endpoint.auth().getUsername());
      endpoint.close();
    }
  }

  /** Takes a publish now, later if the connection is over its rate, or refuses it if it is far over. */
  private void admit(SensorConnection connection, MqttPublishMessage message) {
    lastHeard.put(connection.endpoint(), System.currentTimeMillis());
    long wait = connection.budget().admit(System.currentTimeMillis());
    if (wait == 0) {
      onPublish(connection, message);
    } else if (wait > 0) {
      vertx.setTimer(wait, id -> onPublish(connection, message));
    } else {
      shed(connection, message, keyOf(connection), "rate");
    }
  }

  /** QoS 0 is dropped; QoS 1 is left unacknowledged and the connection closed, so the sensor sends it again later. */
  private void shed(SensorConnection connection, MqttPublishMessage message, String key, String reason) {
    counters.rejected(key, reason);
    long now = System.currentTimeMillis();
    Long last = lastOverloadLog.get(key + reason);
    if (last == null || now - last >= 10_000) {
      lastOverloadLog.put(key + reason, now);
      LOG.warn("shedding load [sensor: {}, reason: {}, qos: {}, rejectedSoFar: {}]", key, reason,
          message.qosLevel().value(), counters.sensor(key).rejected(reason));
    }
    if (message.qosLevel() != MqttQoS.AT_MOST_ONCE && connection.endpoint().isConnected()) {
      connection.endpoint().close();
    }
  }

  private static void uncaught(Throwable e) {
    if (e instanceof IllegalArgumentException && String.valueOf(e.getMessage()).contains("not connected client")) {
      LOG.debug("ignoring a packet that came after its connection was closed");
    } else {
      LOG.error("unexpected error in mqtt ingest", e);
    }
  }

  private static String keyOf(SensorConnection connection) {
    return connection.grants().get(0).site() + "/" + connection.sensorId();
  }

  private void onPublish(SensorConnection connection, MqttPublishMessage message) {
    if (!connection.endpoint().isConnected()) {
      return;
    }
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
    } catch (RuntimeException bug) {
      // whatever the input, one publish must not take the connection or the verticle down
      LOG.error("publish handling failed [sensor: {}, reason: {}]", connection.sensorId(), bug.toString());
      reject(connection, message, topic, ClientFault.badInput("internal", bug.toString()));
    }
  }

  private void forward(SensorConnection connection, MqttPublishMessage message, SensorGrant grant, SightingBatch batch) {
    String key = grant.site() + "/" + grant.sensor();
    int[] pending = inFlight.computeIfAbsent(grant.site(), s -> new int[1]);
    if (pending[0] >= config.maxInFlightBatches()) {
      overloaded(grant.site());
      shed(connection, message, key, "overload");
      return;
    }
    boolean confirm = message.qosLevel() != MqttQoS.AT_MOST_ONCE;
    Future<BatchIntake.Outcome> taken =
        intake.submit(grant.site(), grant.sensor(), grant.sensorIndex(), batch, confirm);
    pending[0]++;
    taken.onComplete(done -> released(pending));
    if (!confirm) {
      return;
    }
    taken
        // a dead-lettered batch is kept by the engine: re-sending it would fail the same way
        .onSuccess(outcome -> acknowledge(connection, message, outcome == BatchIntake.Outcome.DEAD_LETTER
            ? MqttPubAckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR : MqttPubAckReasonCode.SUCCESS))
        .onFailure(failure -> {
          // Not acknowledging and closing makes the sensor re-send the batch on its next connection.
          LOG.warn("engine did not take batch, closing connection [sensor: {}/{}, reason: {}]",
              grant.site(), grant.sensor(), failure.getMessage());
          connection.endpoint().close();
        });
  }

  private void overloaded(String site) {
    if (!shedding) {
      shedding = true;
      health.report("mqtt", NodeHealth.State.DEGRADED, "shedding load: engine behind on site " + site);
    }
  }

  private void released(int[] pending) {
    pending[0]--;
    if (shedding && pending[0] <= config.maxInFlightBatches() / 2) {
      shedding = false;
      health.report("mqtt", NodeHealth.State.UP, "listening on port " + server.actualPort());
      LOG.info("engine caught up, taking all batches again");
    }
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
