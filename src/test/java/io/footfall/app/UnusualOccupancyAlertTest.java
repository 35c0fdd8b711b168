package io.footfall.app;

import static io.footfall.testkit.Await.await;
import static io.footfall.testkit.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.auth.DemoUsers;
import io.footfall.bus.Addresses;
import io.footfall.store.Database;
import io.footfall.store.DatabaseConfig;
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
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unusual occupancy through a whole node: three past weeks of an almost empty West Entrance in PostgreSQL, then a
 * crowd there now; the baseline refresher hands the usual level to the engine, which raises an
 * {@code occupancy-unusual} alert on the live stream and stores it with its direction.
 *
 * <p>The baseline is computed over the weeks before the current wall-clock hour, so the sightings are dated a little
 * in the past (event time), and the history around the same instant one, two and three weeks earlier.
 */
@ExtendWith(VertxExtension.class)
class UnusualOccupancyAlertTest {

  private static final String SITE = "demo-mall";
  private static final String ZONE = "entrance-west";
  private static final long MIN = 60_000;
  private static final long WEEK = 7 * 24 * 60 * MIN;
  private static final String CONTROL_BASIC = "Basic " + Base64.getEncoder()
      .encodeToString(("control:" + DemoUsers.PASSWORD).getBytes(StandardCharsets.UTF_8));

  @TempDir
  Path dataDir;

  private FootfallNode node;
  private WebClient http;
  /** Held in a field: an unreachable client is closed with its connections. */
  private WebSocketClient webSockets;

  @AfterEach
  void stopNode() throws Exception {
    if (node != null) {
      await(node.stop());
    }
  }

  @Test
  void aCrowdWhereThereUsuallyIsNobodyRaisesAnUnusuallyBusyAlert(Vertx vertx) throws Exception {
    long t0 = Instant.now().minus(20, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES).toEpochMilli();
    // GIVEN one device in the West Entrance for two hours either side of this instant in each of three past weeks
    await(seedHistory(vertx, t0));
    Promise<JsonObject> baseline = Promise.promise();
    vertx.eventBus().<JsonObject>localConsumer(Addresses.ENGINE_BASELINE, m -> baseline.tryComplete(m.body()))
        .completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    node = await(FootfallNode.start(vertx, FootfallConfig.load(null, Map.of(), Map.of(
        "dataDir", dataDir.toString(), "http.port", "0", "mqtt.port", "0", "database.flushIntervalMs", "100",
        "engine.allowedLatenessMs", "0", "engine.idleAdvanceMs", "600000",
        "alerts.unusualSustainMs", "120000")), true));
    assertThat(await(baseline.future()).getJsonArray("slots")).isNotEmpty();
    http = WebClient.create(vertx);
    List<JsonObject> frames = new CopyOnWriteArrayList<>();
    webSockets = vertx.createWebSocketClient();
    WebSocket ws = await(webSockets.connect(new WebSocketConnectOptions()
        .setPort(node.httpPort()).setHost("127.0.0.1").setURI("/live?site=" + SITE)
        .addHeader("Authorization", CONTROL_BASIC)));
    ws.textMessageHandler(text -> frames.add(new JsonObject(text)));
    MqttClient s01 = await(connect(vertx, node.mqttPort()));

    // WHEN twelve devices are heard there, and the engine has judged that at the same event time
    await(publish(s01, 1, t0));
    until("o -> o.getLong(\"watermark\") != null && o.getLong(\"watermark\") >= t0 && devicesIn(o) ==", () -> get("/api/sites/" + SITE + "/occupancy").map(HttpResponse::bodyAsJsonObject), o -> o.getLong("watermark") != null && o.getLong("watermark") >= t0 && devicesIn(o) == 12);
    // AND they are still there two minutes (the sustain time set here) later
    await(publish(s01, 2, t0 + 2 * MIN));

    // THEN an unusually busy alert is raised on the live stream, at the end of the sustain time
    JsonObject frame = until("Optional::isPresent", () -> Future.succeededFuture(unusualFrame(frames)), Optional::isPresent)
        .orElseThrow();
    assertThat(frame.getString("state")).isEqualTo("raised");
    assertThat(frame.getString("direction")).isEqualTo("high");
    assertThat(frame.getLong("raisedAt")).isEqualTo(t0 + 2 * MIN);
    assertThat(frame.getDouble("value")).isEqualTo(12.0);
    assertThat(frame.getDouble("threshold")).as("usually 1 device, at least 5 more is unusual").isEqualTo(6.0);

    // AND it is stored with its direction
    String list = "/api/sites/" + SITE + "/alerts?state=open&from=" + Instant.ofEpochMilli(t0 - 60 * MIN)
        + "&to=" + Instant.ofEpochMilli(t0 + 60 * MIN);
    JsonObject stored = until("Optional::isPresent", () -> get(list).map(r -> unusual(r.bodyAsJsonObject().getJsonArray("alerts"))), Optional::isPresent).orElseThrow();
    assertThat(stored.getString("direction")).isEqualTo("high");
    assertThat(stored.getString("id")).isEqualTo(frame.getString("id"));
  }

