package io.footfall.app;

import static io.footfall.testkit.Await.await;
import static io.footfall.testkit.Await.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.auth.DemoUsers;
import io.footfall.wire.Sighting;
import io.footfall.wire.Topics;
import io.footfall.wire.WireEncoder;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test support for end-to-end tests through a real demo node (MQTT on a free port, embedded PostgreSQL, REST and
 * WebSocket): starting it with a few settings, sensors that publish QoS 1 batches and wait for the PUBACK, the admin's
 * REST reads and the live WebSocket frames. No mocks.
 */
public final class LiveNode implements AutoCloseable {

  public static final String SITE = "demo-mall";

  private final Vertx vertx;
  private final FootfallNode node;
  private final WebClient http;
  private WebSocketClient webSockets;
  /** Every frame the live WebSocket sent, with the wall time it arrived. */
  public final List<Frame> frames = new CopyOnWriteArrayList<>();

  /** A live WebSocket frame and the wall time it arrived at. */
  public record Frame(long receivedAtWall, JsonObject json) {
  }

  private LiveNode(Vertx vertx, FootfallNode node) {
    this.vertx = vertx;
    this.node = node;
    this.http = WebClient.create(vertx);
  }

  /** The demo node (demo mall, sensor password {@code demo}) on a data directory, with settings overridden. */
  public static LiveNode start(Vertx vertx, Path dataDir, Map<String, String> settings) throws Exception {
    Map<String, String> all = new HashMap<>(Map.of(
        "dataDir", dataDir.toString(),
        "http.port", "0",
        "http.pushIntervalMs", "100",
        "mqtt.port", "0",
        "database.flushIntervalMs", "100"));
    all.putAll(settings);
    FootfallConfig config = FootfallConfig.load(null, Map.of(), all);
    return new LiveNode(vertx, await(FootfallNode.start(vertx, config, true)));
  }

  public FootfallNode node() {
    return node;
  }

  public int mqttPort() {
    return node.mqttPort();
  }

  /** Opens the live WebSocket of the site as the admin; frames are collected in {@link #frames}. */
  public void watchLive() throws Exception {
    watchLive("admin");
  }

  /** Opens the live WebSocket of the site as one of the demo's users; frames are collected in {@link #frames}. */
  public void watchLive(String user) throws Exception {
    webSockets = vertx.createWebSocketClient();
    await(webSockets.connect(new WebSocketConnectOptions().setPort(node.httpPort()).setHost("127.0.0.1")
            .setURI("/live?site=" + SITE).addHeader("Authorization", basic(user)))
        .onSuccess(ws -> ws.textMessageHandler(text -> frames.add(new Frame(System.currentTimeMillis(),
            new JsonObject(text))))));
    eventually("the live snapshot", () -> frames.stream().anyMatch(f -> "snapshot".equals(f.json.getString("type"))));
  }

  /** A request as one of the demo's users ({@code admin}, {@code control}, {@code manager}), or as nobody (null). */
  public HttpResponse<Buffer> send(HttpMethod method, String path, String user) throws Exception {
    HttpRequest<Buffer> request = http.request(method, node.httpPort(), "127.0.0.1", path);
    return await((user == null ? request : request.putHeader("Authorization", basic(user))).send());
  }

  /** The alerts of the site raised within an hour either side of {@code at}, as a user lists them. */
  public JsonArray alerts(String state, long at, String user) throws Exception {
    String path = "/api/sites/" + SITE + "/alerts?state=" + state + "&from=" + Instant.ofEpochMilli(at - 3_600_000)
        + "&to=" + Instant.ofEpochMilli(at + 3_600_000);
    return send(HttpMethod.GET, path, user).bodyAsJsonObject().getJsonArray("alerts");
  }

  /** GET as the admin; the body as JSON. */
  public JsonObject get(String path) throws Exception {
    return await(http.get(node.httpPort(), "127.0.0.1", path).basicAuthentication("admin", DemoUsers.PASSWORD)
        .send()).bodyAsJsonObject();
  }

  /** GET as the admin; the body as text. */
  public String getText(String path) throws Exception {
    return await(http.get(node.httpPort(), "127.0.0.1", path).basicAuthentication("admin", DemoUsers.PASSWORD)
        .send()).bodyAsString();
  }

  public JsonArray getArray(String path) throws Exception {
    return await(http.get(node.httpPort(), "127.0.0.1", path).basicAuthentication("admin", DemoUsers.PASSWORD)
        .send()).bodyAsJsonArray();
  }

  public JsonObject occupancy() throws Exception {
    return get("/api/sites/" + SITE + "/occupancy");
  }

  /** The devices in a zone now, from {@code GET /api/sites/{site}/occupancy}. */
  public int zoneDevices(String zone) throws Exception {
    return occupancy().getJsonArray("zones").stream().map(JsonObject.class::cast)
        .filter(z -> zone.equals(z.getString("id"))).findFirst().orElseThrow().getInteger("devices");
  }

