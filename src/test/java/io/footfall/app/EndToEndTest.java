package io.footfall.app;

import static io.footfall.testkit.Await.await;
import static io.footfall.testkit.Await.eventually;
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
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole node as a user runs it: real MQTT in, real WebSocket and HTTP out, rollups in a real (embedded)
 * PostgreSQL that survives a restart.
 */
@ExtendWith(VertxExtension.class)
class EndToEndTest {

  /** 2024-11-29T10:00:00Z, a minute boundary. */
  private static final long T0 = 1_732_874_400_000L;
  private static final String SITE = "demo-mall";
  private static final String TILL_MALL = "till-mall";
  /** Demo sensor s-01 is mounted in the west entrance. */
  private static final String SENSOR = "s-01";
  private static final String ZONE = "entrance-west";
  /** The demo's admin, over HTTP Basic as a script would log in. */
  private static final String ADMIN_BASIC = "Basic " + Base64.getEncoder()
      .encodeToString(("admin:" + DemoUsers.PASSWORD).getBytes(StandardCharsets.UTF_8));

  @TempDir
  Path dataDir;

  private FootfallNode node;
  // Vert.x closes a client once it is unreachable, so the test keeps hold of its clients
  private WebSocketClient webSockets;
  private WebClient http;

  @AfterEach
  void stopNode() throws Exception {
    if (node != null) {
      await(node.stop());
    }
  }

  private FootfallNode startNode(Vertx vertx) throws Exception {
    FootfallConfig config = FootfallConfig.load(null, Map.of(), Map.of(
        "dataDir", dataDir.toString(),
        "http.port", "0",
        "mqtt.port", "0",
        "database.flushIntervalMs", "100",
        "engine.allowedLatenessMs", "0",
        "engine.absenceTimeoutMs", "10000",
        "engine.exitGraceMs", "5000"));
    return await(FootfallNode.start(vertx, config, true));
  }

  @Test
  void sightingsPublishedOverMqttShowUpOnTheWebSocketAndInTheRestSnapshot(Vertx vertx) throws Exception {
    node = startNode(vertx);
    List<JsonObject> frames = new CopyOnWriteArrayList<>();
    webSockets = vertx.createWebSocketClient();
    // the handler is set on the event loop as the socket opens, so that the snapshot sent at once is not missed
    await(webSockets.connect(new WebSocketConnectOptions().setPort(node.httpPort()).setHost("127.0.0.1")
            .setURI("/live?site=" + SITE).addHeader("Authorization", ADMIN_BASIC))
        .onSuccess(ws -> ws.textMessageHandler(text -> frames.add(new JsonObject(text)))));
    eventually("() -> frames.stream().anyMatch(f -> \"snapshot\".equals(f.getString(\"type\")))", () -> frames.stream().anyMatch(f -> "snapshot".equals(f.getString("type"))));

    MqttClient sensor = await(connect(vertx, node.mqttPort(), SENSOR));
    await(publish(sensor, 1, devices(5, T0, -50)));

    eventually("() -> frames.stream().anyMatch(f -> zoneCount(f) == 5)", () -> frames.stream().anyMatch(f -> zoneCount(f) == 5));
    http = WebClient.create(vertx);
    JsonObject snapshot = await(http.get(node.httpPort(), "127.0.0.1", "/api/sites/" + SITE + "/occupancy")
        .basicAuthentication("admin", DemoUsers.PASSWORD).send()).bodyAsJsonObject();
    JsonObject zone = snapshot.getJsonArray("zones").stream().map(JsonObject.class::cast)
        .filter(z -> ZONE.equals(z.getString("id"))).findFirst().orElseThrow();
    assertThat(zone.getInteger("devices")).isEqualTo(5);
    assertThat(snapshot.getJsonObject("totals").getInteger("devices")).isEqualTo(5);

    // AND the sensor board shows the sensor online with what it sent, and what was refused once it sends garbage
    await(sensor.publish(Topics.sightings(SITE, SENSOR), Buffer.buffer("{not json"), MqttQoS.AT_LEAST_ONCE, false,
        false));
    JsonObject board = until("entry -> entry.getJsonObject(\"counters\") != null && entry.getJsonObject(\"counters\").ge", () -> http.get(node.httpPort(), "127.0.0.1", "/api/sites/" + SITE + "/sensors")
            .basicAuthentication("admin", DemoUsers.PASSWORD).send().map(r -> sensorEntry(r.bodyAsJsonObject())), entry -> entry.getJsonObject("counters") != null
            && entry.getJsonObject("counters").getJsonObject("rejected").getLong("json", 0L) == 1);
    assertThat(board.getBoolean("online")).isTrue();
    assertThat(board.getJsonObject("counters").getLong("batches")).isEqualTo(1);
    assertThat(board.getJsonObject("counters").getString("lastReason")).isEqualTo("json");
  }