  /** Runs the migrations in the node's data directory and seeds zone_minute, before the node starts there. */
  private Future<Void> seedHistory(Vertx vertx, long t0) {
    DatabaseConfig config = new DatabaseConfig("", 1000, 1000, 2);
    return Database.start(vertx, config, dataDir).compose(db -> {
      List<Tuple> weeks = new ArrayList<>();
      for (int w = 1; w <= 3; w++) {
        weeks.add(Tuple.of(SITE, ZONE, utc(t0 - w * WEEK - 120 * MIN)));
      }
      return db.pool().preparedQuery("""
              INSERT INTO zone_minute (site_id, zone_id, minute, devices_avg, devices_max, entries, exits, uniques)
              SELECT $1, $2, m, 1, 1, 0, 0, 1
              FROM generate_series($3::timestamptz, $3::timestamptz + interval '239 minutes', interval '1 minute') m""")
          .executeBatch(weeks)
          .compose(rows -> db.close());
    });
  }

  private static int devicesIn(JsonObject occupancy) {
    return occupancy.getJsonArray("zones").stream().map(JsonObject.class::cast)
        .filter(z -> ZONE.equals(z.getString("id"))).findFirst().map(z -> z.getInteger("devices")).orElse(-1);
  }

  private static Optional<JsonObject> unusualFrame(List<JsonObject> frames) {
    return unusual(new JsonArray(frames.stream().filter(f -> "alert".equals(f.getString("type"))).toList()));
  }

  private static Optional<JsonObject> unusual(JsonArray alerts) {
    return alerts.stream().map(JsonObject.class::cast)
        .filter(a -> "occupancy-unusual".equals(a.getString("kind")) && ZONE.equals(a.getString("subject")))
        .findFirst();
  }

  private Future<HttpResponse<Buffer>> get(String path) {
    return http.get(node.httpPort(), "127.0.0.1", path).putHeader("Authorization", CONTROL_BASIC).send();
  }

  private static OffsetDateTime utc(long epochMs) {
    return OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMs), ZoneOffset.UTC);
  }

  private static Future<MqttClient> connect(Vertx vertx, int port) {
    MqttClient client = MqttClient.create(vertx, new MqttClientOptions().setUsername("s-01").setPassword("demo")
        .setClientId("s-01"));
    return client.connect(port, "127.0.0.1").map(ack -> client);
  }

  /** Twelve devices heard at {@code ts}, QoS 1, completing on the server's acknowledgement. */
  private static Future<Void> publish(MqttClient client, long seq, long ts) {
    Promise<Void> acked = Promise.promise();
    client.publishCompletionHandler(id -> acked.tryComplete());
    List<Sighting> crowd = new ArrayList<>();
    for (int d = 1; d <= 12; d++) {
      crowd.add(Sighting.of(String.format("00000000000001%02x", d), -60, ts));
    }
    String batch = WireEncoder.batch("s-01", seq, crowd);
    return client.publish(Topics.sightings(SITE, "s-01"), Buffer.buffer(batch), MqttQoS.AT_LEAST_ONCE, false, false)
        .compose(id -> acked.future());
  }


}