  /** A sensor's entry of {@code GET /api/sites/{site}/sensors}. */
  public JsonObject sensor(String id) throws Exception {
    return get("/api/sites/" + SITE + "/sensors").getJsonArray("sensors").stream().map(JsonObject.class::cast)
        .filter(s -> id.equals(s.getString("id"))).findFirst().orElseThrow();
  }

  /** A sensor's engine clock ({@code clock} of its sensors API entry), or an empty object before any. */
  public JsonObject clock(String id) throws Exception {
    JsonObject clock = sensor(id).getJsonObject("clock");
    return clock == null ? new JsonObject() : clock;
  }

  /** A sensor's ingest counter of refused batches of a reason. */
  public long rejected(String id, String reason) throws Exception {
    JsonObject counters = sensor(id).getJsonObject("counters");
    return counters == null ? 0 : counters.getJsonObject("rejected", new JsonObject()).getLong(reason, 0L);
  }

  /** A sensor of the demo mall publishing over its own MQTT connection. */
  public Sensor sensor(Vertx vertx, String id, String clientId) throws Exception {
    return Sensor.connect(vertx, node.mqttPort(), id, "demo", clientId);
  }

  @Override
  public void close() throws Exception {
    await(node.stop());
  }

  /** One MQTT connection of a sensor; QoS 1 publishes complete on the server's PUBACK. */
  public static final class Sensor {
    public final String site;
    public final String id;
    public final MqttClient client;
    private final Map<Integer, Promise<Void>> acks = new HashMap<>();
    private final java.util.Set<Integer> ackedEarly = new java.util.HashSet<>();

    private Sensor(String site, String id, MqttClient client) {
      this.site = site;
      this.id = id;
      this.client = client;
      client.publishCompletionHandler(this::acked);
    }

    public static Sensor connect(Vertx vertx, int port, String id, String password, String clientId)
        throws Exception {
      return connect(vertx, port, SITE, id, password, clientId);
    }

    /** A sensor of any site, over a connection of its own. */
    public static Sensor connect(Vertx vertx, int port, String site, String id, String password, String clientId)
        throws Exception {
      MqttClient client = MqttClient.create(vertx, new MqttClientOptions().setUsername(id).setPassword(password)
          .setClientId(clientId).setAutoKeepAlive(true));
      await(client.connect(port, "127.0.0.1"));
      return new Sensor(site, id, client);
    }

    /** Publishes batch {@code seq} with QoS 1, no DUP flag, and waits for the PUBACK. */
    public void publish(long seq, List<Sighting> sightings) throws Exception {
      publishRaw(WireEncoder.batch(id, seq, sightings).getBytes(StandardCharsets.UTF_8));
    }

    /** Publishes batch {@code seq} with QoS 1 and does not wait for the PUBACK (a batch in flight). */
    public void publishNoWait(long seq, List<Sighting> sightings) {
      client.publish(Topics.sightings(site, id), Buffer.buffer(WireEncoder.batch(id, seq, sightings)),
          MqttQoS.AT_LEAST_ONCE, false, false);
    }

    public void publishRaw(byte[] payload) throws Exception {
      Promise<Void> acked = Promise.promise();
      Future<Integer> sent = client.publish(Topics.sightings(site, id), Buffer.buffer(payload),
          MqttQoS.AT_LEAST_ONCE, false, false).onSuccess(packetId -> waitFor(packetId, acked));
      await(sent.compose(packetId -> acked.future()));
    }

    private synchronized void acked(int packetId) {
      Promise<Void> acked = acks.remove(packetId);
      if (acked != null) {
        acked.tryComplete();
      } else {
        // the PUBACK may overtake the publish's own completion
        ackedEarly.add(packetId);
      }
    }

    private synchronized void waitFor(int packetId, Promise<Void> acked) {
      if (ackedEarly.remove(packetId)) {
        acked.tryComplete();
      } else {
        acks.put(packetId, acked);
      }
    }

    public void disconnect() throws Exception {
      if (client.isConnected()) {
        await(client.disconnect());
      }
    }
  }

  /** One of the demo's users over HTTP Basic, as a script would log in. */
  private static String basic(String user) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + DemoUsers.PASSWORD)
        .getBytes(StandardCharsets.UTF_8));
  }

  /** {@code n} devices of a sensor (distinct per prefix), heard at {@code ts} (+ index ms) at an RSSI of -50. */
  public static List<Sighting> devices(long prefix, int n, long ts) {
    List<Sighting> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(Sighting.of(String.format("%016x", prefix + i), -50, ts + i));
    }
    return list;
  }

  /** A function that may throw. */
  @FunctionalInterface
  public interface ThrowingFunction<T, R> {
    R apply(T value) throws Exception;
  }

  /** A read that may throw. */
  @FunctionalInterface
  public interface ThrowingSupplier<T> {
    T get() throws Exception;
  }

}