  @Test
  void aTillHeardForThreeHoursOverMqttLeavesTheOccupancyAndTheRestAnswerCountsItAsFixed(Vertx vertx)
      throws Exception {
    // a copy of the demo mall whose site file asks for fixed devices to be found after 3 h (docs/metrics.md)
    Path siteFile = dataDir.resolve("till-mall.yaml");
    Files.writeString(siteFile, Files.readString(Path.of("deploy/sites/demo-mall.yaml"))
        .replaceFirst("(?m)^id: demo-mall$", "id: " + TILL_MALL) + "\nfixedDevices: {detectAfterMinutes: 180}\n");
    Path configFile = dataDir.resolve("footfall.yaml");
    Files.writeString(configFile, "sites: [" + siteFile + "]\n");
    node = await(FootfallNode.start(vertx, FootfallConfig.load(configFile, Map.of(), Map.of(
        "dataDir", dataDir.toString(), "http.port", "0", "mqtt.port", "0", "database.flushIntervalMs", "100",
        "engine.allowedLatenessMs", "0", "engine.absenceTimeoutMs", "10000", "engine.exitGraceMs", "5000")), true));
    // GIVEN a till in the west entrance probing every minute for 3 h under its vendor address, and a passer-by
    List<Sighting> sightings = new ArrayList<>();
    for (int m = 0; m <= 180; m++) {
      sightings.add(new Sighting("00000000000071ee", -45, T0 + m * 60_000L, false, null, null, 1));
    }
    sightings.add(Sighting.of("00000000000000b1", -50, T0 + 180 * 60_000L + 1_000));
    // and a sighting too weak to place anyone, which moves event time just past them
    sightings.add(Sighting.of("0000000000000eee", -120, T0 + 180 * 60_000L + 3_000));
    MqttClient sensor = await(connect(vertx, node.mqttPort(), SENSOR));

    // WHEN the sensor publishes them
    Promise<Void> acked = Promise.promise();
    sensor.publishCompletionHandler(id -> acked.tryComplete());
    await(sensor.publish(Topics.sightings(TILL_MALL, SENSOR), Buffer.buffer(WireEncoder.batch(SENSOR, 1, sightings)),
        MqttQoS.AT_LEAST_ONCE, false, false).compose(id -> acked.future()));

    // THEN the entrance holds the passer-by only, and the REST answer says it hears one fixed device
    http = WebClient.create(vertx);
    JsonObject snapshot = until("s -> s.getJsonObject(\"totals\").getInteger(\"fixedDevices\", 0) == 1 && zoneOf(s).contain", () -> http.get(node.httpPort(), "127.0.0.1", "/api/sites/" + TILL_MALL
            + "/occupancy").basicAuthentication("admin", DemoUsers.PASSWORD).send().map(r -> r.bodyAsJsonObject()), s -> s.getJsonObject("totals").getInteger("fixedDevices", 0) == 1 && zoneOf(s).containsKey("estimate"));
    JsonObject zone = zoneOf(snapshot);
    assertThat(zone.getInteger("devices")).isEqualTo(1);
    assertThat(zone.getJsonObject("estimate").getInteger("fixedDevices")).isEqualTo(1);
    assertThat(snapshot.getJsonObject("totals").getInteger("devices")).isEqualTo(1);
  }

