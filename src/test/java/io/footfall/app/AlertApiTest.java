package io.footfall.app;

import static io.footfall.testkit.Await.await;
import static io.footfall.testkit.Await.until;
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
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An alert's life through a whole node: a sensor falls silent in event time, the alert reaches the WebSocket and
 * PostgreSQL, is acknowledged through the API, and clears when the sensor sends again.
 */
@ExtendWith(VertxExtension.class)
class AlertApiTest {

  /** 2024-11-29T10:00:00Z. */
  private static final long T0 = 1_732_874_400_000L;
  private static final long MIN = 60_000;
  private static final String SITE = "demo-mall";
  private static final String CONTROL_BASIC = basic("control");

  @TempDir
  Path dataDir;

  private FootfallNode node;
  private WebClient http;
  private WebSocketClient webSockets;

  @AfterEach
  void stopNode() throws Exception {
    if (node != null) {
      await(node.stop());
    }
  }

  @Test
  void silentSensorAlertIsStreamedStoredAcknowledgedAndCleared(Vertx vertx) throws Exception {
    node = await(FootfallNode.start(vertx, FootfallConfig.load(null, Map.of(), Map.of(
        "dataDir", dataDir.toString(), "http.port", "0", "mqtt.port", "0",
        "database.flushIntervalMs", "100", "engine.allowedLatenessMs", "0")), true));
    http = WebClient.create(vertx);
    List<JsonObject> frames = new CopyOnWriteArrayList<>();
    webSockets = vertx.createWebSocketClient();
    WebSocket ws = await(webSockets.connect(new WebSocketConnectOptions().setPort(node.httpPort())
        .setHost("127.0.0.1").setURI("/live?site=" + SITE).addHeader("Authorization", CONTROL_BASIC)));
    ws.textMessageHandler(text -> frames.add(new JsonObject(text)));
    MqttClient s01 = await(connect(vertx, node.mqttPort(), "s-01"));
    MqttClient s02 = await(connect(vertx, node.mqttPort(), "s-02"));

    // GIVEN both sensors heard at T0, and the engine has seen that event time
    await(publish(s01, "s-01", 1, T0));
    await(publish(s02, "s-02", 1, T0));
    until("o -> o.getLong(\"watermark\") != null && o.getLong(\"watermark\") >= T0", () -> get("/api/sites/" + SITE + "/occupancy").map(HttpResponse::bodyAsJsonObject), o -> o.getLong("watermark") != null && o.getLong("watermark") >= T0);

    // WHEN only s-02 goes on, six minutes of event time later
    await(publish(s02, "s-02", 2, T0 + 6 * MIN));

    // THEN s-01 is silent: on the WebSocket and, stored, through the API
    String openList = "/api/sites/" + SITE + "/alerts?state=open&from=" + Instant.ofEpochMilli(T0 - 60 * MIN)
        + "&to=" + Instant.ofEpochMilli(T0 + 60 * MIN);
    JsonObject alert = until("Optional::isPresent", () -> silentAlert(openList), Optional::isPresent).orElseThrow();
    assertThat(alert.getString("state")).isEqualTo("open");
    assertThat(alert.getString("raisedAt")).isEqualTo(Instant.ofEpochMilli(T0 + 6 * MIN).toString());
    assertThat(frames).anySatisfy(f -> {
      assertThat(f.getString("type")).isEqualTo("alert");
      assertThat(f.getString("subject")).isEqualTo("s-01");
      assertThat(f.getString("state")).isEqualTo("raised");
    });

    // WHEN the control room acknowledges it
    String ackPath = "/api/sites/" + SITE + "/alerts/" + URLEncoder.encode(alert.getString("id"),
        StandardCharsets.UTF_8) + "/ack";
    HttpResponse<Buffer> ack = await(http.post(node.httpPort(), "127.0.0.1", ackPath)
        .putHeader("Authorization", CONTROL_BASIC).send());

    // THEN who (the logged-in user) and when are recorded
    assertThat(ack.statusCode()).isEqualTo(200);
    assertThat(ack.bodyAsJsonObject().getString("ackedBy")).isEqualTo("control");
    assertThat(ack.bodyAsJsonObject().getString("ackedAt")).isNotNull();

    // WHEN s-01 sends again, THEN the alert clears and keeps its acknowledgement
    await(publish(s01, "s-01", 2, T0 + 6 * MIN + 1_000));
    String allList = openList.replace("state=open", "state=all");
    JsonObject cleared = until("a -> a.isPresent() && \"cleared\".equals(a.get().getString(\"state\"))", () -> silentAlert(allList), a -> a.isPresent() && "cleared".equals(a.get().getString("state"))).orElseThrow();
    assertThat(cleared.getString("clearedAt")).isNotNull();
    assertThat(cleared.getString("ackedBy")).isEqualTo("control");
    assertThat(await(silentAlert(openList))).isEmpty();
  }

