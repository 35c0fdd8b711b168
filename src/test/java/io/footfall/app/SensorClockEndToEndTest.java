package io.footfall.app;

import static io.footfall.app.LiveNode.devices;
import static io.footfall.testkit.Await.poll;
import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.app.LiveNode.Frame;
import io.footfall.app.LiveNode.Sensor;
import io.footfall.testkit.Await;
import io.footfall.wire.Sighting;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #17, event time judged against the server's clock, through a whole node: sensors publish over real MQTT
 * with sighting times taken from the wall clock (as a sensor with a right clock does), and what the engine made of
 * them is read back through REST ({@code /occupancy}, {@code /sensors}, {@code /alerts}, {@code /health}) and the
 * live WebSocket.
 */
@ExtendWith(VertxExtension.class)
class SensorClockEndToEndTest {

  /** 2098-12-31T23:59:59Z: a sensor whose clock jumped to the end of the century. */
  private static final long YEAR_2098 = 4_070_908_799_000L;
  private static final String A = "s-01";
  private static final String A_ZONE = "entrance-west";
  private static final String B = "s-02";
  private static final String B_ZONE = "entrance-east";
  private static final long A_DEVICES = 0xa000_0000L;
  private static final long B_DEVICES = 0xb000_0000L;
  /** How long a clock behind must keep its lead before it is corrected (EventClock.SETTLE_MS). */
  private static final long SETTLE_MS = 10_000;

  @RegisterExtension
  final LiveNodes nodes = new LiveNodes();

  private LiveNode node;

  @Test
  void aSightingDatedIn2098IsRefusedForItsSensorAloneAndNeverMovesTheSitesClock(Vertx vertx) throws Exception {
    node = nodes.start(vertx, Map.of("engine.allowedLatenessMs", "1000",
        "engine.publishIntervalMs", "200"));
    node.watchLive();
    Sensor a = node.sensor(vertx, A, A);
    Sensor b = node.sensor(vertx, B, B);

    // GIVEN A hearing 3 devices and B hearing 4, both publishing with right clocks
    // WHEN, halfway, one of A's publishes carries a sighting of another device dated 2098 among its normal ones
    long seq = 1;
    long startedAt = System.currentTimeMillis();
    for (int round = 0; round < 12; round++) {
      long now = System.currentTimeMillis();
      List<Sighting> fromA = new ArrayList<>(devices(A_DEVICES, 3, now));
      if (round == 6) {
        fromA.add(Sighting.of(String.format("%016x", A_DEVICES + 99), -40, YEAR_2098));
      }
      a.publish(seq, fromA);
      b.publish(seq, devices(B_DEVICES, 4, now));
      seq++;
      Thread.sleep(250);
    }

    // THEN the 2098 sighting is refused and counted for A only; nothing either sensor sent is late
    JsonObject clockA = poll("c -> c.getLong(\"refusedAhead\", 0L) == 1", () -> node.clock(A), c -> c.getLong("refusedAhead", 0L) == 1);
    assertThat(clockA.getLong("refusedAhead")).as("A's sightings refused as from the future").isEqualTo(1);
    assertThat(clockA.getString("state")).isEqualTo("wrong");
    assertThat(clockA.getLong("late")).isZero();
    JsonObject clockB = node.clock(B);
    assertThat(clockB.getLong("refusedAhead")).isZero();
    assertThat(clockB.getLong("late")).isZero();
    assertThat(clockB.getString("state")).isEqualTo("ok");

    // AND the normal sightings of both count: 3 devices at A (not the 2098 one), 4 at B
    assertThat(poll("n -> n == 3", () -> node.zoneDevices(A_ZONE), n -> n == 3)).isEqualTo(3);
    assertThat(poll("n -> n == 4", () -> node.zoneDevices(B_ZONE), n -> n == 4)).isEqualTo(4);

    // AND the site's watermark never left the present: on no live frame, nor in the REST snapshot
    long watermark = node.occupancy().getLong("watermark");
    assertThat(watermark).isBetween(startedAt - 10_000, System.currentTimeMillis());
    List<Frame> dated = node.frames.stream().filter(f -> f.json().getLong("watermark") != null).toList();
    assertThat(dated).isNotEmpty();
    assertThat(dated).allSatisfy(f -> assertThat(f.json().getLong("watermark"))
        .as("watermark of a %s frame", f.json().getString("type")).isLessThanOrEqualTo(f.receivedAtWall()));

    // AND an alert sensor-clock for A, live and stored
    Await.eventually("a sensor-clock alert for A on the WebSocket", () -> node.frames.stream()
        .map(Frame::json)
        .anyMatch(f -> "alert".equals(f.getString("type")) && "sensor-clock".equals(f.getString("kind"))
            && A.equals(f.getString("subject")) && "raised".equals(f.getString("state"))));
    assertThat(node.frames.stream().map(Frame::json)
        .filter(f -> "sensor-clock".equals(f.getString("kind")) && B.equals(f.getString("subject")))).isEmpty();
    String alerts = "/api/sites/" + LiveNode.SITE + "/alerts?state=open&from="
        + Instant.ofEpochMilli(startedAt - 3_600_000) + "&to=" + Instant.ofEpochMilli(startedAt + 3_600_000);
    JsonObject stored = poll("r -> r.getJsonArray(\"alerts\").stream() .map(JsonObject.class::cast).anyMatch(x -> \"sens", () -> node.get(alerts), r -> r.getJsonArray("alerts").stream()
        .map(JsonObject.class::cast).anyMatch(x -> "sensor-clock".equals(x.getString("kind"))));
    assertThat(stored.getJsonArray("alerts").stream().map(JsonObject.class::cast)
        .filter(x -> "sensor-clock".equals(x.getString("kind"))).map(x -> x.getString("subject")))
        .containsExactly(A);

    // AND the engine reports itself degraded, naming A's clock
    JsonObject engine = engineHealth();
    assertThat(engine.getString("status")).isEqualTo("degraded");
    assertThat(engine.getString("detail")).contains("clock wrong").contains(A);
  }

