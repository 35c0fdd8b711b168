package io.footfall.ingest;

import io.footfall.bus.Addresses;
import io.footfall.bus.Faults;
import io.footfall.bus.NodeHealth;
import io.footfall.fault.ClientFault;
import io.footfall.fault.FootfallException;
import io.footfall.fault.LogSafe;
import io.footfall.fault.ServerFault;
import io.footfall.site.Site;
import io.footfall.wire.SightingBatch;
import io.footfall.wire.Topics;
import io.footfall.wire.WireDecoder;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import io.vertx.mqtt.MqttTopicSubscription;
import io.vertx.mqtt.MqttWill;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.MqttSubscribeMessage;
import io.vertx.mqtt.messages.MqttUnsubscribeMessage;
import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
import io.vertx.mqtt.messages.codes.MqttSubAckReasonCode;
import io.vertx.mqtt.messages.codes.MqttUnsubAckReasonCode;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
 * QoS 1 left unacknowledged and the connection closed, so the sensor re-sends later). A connection that is shed
 * takes nothing more but first acknowledges every batch the engine already took, and only then closes. Over the
 * limits nothing queues without bound and the event loop never waits. With PEM files configured the endpoint speaks
 * TLS only, optionally requiring client certificates.
 *
 * <p>An ingest-only endpoint: every SUBSCRIBE is refused in its SUBACK, and an MQTT 5 CONNACK states the limits
 * (no retained messages, QoS 1 at most, no subscriptions of any kind, the largest packet). A second connection of a
 * sensor with a client id it already uses takes the first one over. A sensor is online while any of its connections
 * is open; when the last one ends without DISCONNECT, its will (the offline status) is taken like a published status.
 * Protocol errors are counted per reason and logged rate-limited; every client-chosen value in a log line goes
 * through {@link LogSafe}.
 */
