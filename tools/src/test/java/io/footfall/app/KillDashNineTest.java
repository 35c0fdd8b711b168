package io.footfall.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.app.LiveNode.Sensor;
import io.footfall.testkit.Await;
import io.footfall.wire.Sighting;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #17 (3): {@code kill -9} of a single node loses nothing its sensors were told was taken, nor what they send
 * once it is back. {@code footfall serve} runs in a child JVM on a data directory with the embedded PostgreSQL; two
 * sensors publish a minute of sightings (QoS 1), the child is killed (SIGKILL) halfway with a batch in flight, the
 * sensors hold what they hear during the outage, and re-send it to a node restarted on the same directory. The minute
 * rows it stores are compared with those of an uninterrupted node fed the same batches.
 */
@Tag("soak")
@ExtendWith(VertxExtension.class)
class KillDashNineTest {

  /** 2024-11-29T10:00:00Z, a minute boundary. */
  private static final long T0 = 1_732_874_400_000L;
  private static final String SITE = "kill-mall";
  private static final String WEST = "s-west";
  private static final String EAST = "s-east";
  private static final String PASSWORD = "sensor passphrase";
  private static final String ADMIN_PASSWORD = ServeChild.ADMIN_PASSWORD;
  /** Event seconds sent before the kill; the batch of second KILL_AT is in flight when the node dies. */
  private static final int KILL_AT = 30;
  /** Event seconds the sensors hold during the outage, sent on reconnecting. */
  private static final int BACK_AT = 50;
  private static final int SECONDS = 75;

  @TempDir
  Path dir;

  private ServeChild child;
  private Path childData;
  /** Whether the sensors send repeat-visit ids (the agent's default for globally administered addresses). */
  private boolean repeatIds;

  @AfterEach
  void stopChild() throws Exception {
    if (child != null) {
      child.stop();
    }
  }

  @Test
  void aNodeKilledWithMinusNineKeepsWhatItAcknowledgedAndTakesTheBacklogSentAfterItsRestart(Vertx vertx)
      throws Exception {
    repeatIds = true;
    killedAndRestarted(vertx);
  }

  @Test
  void aNodeKilledWithMinusNineRestartsWithBatchesWithoutRepeatIdsInItsJournal(Vertx vertx) throws Exception {
    repeatIds = false;
    killedAndRestarted(vertx);
  }