  @Test
  void aSensorTwoMinutesFastMakesTheCorrectSensorLoseNothingAsLate(Vertx vertx) throws Exception {
    node = nodes.start(vertx, Map.of("engine.publishIntervalMs", "200"));
    node.watchLive();
    Sensor a = node.sensor(vertx, A, A);
    Sensor b = node.sensor(vertx, B, B);

    // GIVEN A's clock 2 minutes fast and B's right, both publishing what they hear as they hear it
    long seq = 1;
    for (int round = 0; round < 10; round++) {
      long now = System.currentTimeMillis();
      a.publish(seq, devices(A_DEVICES, 3, now + 120_000));
      b.publish(seq, devices(B_DEVICES, 4, now));
      seq++;
      Thread.sleep(250);
    }

    // THEN both zones count their devices
    assertThat(poll("n -> n == 3", () -> node.zoneDevices(A_ZONE), n -> n == 3)).isEqualTo(3);
    assertThat(poll("n -> n == 4", () -> node.zoneDevices(B_ZONE), n -> n == 4)).isEqualTo(4);

    // AND B, the correct sensor, lost nothing as late, and neither did A, whose times were corrected by its lead
    JsonObject clockB = node.clock(B);
    assertThat(clockB.getLong("late")).as("B's late sightings").isZero();
    assertThat(clockB.getLong("correctionMs")).isZero();
    assertThat(clockB.getString("state")).isEqualTo("ok");
    JsonObject clockA = node.clock(A);
    assertThat(clockA.getLong("late")).as("A's late sightings").isZero();
    assertThat(clockA.getLong("refusedAhead")).isZero();
    assertThat(clockA.getLong("correctionMs")).isBetween(115_000L, 120_000L);
    assertThat(clockA.getString("state")).isEqualTo("wrong");

    // AND the site's clock stayed with the server's, not 2 minutes ahead with A
    List<Frame> dated = node.frames.stream().filter(f -> f.json().getLong("watermark") != null).toList();
    assertThat(dated).isNotEmpty();
    assertThat(dated).allSatisfy(f -> assertThat(f.json().getLong("watermark")).isLessThanOrEqualTo(
        f.receivedAtWall() + 5_000));
  }