  @Test
  void aStoreManagerListsTheAlertsOfTheirOwnStoreAndNoOther(Vertx vertx) throws Exception {
    node = await(FootfallNode.start(vertx, FootfallConfig.load(null, Map.of(), Map.of(
        "dataDir", dataDir.toString(), "http.port", "0", "mqtt.port", "0",
        "database.flushIntervalMs", "100", "engine.allowedLatenessMs", "0")), true));
    http = WebClient.create(vertx);
    // GIVEN 90 phones in the manager's store (capacity 78), and s-01 silent for six minutes of event time
    MqttClient s10 = await(connect(vertx, node.mqttPort(), "s-10"));
    MqttClient s01 = await(connect(vertx, node.mqttPort(), "s-01"));
    await(publish(s01, "s-01", 1, T0));
    await(publishMany(s10, "s-10", 1, 0x100, 90, T0));
    // the rules' first evaluation (at T0) starts every sensor's grace: silence counts from there
    until("o -> o.getLong(\"watermark\") != null && o.getLong(\"watermark\") >= T0", () -> get("/api/sites/" + SITE + "/occupancy").map(HttpResponse::bodyAsJsonObject), o -> o.getLong("watermark") != null && o.getLong("watermark") >= T0);
    await(publishMany(s10, "s-10", 2, 0x100, 90, T0 + 6 * MIN));
    String all = "/api/sites/" + SITE + "/alerts?state=all&from=" + Instant.ofEpochMilli(T0 - 60 * MIN)
        + "&to=" + Instant.ofEpochMilli(T0 + 60 * MIN);
    until("subjects -> subjects.contains(\"store-northwind\") && subjects.contains(\"s-01\")", () -> get(all).map(r -> r.bodyAsJsonObject().getJsonArray("alerts").stream()
        .map(a -> ((JsonObject) a).getString("subject")).toList()), subjects -> subjects.contains("store-northwind") && subjects.contains("s-01"));

    // WHEN the store manager of store-northwind lists the alerts
    HttpResponse<Buffer> own = await(http.get(node.httpPort(), "127.0.0.1", all)
        .putHeader("Authorization", basic("manager")).send());

    // THEN they get their store's over-capacity alert and not the sensor's, which the control room sees
    assertThat(own.statusCode()).isEqualTo(200);
    assertThat(own.bodyAsJsonObject().getJsonArray("alerts").stream().map(a -> ((JsonObject) a).getString("subject")))
        .containsExactly("store-northwind");
    assertThat(await(get(all)).bodyAsJsonObject().getJsonArray("alerts").stream()
        .map(a -> ((JsonObject) a).getString("subject"))).contains("store-northwind", "s-01");
  }

  @Test
  void acknowledgingNeedsALoginThatSeesTheSiteAndAnAlertThatExists(Vertx vertx) throws Exception {
    node = await(FootfallNode.start(vertx, FootfallConfig.load(null, Map.of(), Map.of(
        "dataDir", dataDir.toString(), "http.port", "0", "mqtt.port", "0")), true));
    http = WebClient.create(vertx);
    String path = "/api/sites/" + SITE + "/alerts/nothing/ack";

    assertThat(await(http.post(node.httpPort(), "127.0.0.1", path).send()).statusCode()).isEqualTo(401);
    assertThat(await(http.post(node.httpPort(), "127.0.0.1", path)
        .putHeader("Authorization", basic("manager")).send()).statusCode()).isEqualTo(403);
    assertThat(await(http.post(node.httpPort(), "127.0.0.1", path)
        .putHeader("Authorization", CONTROL_BASIC).send()).statusCode()).isEqualTo(404);
  }

  private static String basic(String user) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + DemoUsers.PASSWORD)
        .getBytes(StandardCharsets.UTF_8));
  }

  private Future<Optional<JsonObject>> silentAlert(String path) {
    return get(path).map(r -> {
      JsonArray alerts = r.bodyAsJsonObject().getJsonArray("alerts");
      return alerts.stream().map(JsonObject.class::cast)
          .filter(a -> "sensor-silent".equals(a.getString("kind")) && "s-01".equals(a.getString("subject")))
          .findFirst();
    });
  }

  private Future<HttpResponse<Buffer>> get(String path) {
    return http.get(node.httpPort(), "127.0.0.1", path).putHeader("Authorization", CONTROL_BASIC).send();
  }

  private static Future<MqttClient> connect(Vertx vertx, int port, String sensor) {
    MqttClient client = MqttClient.create(vertx, new MqttClientOptions().setUsername(sensor).setPassword("demo")
        .setClientId(sensor));
    return client.connect(port, "127.0.0.1").map(ack -> client);
  }

  /** One sighting at {@code ts}, QoS 1, completing on the server's acknowledgement. */
  private static Future<Void> publish(MqttClient client, String sensor, long seq, long ts) {
    Promise<Void> acked = Promise.promise();
    client.publishCompletionHandler(id -> acked.tryComplete());
    String batch = WireEncoder.batch(sensor, seq, List.of(Sighting.of("00000000000000a1", -60, ts)));
    return client.publish(Topics.sightings(SITE, sensor), Buffer.buffer(batch), MqttQoS.AT_LEAST_ONCE, false, false)
        .compose(id -> acked.future());
  }

  /** {@code n} phones (device ids from {@code first}) in one batch at {@code ts}. */
  private static Future<Void> publishMany(MqttClient client, String sensor, long seq, int first, int n, long ts) {
    Promise<Void> acked = Promise.promise();
    client.publishCompletionHandler(id -> acked.tryComplete());
    List<Sighting> sightings = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      sightings.add(Sighting.of(String.format("%016x", first + i), -50, ts));
    }
    String batch = WireEncoder.batch(sensor, seq, sightings);
    return client.publish(Topics.sightings(SITE, sensor), Buffer.buffer(batch), MqttQoS.AT_LEAST_ONCE, false, false)
        .compose(id -> acked.future());
  }
}