  private void killedAndRestarted(Vertx vertx) throws Exception {
    Path config = writeConfig();

    // GIVEN the rows an uninterrupted node stores for a minute of traffic from two sensors
    Map<String, JsonArray> expected = uninterruptedRun(vertx, config);

    // AND footfall serve in a child JVM taking the first 30 s of the same traffic, every batch acknowledged
    int httpPort = ServeChild.freePort();
    int mqttPort = ServeChild.freePort();
    childData = dir.resolve("child-data");
    child = ServeChild.start(dir, config, childData, httpPort, mqttPort, "first");
    Sensor west = Sensor.connect(vertx, mqttPort, SITE, WEST, PASSWORD, WEST);
    Sensor east = Sensor.connect(vertx, mqttPort, SITE, EAST, PASSWORD, EAST);
    for (int s = 0; s < KILL_AT; s++) {
      west.publish(s + 1, sightings(WEST, s));
      east.publish(s + 1, sightings(EAST, s));
      Thread.sleep(30);
    }

    // WHEN it is killed with SIGKILL while west's next batch is in flight
    west.publishNoWait(KILL_AT + 1, sightings(WEST, KILL_AT));
    child.kill();
    long killedAt = System.currentTimeMillis();

    // AND it stays down for a while (the sensors hold the 20 s of sightings of the outage), then restarts
    Thread.sleep(Math.max(0, 5_000 - (System.currentTimeMillis() - killedAt)));
    child = ServeChild.start(dir, config, childData, httpPort, mqttPort, "restarted");
    // (no periodic snapshot was due: all the killed node had taken is in its journal, and comes back from it)
    String resumed = Files.readAllLines(dir.resolve("child-restarted.log")).stream()
        .filter(line -> line.contains("site resumed")).findFirst().orElseThrow();
    assertThat(resumed).as("the restarted node's resume").contains("fromSnapshot: false")
        .doesNotContain("journalEntries: 0,").contains("journalFailures: 0");

    // AND the sensors reconnect, re-send what was not acknowledged and send the backlog of the outage, then go on
    west = Sensor.connect(vertx, mqttPort, SITE, WEST, PASSWORD, WEST);
    east = Sensor.connect(vertx, mqttPort, SITE, EAST, PASSWORD, EAST);
    west.publish(KILL_AT + 1, sightings(WEST, KILL_AT));
    for (int s = KILL_AT; s < SECONDS; s++) {
      if (s > KILL_AT) {
        west.publish(s + 1, sightings(WEST, s));
      }
      east.publish(s + 1, sightings(EAST, s));
    }
    closeTheMinutes(west, east);

    // THEN the restarted node stores, minute by minute and zone by zone, what the uninterrupted one did (within one
    // device)
    WebClient http = WebClient.create(vertx);
    Map<String, JsonArray> actual = new LinkedHashMap<>();
    for (String zone : List.of("west", "east")) {
      actual.put(zone, pollRows(http, httpPort, zone, expected.get(zone).size()));
    }
    ServeChild.keepLogs(dir, "kill-dash-nine");
    System.out.println("KillDashNineTest uninterrupted: " + expected + "\nKillDashNineTest killed: " + actual);
    for (String zone : List.of("west", "east")) {
      JsonArray rows = actual.get(zone);
      assertThat(rows.size()).as("minute rows of " + zone).isEqualTo(expected.get(zone).size());
      for (int i = 0; i < rows.size(); i++) {
        JsonObject got = rows.getJsonObject(i);
        JsonObject want = expected.get(zone).getJsonObject(i);
        String at = zone + " " + want.getString("minute");
        assertThat(got.getString("minute")).as(at).isEqualTo(want.getString("minute"));
        for (String field : List.of("devicesMax", "entries", "exits", "uniques")) {
          assertThat(got.getInteger(field)).as(at + " " + field)
              .isBetween(want.getInteger(field) - 1, want.getInteger(field) + 1);
        }
        assertThat(got.getDouble("devicesAvg")).as(at + " devicesAvg")
            .isBetween(want.getDouble("devicesAvg") - 1, want.getDouble("devicesAvg") + 1);
      }
    }
    // AND nothing was lost as late, and the analytics failed on nothing
    JsonObject sensors = get(http, httpPort, "/api/sites/" + SITE + "/sensors");
    for (Object entry : sensors.getJsonArray("sensors")) {
      JsonObject clock = ((JsonObject) entry).getJsonObject("clock");
      assertThat(clock.getLong("late")).as("late sightings of " + ((JsonObject) entry).getString("id")).isZero();
    }
    assertThat(ServeChild.deadLetters(childData)).isEmpty();
  }

  /** Every second, each sensor hears its own devices; two devices walk from west to east during the outage. */
  private List<Sighting> sightings(String sensor, int second) {
    long ts = T0 + second * 1_000L;
    List<Sighting> list = new ArrayList<>();
    boolean west = WEST.equals(sensor);
    for (int d = 0; d < 6; d++) {
      // six devices at the west all along, four at the east; a fifth east device arrives during the outage
      if (west || d < 4 || (d == 4 && second >= 38)) {
        list.add(sighting(device(west ? 0x100 : 0x200, d), -50, ts + d));
      }
    }
    for (int d = 0; d < 2; d++) {
      boolean walkedEast = second >= 40;
      if (west != walkedEast) {
        list.add(sighting(device(0x300, d), -48, ts + 10 + d));
      }
    }
    // a west device leaves a few seconds into the outage
    if (west && second < 34) {
      list.add(sighting(device(0x400, 0), -55, ts + 20));
    }
    return list;
  }

  private Sighting sighting(String device, int rssi, long ts) {
    return new Sighting(device, rssi, ts, false, null, null, 1, repeatIds ? "9" + device.substring(1) : null);
  }

