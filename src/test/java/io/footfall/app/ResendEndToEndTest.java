package io.footfall.app;

import static io.footfall.app.LiveNode.devices;
import static io.footfall.testkit.Await.poll;
import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.app.LiveNode.Sensor;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #17 (5): a batch re-sent without MQTT's DUP flag, as MQTT.js does after a shed connection, is counted once.
 * The engine recognises it by (sensor, seq) over a new connection and across a restart; both copies are PUBACKed.
 */
@ExtendWith(VertxExtension.class)
class ResendEndToEndTest {

  /** 2024-11-29T10:00:00Z, a minute boundary. */
  private static final long T0 = 1_732_874_400_000L;
  private static final String SENSOR = "s-01";
  private static final String ZONE = "entrance-west";
  private static final long DEVICES = 0x5eed_0000L;
  private static final Map<String, String> SETTINGS = Map.of(
      "engine.allowedLatenessMs", "0",
      "engine.absenceTimeoutMs", "10000",
      "engine.exitGraceMs", "5000",
      "engine.publishIntervalMs", "200");

  @RegisterExtension
  final LiveNodes nodes = new LiveNodes();

  private LiveNode node;

  @Test
  void aBatchReSentWithoutTheDupFlagOnASecondConnectionIsAcknowledgedAndCountedOnce(Vertx vertx) throws Exception {
    node = nodes.start(vertx, SETTINGS);

    // GIVEN a sensor whose batches 1..4 (5 devices heard every 5 s) were taken, though the PUBACK of 3 was lost
    Sensor first = node.sensor(vertx, SENSOR, SENSOR);
    for (long seq = 1; seq <= 4; seq++) {
      first.publish(seq, devices(DEVICES, 5, T0 + (seq - 1) * 5_000));
    }
    assertThat(poll("n -> n == 5", () -> node.zoneDevices(ZONE), n -> n == 5)).isEqualTo(5);

    // WHEN its connection is shed and it re-sends batch 3 on a new one, QoS 1 without the DUP flag (as MQTT.js
    // does), after batch 4 was taken: not the newest number, so no "same as the last seq" guess can catch it
    first.disconnect();
    Sensor second = node.sensor(vertx, SENSOR, SENSOR);
    second.publish(3, devices(DEVICES, 5, T0 + 10_000));

    // THEN it is acknowledged (publish returned on the PUBACK) and counted as a duplicate, once
    assertThat(poll("n -> n == 1", () -> node.rejected(SENSOR, "duplicate"), n -> n == 1)).isEqualTo(1);
    JsonObject counters = node.sensor(SENSOR).getJsonObject("counters");
    assertThat(counters.getLong("batches")).as("batches taken").isEqualTo(4);
    assertThat(counters.getLong("sightings")).as("sightings taken").isEqualTo(20);

    // AND the analytics did not see it again: had they, its 5 sightings would be late (event time is past them)
    assertThat(node.clock(SENSOR).getLong("late", 0L)).isZero();

    // WHEN the sensor goes on for three minutes, then event time moves past the devices' absence
    long seq = 5;
    for (long t = T0 + 20_000; t < T0 + 180_000; t += 5_000) {
      second.publish(seq++, devices(DEVICES, 5, t));
    }
    second.publish(seq, devices(DEVICES + 100, 1, T0 + 600_000));

    // THEN the first minute's row in PostgreSQL holds the 5 devices once each
    JsonArray rows = poll("r -> r.size() >= 3", () -> series(T0, T0 + 300_000), r -> r.size() >= 3);
    JsonObject minute = rows.getJsonObject(0);
    assertThat(minute.getString("minute")).isEqualTo(Instant.ofEpochMilli(T0).toString());
    assertThat(minute.getInteger("devicesMax")).isEqualTo(5);
    assertThat(minute.getInteger("entries")).isEqualTo(5);
    assertThat(minute.getInteger("uniques")).isEqualTo(5);
    assertThat(node.rejected(SENSOR, "duplicate")).isEqualTo(1);
    assertThat(node.clock(SENSOR).getLong("late", 0L)).isZero();
  }

  @Test
  void aBatchReSentAfterTheNodeRestartedIsRecognisedFromTheSnapshotAndJournal(Vertx vertx) throws Exception {
    node = nodes.start(vertx, SETTINGS);

    // GIVEN batches 1..3 of a sensor acknowledged by a node
    Sensor sensor = node.sensor(vertx, SENSOR, SENSOR);
    for (long seq = 1; seq <= 3; seq++) {
      sensor.publish(seq, devices(DEVICES, 5, T0 + (seq - 1) * 5_000));
    }
    assertThat(poll("n -> n == 5", () -> node.zoneDevices(ZONE), n -> n == 5)).isEqualTo(5);
    sensor.disconnect();

    // WHEN the node restarts on its data directory and the sensor re-sends batches 2 and 3 without the DUP flag
    node = nodes.restart(vertx, SETTINGS);
    Sensor back = node.sensor(vertx, SENSOR, SENSOR);
    back.publish(2, devices(DEVICES, 5, T0 + 5_000));
    back.publish(3, devices(DEVICES, 5, T0 + 10_000));
    back.publish(4, devices(DEVICES, 5, T0 + 15_000));

    // THEN the re-sends are duplicates and batch 4 is taken
    assertThat(poll("n -> n == 2", () -> node.rejected(SENSOR, "duplicate"), n -> n == 2)).isEqualTo(2);
    JsonObject counters = node.sensor(SENSOR).getJsonObject("counters");
    assertThat(counters.getLong("batches")).as("batches taken since the restart").isEqualTo(1);
    assertThat(node.clock(SENSOR).getLong("late", 0L)).isZero();
    assertThat(poll("n -> n == 5", () -> node.zoneDevices(ZONE), n -> n == 5)).isEqualTo(5);
  }

  @Test
  void aSensorReinstalledAndCountingAfreshIsNotMistakenForReSends(Vertx vertx) throws Exception {
    node = nodes.start(vertx, SETTINGS);

    // GIVEN a sensor that sent 20 batches
    Sensor sensor = node.sensor(vertx, SENSOR, SENSOR);
    for (long seq = 1; seq <= 20; seq++) {
      sensor.publish(seq, devices(DEVICES, 5, T0 + (seq - 1) * 1_000));
    }
    sensor.disconnect();

    // WHEN it is reinstalled (its queue and numbering lost) and numbers its batches from 1 again, hearing 3 others
    Sensor reinstalled = node.sensor(vertx, SENSOR, SENSOR);
    for (long seq = 1; seq <= 5; seq++) {
      reinstalled.publish(seq, devices(DEVICES + 0x100, 3, T0 + 30_000 + seq * 1_000));
    }

    // THEN its new batches are taken: none is a duplicate, and the zone holds the 3 new devices too
    assertThat(poll("n -> n == 25", () -> node.sensor(SENSOR).getJsonObject("counters").getLong("batches"), n -> n == 25))
        .as("batches taken").isEqualTo(25);
    assertThat(node.rejected(SENSOR, "duplicate")).isZero();
  }

  private JsonArray series(long from, long to) throws Exception {
    return node.getArray("/api/sites/" + LiveNode.SITE + "/zones/" + ZONE + "/series?from="
        + Instant.ofEpochMilli(from) + "&to=" + Instant.ofEpochMilli(to));
  }
}