  private static JsonObject zoneOf(JsonObject occupancy) {
    return occupancy.getJsonArray("zones").stream().map(JsonObject.class::cast)
        .filter(z -> ZONE.equals(z.getString("id"))).findFirst().orElseThrow();
  }

  private static JsonObject sensorEntry(JsonObject board) {
    return board.getJsonArray("sensors").stream().map(JsonObject.class::cast)
        .filter(s -> SENSOR.equals(s.getString("id"))).findFirst().orElseThrow();
  }

  @Test
  void finishedMinutesAreWrittenToPostgresqlAndSurviveARestart(Vertx vertx) throws Exception {
    node = startNode(vertx);
    MqttClient sensor = await(connect(vertx, node.mqttPort(), SENSOR));

    // GIVEN five devices heard every 5 s for three minutes, then event time moving on past their absence
    long seq = 1;
    for (long t = T0; t < T0 + 180_000; t += 5_000) {
      await(publish(sensor, seq++, devices(5, t, -50)));
    }
    await(publish(sensor, seq, devices(1, T0 + 600_000, -50)));

    // THEN the first minute holds five devices that entered, in PostgreSQL, readable through the API
    String path = "/api/sites/" + SITE + "/zones/" + ZONE + "/series?from=" + Instant.ofEpochMilli(T0)
        + "&to=" + Instant.ofEpochMilli(T0 + 300_000);
    JsonArray rows = until("r -> r.size() >= 3", () -> series(vertx, path), r -> r.size() >= 3);
    JsonObject first = rows.getJsonObject(0);
    assertThat(first.getString("minute")).isEqualTo(Instant.ofEpochMilli(T0).toString());
    assertThat(first.getInteger("devicesMax")).isEqualTo(5);
    assertThat(first.getInteger("entries")).isEqualTo(5);
    assertThat(first.getInteger("uniques")).isEqualTo(5);
    assertThat(rows.getJsonObject(1).getDouble("devicesAvg")).isEqualTo(5.0);

    // WHEN the server restarts on the same data directory
    await(sensor.disconnect());
    await(node.stop());
    node = startNode(vertx);

    // THEN the history is still there
    assertThat(await(series(vertx, path)).size()).isEqualTo(rows.size());
  }

  private Future<JsonArray> series(Vertx vertx, String path) {
    if (http == null) {
      http = WebClient.create(vertx);
    }
    return http.get(node.httpPort(), "127.0.0.1", path).basicAuthentication("admin", DemoUsers.PASSWORD).send()
        .map(r -> r.bodyAsJsonArray());
  }

  private int zoneCount(JsonObject frame) {
    JsonObject zones = frame.getJsonObject("zones");
    return zones == null || !zones.containsKey(ZONE) ? -1 : zones.getInteger(ZONE);
  }

  private static List<Sighting> devices(int n, long ts, int rssi) {
    List<Sighting> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(Sighting.of(String.format("%016x", 0x5eed0000L + i), rssi, ts + i));
    }
    return list;
  }

  private static Future<MqttClient> connect(Vertx vertx, int port, String sensor) {
    MqttClient client = MqttClient.create(vertx, new MqttClientOptions().setUsername(sensor).setPassword("demo")
        .setClientId(sensor));
    return client.connect(port, "127.0.0.1").map(ack -> client);
  }

  /** QoS 1 publish that completes on the server's acknowledgement. */
  private static Future<Void> publish(MqttClient client, long seq, List<Sighting> sightings) {
    Promise<Void> acked = Promise.promise();
    client.publishCompletionHandler(id -> acked.tryComplete());
    return client.publish(Topics.sightings(SITE, SENSOR), Buffer.buffer(WireEncoder.batch(SENSOR, seq, sightings)),
        MqttQoS.AT_LEAST_ONCE, false, false).compose(id -> acked.future());
  }



}