  private static String device(int group, int index) {
    return String.format("%016x", 0x7e57_0000_0000L + ((long) group << 8) + index);
  }

  /** A sighting far later at the west moves event time past every device's absence, so that the minutes close. */
  private static void closeTheMinutes(Sensor west, Sensor east) throws Exception {
    west.publish(SECONDS + 1, List.of(Sighting.of(device(0x500, 0), -50, T0 + 600_000)));
    east.publish(SECONDS + 1, List.of(Sighting.of(device(0x600, 0), -50, T0 + 600_000)));
  }

  private Map<String, JsonArray> uninterruptedRun(Vertx vertx, Path config) throws Exception {
    FootfallConfig loaded = FootfallConfig.load(config, Map.of(), Map.of("dataDir", dir.resolve("baseline").toString(),
        "http.port", "0", "mqtt.port", "0"));
    FootfallNode node = Await.await(FootfallNode.start(vertx, loaded, false));
    try {
      Sensor west = Sensor.connect(vertx, node.mqttPort(), SITE, WEST, PASSWORD, WEST);
      Sensor east = Sensor.connect(vertx, node.mqttPort(), SITE, EAST, PASSWORD, EAST);
      for (int s = 0; s < SECONDS; s++) {
        west.publish(s + 1, sightings(WEST, s));
        east.publish(s + 1, sightings(EAST, s));
      }
      closeTheMinutes(west, east);
      WebClient http = WebClient.create(vertx);
      Map<String, JsonArray> rows = new LinkedHashMap<>();
      for (String zone : List.of("west", "east")) {
        // at least the minutes up to the devices' exits, and stable
        rows.put(zone, pollRows(http, node.httpPort(), zone, 2));
      }
      west.disconnect();
      east.disconnect();
      return rows;
    } finally {
      Await.await(node.stop());
    }
  }

  /** The zone's minute rows over the traffic's first 5 minutes, once at least {@code atLeast} and unchanged. */
  private JsonArray pollRows(WebClient http, int port, String zone, int atLeast) throws Exception {
    String path = "/api/sites/" + SITE + "/zones/" + zone + "/series?from=" + Instant.ofEpochMilli(T0) + "&to="
        + Instant.ofEpochMilli(T0 + 300_000);
    long deadline = System.currentTimeMillis() + 30_000;
    JsonArray last = null;
    int sameFor = 0;
    while (System.currentTimeMillis() < deadline) {
      JsonArray rows = Await.await(http.get(port, "127.0.0.1", path)
          .basicAuthentication("admin", ADMIN_PASSWORD).send()).bodyAsJsonArray();
      sameFor = rows.equals(last) ? sameFor + 1 : 0;
      last = rows;
      if (rows.size() >= atLeast && sameFor >= 5) {
        return rows;
      }
      Thread.sleep(200);
    }
    return last;
  }

  private static JsonObject get(WebClient http, int port, String path) throws Exception {
    return Await.await(http.get(port, "127.0.0.1", path).basicAuthentication("admin", ADMIN_PASSWORD).send())
        .bodyAsJsonObject();
  }

  private Path writeConfig() throws IOException {
    return ServeChild.writeConfig(dir, SITE, """
        id: %s
        name: Kill Mall
        timezone: Europe/London
        floors: [{id: G, width: 40, height: 10}]
        zones:
          - {id: west, kind: store, floor: G, capacity: 50, polygon: [[0,0],[20,0],[20,10],[0,10]]}
          - {id: east, kind: store, floor: G, capacity: 50, polygon: [[20,0],[40,0],[40,10],[20,10]]}
        sensors:
          - {id: %s, floor: G, x: 5, y: 5, zone: west, secret: "%%SECRET%%"}
          - {id: %s, floor: G, x: 35, y: 5, zone: east, secret: "%%SECRET%%"}
        """.formatted(SITE, WEST, EAST), PASSWORD, """
        database: {flushIntervalMs: 100}
        engine:
          allowedLatenessMs: 2000
          absenceTimeoutMs: 10000
          exitGraceMs: 5000
          publishIntervalMs: 200
          snapshotIntervalMs: 600000
        """);
  }
}