public final class IngestVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(IngestVerticle.class);
  private static final int MAX_STATUS_BYTES = 4096;
  /** The pool that checks sensor passwords: slow hashes, kept apart from every other blocking work. */
  static final String AUTH_POOL = "footfall-sensor-auth";
  private static final long LOG_INTERVAL_MS = 10_000;
  /** Counter key of what comes before a client is known. */
  private static final String UNKNOWN = "?/";

  private final MqttConfig config;
  private final SensorAuthenticator authenticator;
  private final NodeHealth health;
  private final IngestCounters counters;
  private final WireDecoder decoder;
  private final AtomicInteger connections = new AtomicInteger();
  /** Batches per site handed to the engine and not yet taken; event loop only. */
  private final Map<String, int[]> inFlight = new HashMap<>();
  private final ConnectionGate gate;
  private final LogThrottle throttle = new LogThrottle(LOG_INTERVAL_MS);
  private boolean shedding;
  private long pruneTimer = -1;
  private long idleTimer = -1;
  /** Password checks handed to {@link #authWorkers} and not finished; event loop only. */
  private int pendingAuth;
  private WorkerExecutor authWorkers;
  /** When each accepted connection last sent anything; event loop only. */
  private final Map<MqttEndpoint, Long> lastHeard = new HashMap<>();
  /** The open connection of each sensor's client id, to hand it over to its newest connection; event loop only. */
  private final Map<String, SensorConnection> byClientId = new HashMap<>();
  /** Open connections per {@code site/sensor}: a sensor is online while it has one; event loop only. */
  private final Map<String, Integer> openPerSensor = new HashMap<>();
  private MqttServer server;
  private BatchIntake intake;
  private final long engineTimeoutMs;
  private EarlyConnectionErrors earlyErrors;

  /**
   * @param demo whether demo sensors may connect with the demo password
   */
  public IngestVerticle(MqttConfig config, List<Site> sites, boolean demo, NodeHealth health, IngestCounters counters) {
    this(config, sites, demo, health, counters, BatchIntake.ENGINE_TIMEOUT_MS);
  }

  /**
   * @param demo            whether demo sensors may connect with the demo password
   * @param engineTimeoutMs how long a batch may wait for the engine to take it before its connection is closed
   *                        unacknowledged (on a cluster node, through a takeover)
   */
  public IngestVerticle(MqttConfig config, List<Site> sites, boolean demo, NodeHealth health, IngestCounters counters,
                        long engineTimeoutMs) {
    this.engineTimeoutMs = engineTimeoutMs;
    this.config = config;
    this.authenticator = new SensorAuthenticator(sites, demo);
    this.health = health;
    this.counters = counters;
    this.decoder = new WireDecoder(config.maxSightings());
    this.gate = new ConnectionGate(config.maxConnectionsPerIp(), config.connectAttemptsPerIpPerMinute());
  }

  @Override
  public Future<?> start() {
    intake = new BatchIntake(vertx, counters, "mqtt", engineTimeoutMs);
    // The transport limit is looser than the payload limit so that an oversize batch reaches us, is counted and
    // acknowledged, and the connection survives; only absurd frames are cut at the codec.
    MqttServerOptions options = new MqttServerOptions()
        .setHost(config.host())
        .setPort(config.port())
        .setMaxMessageSize(maxPacketBytes())
        // an empty client id is given one by accept(), which tells an MQTT 5 client which in its CONNACK
        .setAutoClientId(false)
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
    authWorkers = vertx.createSharedWorkerExecutor(AUTH_POOL, config.authThreads());
    idleTimer = vertx.setPeriodic(Math.max(1000, config.idleTimeoutSeconds() * 250L), id -> closeIdle());
    // Packets a client had already sent when we closed its connection (overload, rate) still reach the MQTT codec,
    // which refuses them by throwing on this context; they are expected, so they must not read like a failure.
    context.exceptionHandler(IngestVerticle::uncaught);
    earlyErrors = EarlyConnectionErrors.install(context, detail -> protocolError(UNKNOWN, "protocol", null, detail));
    server = MqttServer.create(vertx, options)
        .endpointHandler(this::onConnect)
        // vert.x MQTT reports here the CONNECTs it refuses itself (an empty client id without a clean session)
        .exceptionHandler(e -> protocolError(UNKNOWN, "client-id", null, e.getMessage()));
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
    if (authWorkers != null) {
      authWorkers.close();
    }
    if (earlyErrors != null) {
      earlyErrors.uninstall();
    }
    return server == null ? Future.succeededFuture() : server.close();
  }

  /** Slow password hashes computed since the start: reconnects with a password that passed before need none. */
  public long passwordChecks() {
    return authenticator.slowChecks();
  }

  /** The port the server is bound to, useful when configured with port 0. */
  public int actualPort() {
    return server.actualPort();
  }

  /** The largest MQTT packet taken (remaining length); larger frames are cut by the codec and close the connection. */
  private int maxPacketBytes() {
    return config.maxPayloadBytes() * 4;
  }

  private void onConnect(MqttEndpoint endpoint) {
    String user = endpoint.auth() == null ? null : endpoint.auth().getUsername();
    String password = endpoint.auth() == null ? null : endpoint.auth().getPassword();
    String address = endpoint.remoteAddress() == null ? "?" : endpoint.remoteAddress().host();
    String refused = gate.attempt(address, System.currentTimeMillis());
    if (refused != null) {
      refuse(endpoint, user, new ClientFault(ClientFault.Kind.RATE_LIMITED, refused, refused));
      return;
    }
    boolean[] gone = {false};
    endpoint.closeHandler(v -> {
      gone[0] = true;
      gate.closed(address);
    });
    endpoint.exceptionHandler(e -> transportError(endpoint, unknownKey(user), e));
    ClientFault unsupported = unsupportedWill(endpoint);
    if (unsupported != null) {
      refuse(endpoint, user, unsupported);
      return;
    }
    List<SensorGrant> remembered = authenticator.remembered(user, password);
    if (remembered != null) {
      accept(endpoint, remembered, address);
      return;
    }
    if (pendingAuth >= config.maxPendingAuth()) {
      refuse(endpoint, user, new ServerFault("auth-busy", "too many password checks waiting", true, null));
      return;
    }
    pendingAuth++;
    authWorkers.executeBlocking(() -> authenticator.authenticate(user, password), false)
        .onComplete(done -> pendingAuth--)
        .onSuccess(grants -> {
          // a client that hung up while its password was checked has already given its slot back
          if (!gone[0]) {
            accept(endpoint, grants, address);
          }
        })
        .onFailure(failure -> {
          if (!gone[0]) {
            refuse(endpoint, user, failure);
          }
        });
  }

  /**
   * MQTT 5 makes a client respect the limits of the CONNACK; a will that already breaks them is refused with the
   * limit's own reason code. MQTT 3.1.1 states no limits, so its retain flag is ignored and QoS 2 handled.
   */
  private static ClientFault unsupportedWill(MqttEndpoint endpoint) {
    MqttWill will = endpoint.will();
    if (endpoint.protocolVersion() < 5 || will == null || !will.isWillFlag()) {
      return null;
    }
    if (will.isWillRetain()) {
      return new ClientFault(ClientFault.Kind.UNSUPPORTED, Faults.RETAIN, "will with retain set");
    }
    if (will.getWillQos() > MqttQoS.AT_LEAST_ONCE.value()) {
      return new ClientFault(ClientFault.Kind.UNSUPPORTED, Faults.QOS, "will with QoS 2");
    }
    return null;
  }

  /**
   * The counter key of a client not logged in: {@code ?/sensorId} for a sensor of the site files, else {@code ?/},
   * so that strangers cannot grow the counters with user names of their choosing.
   */
  private String unknownKey(String user) {
    return authenticator.knows(user) ? UNKNOWN + user : UNKNOWN;
  }

  private void refuse(MqttEndpoint endpoint, String user, Throwable failure) {
    String reason = Faults.reason(failure);
    counters.rejected(unknownKey(user), reason);
    long skipped = throttle.admit("refuse/" + reason, System.currentTimeMillis());
    if (skipped >= 0) {
      LOG.info("refusing connection [sensor: {}, from: {}, reason: {}, alikeNotLogged: {}]", LogSafe.escape(user),
          endpoint.remoteAddress(), reason, skipped);
    } else {
      LOG.debug("refusing connection [sensor: {}, from: {}, reason: {}]", LogSafe.escape(user),
          endpoint.remoteAddress(), reason);
    }
    endpoint.reject(Faults.connectCode(failure, endpoint.protocolVersion()));
  }

  private void accept(MqttEndpoint endpoint, List<SensorGrant> grants, String address) {
    String clientId = endpoint.clientIdentifier();
    boolean assigned = clientId == null || clientId.isEmpty();
    if (assigned) {
      clientId = grants.get(0).sensor() + "-" + UUID.randomUUID();
      endpoint.setClientIdentifier(clientId);
    }
    SensorConnection previous = byClientId.get(sessionKey(grants.get(0).sensor(), clientId));
    SensorConnection connection = new SensorConnection(endpoint, grants,
        new PublishBudget(config.publishesPerSecond(), config.publishBurst()), clientId);
    endpoint.publishAutoAck(false);
    endpoint.publishHandler(message -> admit(connection, message));
    endpoint.publishReleaseHandler(endpoint::publishComplete);
    endpoint.subscribeHandler(message -> refuseSubscription(connection, message));
    endpoint.unsubscribeHandler(message -> unsubscribe(connection, message));
    endpoint.disconnectMessageHandler(message ->
        connection.disconnected(message.code() == MqttDisconnectReasonCode.WITH_WILL_MESSAGE));
    endpoint.pingHandler(v -> lastHeard.put(endpoint, System.currentTimeMillis()));
    lastHeard.put(endpoint, System.currentTimeMillis());
    endpoint.closeHandler(v -> {
      gate.closed(address);
      onClose(connection);
    });
    endpoint.exceptionHandler(e -> transportError(endpoint, connection.key(), e));
    endpoint.accept(false, endpoint.protocolVersion() >= 5 ? limits(assigned ? clientId : null)
        : MqttProperties.NO_PROPERTIES);
    byClientId.put(sessionKey(connection.sensorId(), clientId), connection);
    int open = connections.incrementAndGet();
    health.report("mqtt", NodeHealth.State.UP, "listening on port " + server.actualPort());
    LOG.debug("sensor connected [sensor: {}, clientId: {}, sites: {}, connections: {}]", connection.sensorId(),
        LogSafe.escape(clientId), grants.size(), open);
    grants.forEach(g -> {
      openPerSensor.merge(g.site() + "/" + g.sensor(), 1, Integer::sum);
      announce(g, true);
    });
    if (previous != null) {
      takeOver(previous);
    }
  }

  /**
   * The limits of an ingest-only endpoint, stated in the MQTT 5 CONNACK so that a client does not find them out by
   * being refused: nothing is retained, QoS 1 is the most (batches are de-duplicated by their seq, not by QoS 2),
   * no subscription of any kind, and the largest packet the codec takes.
   */
  private MqttProperties limits(String assignedClientId) {
    MqttProperties properties = new MqttProperties();
    properties.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.RETAIN_AVAILABLE.value(), 0));
    properties.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.MAXIMUM_QOS.value(), 1));
    properties.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.MAXIMUM_PACKET_SIZE.value(),
        maxPacketBytes()));
    properties.add(new MqttProperties.IntegerProperty(
        MqttProperties.MqttPropertyType.WILDCARD_SUBSCRIPTION_AVAILABLE.value(), 0));
    properties.add(new MqttProperties.IntegerProperty(
        MqttProperties.MqttPropertyType.SUBSCRIPTION_IDENTIFIER_AVAILABLE.value(), 0));
    properties.add(new MqttProperties.IntegerProperty(
        MqttProperties.MqttPropertyType.SHARED_SUBSCRIPTION_AVAILABLE.value(), 0));
    if (assignedClientId != null) {
      properties.add(new MqttProperties.StringProperty(
          MqttProperties.MqttPropertyType.ASSIGNED_CLIENT_IDENTIFIER.value(), assignedClientId));
    }
    return properties;
  }

  /**
   * Client ids are told apart per sensor: were they one namespace, a sensor could cut another off by taking over its
   * client id, or keep it out by holding that id first.
   */
  private static String sessionKey(String sensor, String clientId) {
    return sensor + "\u0000" + clientId;
  }

  /** MQTT-3.1.4-2: a new connection with the client id of an open one closes the old one (MQTT 5: reason 0x8E). */
  private void takeOver(SensorConnection previous) {
    MqttEndpoint old = previous.endpoint();
    LOG.debug("client id taken over by a new connection [sensor: {}, clientId: {}]", previous.sensorId(),
        LogSafe.escape(previous.clientId()));
    if (!old.isConnected()) {
      return;
    }
    if (old.protocolVersion() >= 5) {
      old.disconnect(MqttDisconnectReasonCode.SESSION_TAKEN_OVER, MqttProperties.NO_PROPERTIES);
    } else {
      old.close();
    }
  }

  private void onClose(SensorConnection connection) {
    lastHeard.remove(connection.endpoint());
    byClientId.remove(sessionKey(connection.sensorId(), connection.clientId()), connection);
    connections.decrementAndGet();
    for (SensorGrant grant : connection.grants()) {
      String key = grant.site() + "/" + grant.sensor();
      if (openPerSensor.merge(key, -1, Integer::sum) > 0) {
        continue;
      }
      openPerSensor.remove(key);
      if (!connection.graceful() && willFor(connection, grant) != null) {
        takeWill(connection, grant);
      } else {
        announce(grant, false);
      }
    }
  }

  /** The will's payload when it is this grant's status, else null (another topic's will is ignored). */
  private static Buffer willFor(SensorConnection connection, SensorGrant grant) {
    MqttWill will = connection.endpoint().will();
    if (will == null || !will.isWillFlag()) {
      return null;
    }
    String[] topic = Topics.parse(will.getWillTopic());
    boolean ownStatus = topic != null && "status".equals(topic[2]) && grant.site().equals(topic[0])
        && grant.sensor().equals(topic[1]);
    return ownStatus ? will.getWillMessage() : null;
  }

  /** The will of a connection that ended without DISCONNECT is taken like a status the sensor published. */
  private void takeWill(SensorConnection connection, SensorGrant grant) {
    try {
      forwardStatus(grant, willFor(connection, grant));
      LOG.debug("sensor offline, will taken [sensor: {}/{}]", grant.site(), grant.sensor());
    } catch (ClientFault fault) {
      counters.rejected(grant.site() + "/" + grant.sensor(), fault.reason());
      LOG.debug("will not taken [sensor: {}/{}, reason: {}, detail: {}]", grant.site(), grant.sensor(),
          fault.reason(), LogSafe.escape(fault.getMessage()));
      announce(grant, false);
    }
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
      String user = endpoint.auth().getUsername();
      counters.rejected(UNKNOWN + user, "idle");
      LOG.debug("closing idle connection [sensor: {}]", LogSafe.escape(user));
      endpoint.close();
    }
  }

  /** An ingest-only endpoint has nothing to subscribe to: every filter is refused, saying why where MQTT 5 can. */
  private void refuseSubscription(SensorConnection connection, MqttSubscribeMessage message) {
    MqttEndpoint endpoint = connection.endpoint();
    lastHeard.put(endpoint, System.currentTimeMillis());
    if (endpoint.protocolVersion() >= 5
        && message.properties().getProperty(MqttProperties.MqttPropertyType.SUBSCRIPTION_IDENTIFIER.value()) != null) {
      // the CONNACK said Subscription Identifiers Available 0, which makes one a protocol error
      beyondLimits(connection, new ClientFault(ClientFault.Kind.UNSUPPORTED, Faults.SUBSCRIPTION_IDENTIFIER,
          "subscription identifier"));
      return;
    }
    List<MqttSubAckReasonCode> codes = message.topicSubscriptions().stream().map(subscription -> {
      ClientFault fault = subscriptionFault(subscription);
      counters.rejected(connection.key(), fault.reason());
      LOG.debug("refusing subscription [sensor: {}, filter: {}, reason: {}]", connection.sensorId(),
          LogSafe.escape(subscription.topicName()), fault.reason());
      return Faults.subAckCode(fault, endpoint.protocolVersion());
    }).toList();
    endpoint.subscribeAcknowledge(message.messageId(), codes, MqttProperties.NO_PROPERTIES);
  }

  private static ClientFault subscriptionFault(MqttTopicSubscription subscription) {
    String filter = subscription.topicName();
    if (filter.startsWith("$share/")) {
      return new ClientFault(ClientFault.Kind.UNSUPPORTED, Faults.SHARED_SUBSCRIPTION, "shared subscription");
    }
    if (filter.contains("+") || filter.contains("#")) {
      return new ClientFault(ClientFault.Kind.UNSUPPORTED, Faults.WILDCARD_SUBSCRIPTION, "wildcard subscription");
    }
    return new ClientFault(ClientFault.Kind.FORBIDDEN, "subscribe", "the endpoint takes publishes only");
  }

  /** Nothing was ever subscribed, so there is nothing to take back; MQTT 5 says so per filter. */
  private void unsubscribe(SensorConnection connection, MqttUnsubscribeMessage message) {
    MqttEndpoint endpoint = connection.endpoint();
    lastHeard.put(endpoint, System.currentTimeMillis());
    if (endpoint.protocolVersion() >= 5) {
      endpoint.unsubscribeAcknowledge(message.messageId(), message.topics().stream()
          .map(t -> MqttUnsubAckReasonCode.NO_SUBSCRIPTION_EXISTED).toList(), MqttProperties.NO_PROPERTIES);
    } else {
      endpoint.unsubscribeAcknowledge(message.messageId());
    }
  }

  /**
   * An error the codec or the connection raised: a malformed or oversize packet is counted, logged rate-limited and,
   * for MQTT 5, answered with a DISCONNECT saying why before Vert.x closes the connection; a lost connection is not
   * the client's fault and is only logged at debug.
   */
  private void transportError(MqttEndpoint endpoint, String key, Throwable e) {
    if (e instanceof IOException) {
      LOG.debug("connection lost [sensor: {}, detail: {}]", LogSafe.escape(key), LogSafe.escape(e.getMessage()));
      return;
    }
    ClientFault fault = e instanceof TooLongFrameException
        ? new ClientFault(ClientFault.Kind.TOO_LARGE, "frame-too-large", "packet over " + maxPacketBytes() + " bytes")
        : ClientFault.badInput("protocol", "malformed packet");
    protocolError(key, fault.reason(), endpoint, e.getMessage());
    if (endpoint.isConnected() && endpoint.protocolVersion() >= 5) {
      endpoint.disconnect(Faults.disconnectCode(fault), MqttProperties.NO_PROPERTIES);
    }
  }

  /** Counts a protocol error and logs it: at most one line per reason every 10 s, the rest at debug. */
  private void protocolError(String key, String reason, MqttEndpoint endpoint, String detail) {
    counters.rejected(key, reason);
    Object from = endpoint == null || !endpoint.isConnected() ? "?" : endpoint.remoteAddress();
    long skipped = throttle.admit("protocol/" + reason, System.currentTimeMillis());
    if (skipped >= 0) {
      LOG.info("mqtt protocol error, closing connection [sensor: {}, from: {}, reason: {}, detail: {}, "
          + "alikeNotLogged: {}]", LogSafe.escape(key), from, reason, LogSafe.escape(detail), skipped);
    } else {
      LOG.debug("mqtt protocol error, closing connection [sensor: {}, from: {}, reason: {}, detail: {}]",
          LogSafe.escape(key), from, reason, LogSafe.escape(detail));
    }
  }

  /** Takes a publish now, later if the connection is over its rate, or refuses it if it is far over. */
  private void admit(SensorConnection connection, MqttPublishMessage message) {
    lastHeard.put(connection.endpoint(), System.currentTimeMillis());
    ClientFault violation = limitBroken(connection, message);
    if (violation != null) {
      beyondLimits(connection, violation);
      return;
    }
    if (connection.shedding() != null) {
      refuseWhileShedding(connection);
      return;
    }
    long wait = connection.budget().admit(System.currentTimeMillis());
    if (wait == 0) {
      onPublish(connection, message);
    } else if (wait > 0) {
      vertx.setTimer(wait, id -> {
        if (connection.shedding() != null) {
          refuseWhileShedding(connection);
        } else {
          onPublish(connection, message);
        }
      });
    } else {
      shed(connection, message, connection.key(),
          new ClientFault(ClientFault.Kind.RATE_LIMITED, "rate", "publishing faster than its budget"));
    }
  }

  /** Disconnects an MQTT 5 client that went beyond what its CONNACK stated, with the limit's reason code. */
  private void beyondLimits(SensorConnection connection, ClientFault violation) {
    counters.rejected(connection.key(), violation.reason());
    LOG.debug("closing connection, beyond the stated limits [sensor: {}, reason: {}]", connection.sensorId(),
        violation.reason());
    connection.endpoint().disconnect(Faults.disconnectCode(violation), MqttProperties.NO_PROPERTIES);
  }

  /** MQTT 5 only: a publish beyond what the CONNACK stated is a protocol error (retained, or QoS 2). */
  private static ClientFault limitBroken(SensorConnection connection, MqttPublishMessage message) {
    if (connection.endpoint().protocolVersion() < 5) {
      return null;
    }
    if (message.isRetain()) {
      return new ClientFault(ClientFault.Kind.UNSUPPORTED, Faults.RETAIN, "retained publish");
    }
    if (message.qosLevel() == MqttQoS.EXACTLY_ONCE) {
      return new ClientFault(ClientFault.Kind.UNSUPPORTED, Faults.QOS, "QoS 2 publish");
    }
    return null;
  }

  /** A publish arriving while its connection is shed is not taken: QoS 0 is lost, QoS 1 sent again later. */
  private void refuseWhileShedding(SensorConnection connection) {
    counters.rejected(connection.key(), connection.shedding().reason());
  }

  /**
   * QoS 0 is dropped. QoS 1 is left unacknowledged and the connection closed, so the sensor sends it again later;
   * but first every batch the engine already took is acknowledged, or the sensor would send those again too.
   */
  private void shed(SensorConnection connection, MqttPublishMessage message, String key, FootfallException reason) {
    counters.rejected(key, reason.reason());
    long skipped = throttle.admit("shed/" + key + "/" + reason.reason(), System.currentTimeMillis());
    if (skipped >= 0) {
      LOG.warn("shedding load [sensor: {}, reason: {}, qos: {}, rejectedSoFar: {}, alikeNotLogged: {}]", key,
          reason.reason(), message.qosLevel().value(), counters.sensor(key).rejected(reason.reason()), skipped);
    }
    if (message.qosLevel() != MqttQoS.AT_MOST_ONCE) {
      connection.shed(reason);
      closeOnceSettled(connection);
    }
  }

  /** Closes a shed connection once the engine has answered for every batch it was handed (each one acknowledged). */
  private void closeOnceSettled(SensorConnection connection) {
    MqttEndpoint endpoint = connection.endpoint();
    if (connection.awaitingEngine() || !endpoint.isConnected()) {
      return;
    }
    if (endpoint.protocolVersion() >= 5) {
      endpoint.disconnect(Faults.disconnectCode(connection.shedding()), MqttProperties.NO_PROPERTIES);
    } else {
      endpoint.close();
    }
  }

  private static void uncaught(Throwable e) {
    if (e instanceof IllegalArgumentException && String.valueOf(e.getMessage()).contains("not connected client")) {
      LOG.debug("ignoring a packet that came after its connection was closed");
    } else {
      LOG.error("unexpected error in mqtt ingest", e);
    }
  }

  private void onPublish(SensorConnection connection, MqttPublishMessage message) {
    if (!connection.endpoint().isConnected()) {
      return;
    }
    String[] topic = Topics.parse(message.topicName());
    try {
      SensorGrant grant = connection.authorize(topic);
      if ("status".equals(topic[2])) {
        forwardStatus(grant, message.payload());
        acknowledge(connection, message, Faults.pubAckCodeOfTaken(false));
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
      LOG.error("publish handling failed [sensor: {}, reason: {}]", connection.sensorId(), LogSafe.escape(bug));
      reject(connection, message, topic, ClientFault.badInput("internal", bug.toString()));
    }
  }

  private void forward(SensorConnection connection, MqttPublishMessage message, SensorGrant grant, SightingBatch batch) {
    String key = grant.site() + "/" + grant.sensor();
    int[] pending = inFlight.computeIfAbsent(grant.site(), s -> new int[1]);
    if (pending[0] >= config.maxInFlightBatches()) {
      overloaded(grant.site());
      shed(connection, message, key, new ServerFault("overload", "engine behind on site " + grant.site(), true, null));
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
    connection.handedToEngine();
    taken.onComplete(done -> {
      connection.answeredByEngine();
      if (done.succeeded()) {
        acknowledge(connection, message, Faults.pubAckCodeOfTaken(done.result() == BatchIntake.Outcome.DEAD_LETTER));
      } else {
        // Not acknowledging and closing makes the sensor re-send the batch on its next connection.
        LOG.warn("engine did not take batch, closing connection [sensor: {}/{}, reason: {}]",
            grant.site(), grant.sensor(), done.cause().getMessage());
        connection.shed(new ServerFault("engine-unavailable", "engine did not take the batch", true, null));
      }
      if (connection.shedding() != null) {
        closeOnceSettled(connection);
      }
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

  /**
   * A sensor's status, published or its will: {@code online} unless it says {@code offline}. A sensor with another
   * connection still open stays online whatever this one says, since batches keep arriving on it.
   */
  private void forwardStatus(SensorGrant grant, Buffer payload) {
    if (payload.length() > MAX_STATUS_BYTES) {
      throw new ClientFault(ClientFault.Kind.TOO_LARGE, "too-large", "status payload over " + MAX_STATUS_BYTES + " bytes");
    }
    JsonObject status;
    try {
      status = payload.toJsonObject();
    } catch (RuntimeException e) {
      throw ClientFault.badInput("json", "status is not a JSON object");
    }
    boolean saysOffline = "offline".equals(status.getString("state"));
    int open = openPerSensor.getOrDefault(grant.site() + "/" + grant.sensor(), 0);
    vertx.eventBus().publish(Addresses.INGEST_SENSORS, new JsonObject()
        .put("site", grant.site())
        .put("sensor", grant.sensor())
        .put("online", saysOffline ? open > 1 : open > 0)
        .put("status", status)
        .put("at", System.currentTimeMillis()));
  }

  private void reject(SensorConnection connection, MqttPublishMessage message, String[] topic, ClientFault fault) {
    String key = topic != null && connection.grants().stream().anyMatch(g -> g.site().equals(topic[0]))
        ? topic[0] + "/" + connection.sensorId()
        : connection.key();
    counters.rejected(key, fault.reason());
    LOG.debug("rejecting publish [sensor: {}, topic: {}, reason: {}, detail: {}]", connection.sensorId(),
        LogSafe.escape(message.topicName()), fault.reason(), LogSafe.escape(fault.getMessage()));
    acknowledge(connection, message, Faults.pubAckCode(fault));
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
      // only MQTT 3.1.1 gets here (limitBroken), whose PUBREC has no room for a reason
      case EXACTLY_ONCE -> endpoint.publishReceived(message.messageId());
      default -> { }
    }
  }
}
