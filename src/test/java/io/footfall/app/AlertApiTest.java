package io.footfall.app;

import static io.footfall.app.LiveNode.devices;
import static io.footfall.testkit.Await.poll;
import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.app.LiveNode.Frame;
import io.footfall.app.LiveNode.Sensor;
import io.footfall.wire.Sighting;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An alert's life through a whole node: a sensor falls silent in event time, the alert reaches the WebSocket and
 * PostgreSQL, is acknowledged through the API, and clears when the sensor sends again.
 */
@ExtendWith(VertxExtension.class)
class AlertApiTest {

  /** 2024-11-29T10:00:00Z. */
  private static final long T0 = 1_732_874_400_000L;
  private static final long MIN = 60_000;
  private static final String SITE = LiveNode.SITE;
  private static final Map<String, String> SETTINGS = Map.of("engine.allowedLatenessMs", "0");

  @RegisterExtension
  final LiveNodes nodes = new LiveNodes();

  private LiveNode node;

  @Test
  void silentSensorAlertIsStreamedStoredAcknowledgedAndCleared(Vertx vertx) throws Exception {
    node = nodes.start(vertx, SETTINGS);
    node.watchLive("control");
    Sensor s01 = node.sensor(vertx, "s-01", "s-01");
    Sensor s02 = node.sensor(vertx, "s-02", "s-02");

    // GIVEN both sensors heard at T0, and the engine has seen that event time
    s01.publish(1, phone(T0));
    s02.publish(1, phone(T0));
    poll("the watermark at T0", () -> node.occupancy(), o -> o.getLong("watermark") != null
        && o.getLong("watermark") >= T0);

    // WHEN only s-02 goes on, six minutes of event time later
    s02.publish(2, phone(T0 + 6 * MIN));

    // THEN s-01 is silent: on the WebSocket and, stored, through the API
    JsonObject alert = poll("s-01's silence stored", () -> silentAlert("open"), Optional::isPresent).orElseThrow();
    assertThat(alert.getString("state")).isEqualTo("open");
    assertThat(alert.getString("raisedAt")).isEqualTo(Instant.ofEpochMilli(T0 + 6 * MIN).toString());
    assertThat(node.frames).extracting(Frame::json).anySatisfy(f -> {
      assertThat(f.getString("type")).isEqualTo("alert");
      assertThat(f.getString("subject")).isEqualTo("s-01");
      assertThat(f.getString("state")).isEqualTo("raised");
    });

    // WHEN the control room acknowledges it
    HttpResponse<Buffer> ack = node.send(HttpMethod.POST, ackPath(alert.getString("id")), "control");

    // THEN who (the logged-in user) and when are recorded
    assertThat(ack.statusCode()).isEqualTo(200);
    assertThat(ack.bodyAsJsonObject().getString("ackedBy")).isEqualTo("control");
    assertThat(ack.bodyAsJsonObject().getString("ackedAt")).isNotNull();

    // WHEN s-01 sends again, THEN the alert clears and keeps its acknowledgement
    s01.publish(2, phone(T0 + 6 * MIN + 1_000));
    JsonObject cleared = poll("s-01's silence cleared", () -> silentAlert("all"),
        a -> a.isPresent() && "cleared".equals(a.get().getString("state"))).orElseThrow();
    assertThat(cleared.getString("clearedAt")).isNotNull();
    assertThat(cleared.getString("ackedBy")).isEqualTo("control");
    assertThat(silentAlert("open")).isEmpty();
  }

  @Test
  void aStoreManagerListsTheAlertsOfTheirOwnStoreAndNoOther(Vertx vertx) throws Exception {
    node = nodes.start(vertx, SETTINGS);
    // GIVEN 90 phones in the manager's store (capacity 78), and s-01 silent for six minutes of event time
    Sensor s10 = node.sensor(vertx, "s-10", "s-10");
    Sensor s01 = node.sensor(vertx, "s-01", "s-01");
    s01.publish(1, phone(T0));
    s10.publish(1, devices(0x100, 90, T0));
    // the rules' first evaluation (at T0) starts every sensor's grace: silence counts from there
    poll("the watermark at T0", () -> node.occupancy(), o -> o.getLong("watermark") != null
        && o.getLong("watermark") >= T0);
    s10.publish(2, devices(0x100, 90, T0 + 6 * MIN));
    poll("both alerts stored", () -> subjects(node.alerts("all", T0, "control")),
        subjects -> subjects.contains("store-northwind") && subjects.contains("s-01"));

    // WHEN the store manager of store-northwind lists the alerts
    JsonArray own = node.alerts("all", T0, "manager");

    // THEN they get their store's over-capacity alert and not the sensor's, which the control room sees
    assertThat(subjects(own)).containsExactly("store-northwind");
    assertThat(subjects(node.alerts("all", T0, "control"))).contains("store-northwind", "s-01");
  }

  @Test
  void acknowledgingNeedsALoginThatSeesTheSiteAndAnAlertThatExists(Vertx vertx) throws Exception {
    node = nodes.start(vertx, Map.of());
    String path = ackPath("nothing");

    assertThat(node.send(HttpMethod.POST, path, null).statusCode()).isEqualTo(401);
    assertThat(node.send(HttpMethod.POST, path, "manager").statusCode()).isEqualTo(403);
    assertThat(node.send(HttpMethod.POST, path, "control").statusCode()).isEqualTo(404);
  }

  private static String ackPath(String alertId) {
    return "/api/sites/" + SITE + "/alerts/" + URLEncoder.encode(alertId, StandardCharsets.UTF_8) + "/ack";
  }

  /** One phone heard at {@code ts}. */
  private static List<Sighting> phone(long ts) {
    return List.of(Sighting.of("00000000000000a1", -60, ts));
  }

  /** s-01's silence among the alerts the control room lists in a state ({@code open} or {@code all}). */
  private Optional<JsonObject> silentAlert(String state) throws Exception {
    return node.alerts(state, T0, "control").stream().map(JsonObject.class::cast)
        .filter(a -> "sensor-silent".equals(a.getString("kind")) && "s-01".equals(a.getString("subject")))
        .findFirst();
  }

  private static List<String> subjects(JsonArray alerts) {
    return alerts.stream().map(a -> ((JsonObject) a).getString("subject")).toList();
  }
}