  @Test
  void aSensorTwoMinutesSlowCountsItsDevicesInTheMinutesTheyWereHeard(Vertx vertx) throws Exception {
    Map<String, String> settings = Map.of("engine.publishIntervalMs", "200");
    node = nodes.start(vertx, settings);
    Sensor a = node.sensor(vertx, A, A);
    Sensor b = node.sensor(vertx, B, B);

    // GIVEN A's clock right and B's 2 minutes slow, both publishing what they hear as they hear it, for longer than
    // B's lead takes to settle
    long startedAt = System.currentTimeMillis();
    long seq = 1;
    int rounds = 0;
    while (System.currentTimeMillis() - startedAt < SETTLE_MS + 4_000) {
      long now = System.currentTimeMillis();
      a.publish(seq, devices(A_DEVICES, 3, now));
      b.publish(seq, devices(B_DEVICES, 4, now - 120_000));
      seq++;
      rounds++;
      Thread.sleep(250);
    }

    // THEN B's devices count in its zone now, and B's times are corrected by its lead
    assertThat(poll("n -> n == 4", () -> node.zoneDevices(B_ZONE), n -> n == 4)).isEqualTo(4);
    assertThat(node.zoneDevices(A_ZONE)).isEqualTo(3);
    JsonObject clockB = node.clock(B);
    assertThat(clockB.getLong("correctionMs")).isBetween(-120_000L, -119_000L);
    assertThat(clockB.getString("state")).isEqualTo("wrong");
    // only what B sent while its lead settled came too late: at most the settling time's batches, never all
    int settling = (int) (SETTLE_MS / 250) + 8;
    assertThat(clockB.getLong("late")).as("B's late sightings of %d", rounds * 4).isBetween(1L, settling * 4L);
    JsonObject clockA = node.clock(A);
    assertThat(clockA.getLong("late")).as("A's late sightings").isZero();
    assertThat(clockA.getLong("correctionMs")).isZero();
    long stoppedAt = System.currentTimeMillis();

    // WHEN the node stops (writing its open minutes) and starts again on the same data directory
    node.close();
    node = nodes.start(vertx, settings);

    // THEN B's zone has rows in the minutes of the server's clock when B heard its devices, none two minutes before
    String series = "/api/sites/" + LiveNode.SITE + "/zones/" + B_ZONE + "/series?from="
        + Instant.ofEpochMilli(startedAt - 600_000) + "&to=" + Instant.ofEpochMilli(stoppedAt + 600_000);
    JsonArray rows = poll("r -> !r.isEmpty()", () -> node.getArray(series), r -> !r.isEmpty());
    long firstMinute = Math.floorDiv(startedAt, 60_000L) * 60_000L;
    assertThat(rows).isNotEmpty();
    assertThat(rows.stream().map(JsonObject.class::cast).map(r -> Instant.parse(r.getString("minute")).toEpochMilli()))
        .allSatisfy(minute -> assertThat(minute).isBetween(firstMinute, stoppedAt));
    assertThat(rows.stream().map(JsonObject.class::cast).mapToInt(r -> r.getInteger("entries")).sum())
        .as("B's devices entering its zone").isEqualTo(4);
  }

  @Test
  void aSensorThatFallsSilentHoldsTheSitesClockOnlyForTheIdleGrace(Vertx vertx) throws Exception {
    long idleSensorMs = 4_000;
    long latenessMs = 1_000;
    node = nodes.start(vertx, Map.of("engine.idleSensorMs", Long.toString(idleSensorMs),
        "engine.allowedLatenessMs", Long.toString(latenessMs), "engine.publishIntervalMs", "100"));
    Sensor a = node.sensor(vertx, A, A);
    Sensor b = node.sensor(vertx, B, B);

    // GIVEN A and B both publishing with right clocks
    long seq = 1;
    long lastOfB = 0;
    for (int round = 0; round < 8; round++) {
      long now = System.currentTimeMillis();
      a.publish(seq, devices(A_DEVICES, 3, now));
      b.publish(seq, devices(B_DEVICES, 4, now));
      lastOfB = now + 3;
      seq++;
      Thread.sleep(250);
    }
    long bHolds = lastOfB - latenessMs;
    assertThat(poll("w -> w != null", this::watermark, w -> w != null)).as("a watermark").isNotNull();

    // WHEN B falls silent (still connected) while A goes on
    long silentFrom = System.currentTimeMillis();
    long movedOnAfter = -1;
    long heldUntil = -1;
    while (System.currentTimeMillis() - silentFrom < idleSensorMs + 8_000) {
      a.publish(seq++, devices(A_DEVICES, 3, System.currentTimeMillis()));
      long watermark = watermark();
      long elapsed = System.currentTimeMillis() - silentFrom;
      if (watermark <= bHolds) {
        heldUntil = elapsed;
      } else if (watermark > lastOfB + 500) {
        movedOnAfter = elapsed;
        break;
      }
      Thread.sleep(200);
    }

    // THEN B held the watermark back for most of the grace (it might only be slow) ...
    assertThat(heldUntil).as("ms of B's silence during which it held the watermark").isGreaterThanOrEqualTo(
        idleSensorMs - 1_500);
    // ... and no longer: the watermark moves on past B within idleSensorMs and a margin, with A's sightings
    assertThat(movedOnAfter).as("ms of B's silence after which the watermark passed B's last sighting")
        .isBetween(idleSensorMs - 1_500, idleSensorMs + 3_000);
    long later = System.currentTimeMillis();
    a.publish(seq, devices(A_DEVICES, 3, later));
    assertThat(poll("w -> w >= later - latenessMs", this::watermark, w -> w >= later - latenessMs)).isGreaterThanOrEqualTo(later - latenessMs);
    assertThat(node.clock(A).getLong("late")).isZero();
  }

  private Long watermark() throws Exception {
    return node.occupancy().getLong("watermark");
  }

  private JsonObject engineHealth() throws Exception {
    JsonObject components = node.get("/api/health/ready").getJsonObject("components");
    return components.stream().map(e -> (JsonObject) e.getValue())
        .filter(c -> c.getString("detail", "").contains("site")).findFirst().orElseThrow();
  }
}
