package io.footfall.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.app.LiveNode;
import io.footfall.app.ServeChild;
import io.footfall.testkit.Await;
import io.footfall.wire.Sighting;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue #17, replays as a first-class use: a user runs {@code footfall serve --config FILE --replay} (in a child JVM,
 * with its embedded PostgreSQL, nothing tuned) and replays recorded days of the Brno lab with
 * {@code footfall sensor --read DAY --speed max}, one after another as the same sensor: the first third back to
 * back, the second third with pauses longer than the idle advance between days (event time then follows the wall
 * clock through the silence), the last third with the node killed with SIGKILL while the agent replays a day and
 * started again on the same data directory (the agent reconnects and re-sends what was not acknowledged). No batch
 * is dead-lettered, the node is ready, and every minute with sightings has its zone_minute row.
 */
@Tag("soak")
@ExtendWith(VertxExtension.class)
class ReplayDaysServeTest {

  private static final String SITE = "brno-lab";
  private static final String SENSOR = "s-01";
  private static final String ZONE = "lab";
  private static final String PASSWORD = "sensor passphrase";
  /** Longer than the engine's idle advance (10 s): event time follows the wall clock through such a pause. */
  private static final long PAUSE_MS = 12_000;
  /** Batches the agent queues of the day it replays before the node is killed. */
  private static final int KILL_AFTER_BATCHES = 200;

  @TempDir
  Path dir;

  private ServeChild child;
  private Path data;
  private Path config;
  private int httpPort;
  private int mqttPort;

  @AfterEach
  void stopChild() throws Exception {
    if (child != null) {
      child.stop();
    }
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void threeSmallDaysBackToBackThenAfterAPauseThenKilledMidDay(Vertx vertx) throws Exception {
    replay(vertx, "sc6-61_2022-11-24_anonymized.pcap", "sc6-61_2023-03-16_anonymized.pcap",
        "sc6-61_2024-03-22_anonymized.pcap");
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.MINUTES)
  void everyDayOfTheLabBackToBackThenWithPausesThenKilledMidDay(Vertx vertx) throws Exception {
    String[] days;
    try (Stream<Path> files = Files.list(ReplayDaysTest.brnoCaptures())) {
      days = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".pcap")).sorted()
          .toArray(String[]::new);
    }
    replay(vertx, days);
  }

  private void replay(Vertx vertx, String... files) throws Exception {
    Path brno = ReplayDaysTest.brnoCaptures();
    Path key = StdoutReplay.keyFile(dir);
    Path password = dir.resolve("password");
    Files.writeString(password, PASSWORD + "\n");
    Path queue = dir.resolve("sensor-queue");
    data = dir.resolve("data");
    config = ServeChild.writeConfig(dir, SITE, """
        id: %s
        name: Brno lab
        timezone: Europe/Prague
        floors: [{id: G, width: 10, height: 10}]
        zones:
          - {id: %s, kind: store, floor: G, capacity: 100, polygon: [[0,0],[10,0],[10,10],[0,10]]}
        sensors:
          - {id: %s, floor: G, x: 5, y: 5, zone: %s, secret: "%%SECRET%%"}
        """.formatted(SITE, ZONE, SENSOR, ZONE), PASSWORD, """
        engine: {rssiFloorDbm: %d}
        database: {queryTimeoutMs: 20000}
        """.formatted(ReplayDaysTest.RSSI_FLOOR_DBM));
    httpPort = ServeChild.freePort();
    mqttPort = ServeChild.freePort();
    // GIVEN the minutes in which each day had sightings the engine keeps, from the agent's own batches
    ReplayDaysTest.Days expected = ReplayDaysTest.Days.of(brno, key, files);
    // AND footfall serve --replay, nothing else tuned but the database's timeout: on a shared test machine the
    // PostgreSQL a SIGKILL left behind can take more than the default 3 s to answer the restarted node's migration
    child = ServeChild.start(dir, config, data, httpPort, mqttPort, "first", "--replay");

    String[] agent = {"--site", SITE, "--sensor", SENSOR, "--server", "mqtt://127.0.0.1:" + mqttPort,
        "--password-file", password.toString(), "--key-file", key.toString(), "--speed", "max",
        "--queue-dir", queue.toString()};
    int third = Math.max(1, files.length / 3);
    int killAt = Math.min(files.length - 1, 2 * third);
    AtomicInteger restarts = new AtomicInteger();
    for (int d = 0; d < files.length; d++) {
      String[] args = concat(new String[] {"--read", brno.resolve(files[d]).toString()}, agent);
      if (d == killAt) {
        // WHEN the node is killed with SIGKILL while the agent replays this day, and started again on its data dir
        long seqBefore = nextSeq(queue);
        AtomicInteger code = new AtomicInteger(-1);
        Thread replaying = new Thread(() -> code.set(new CommandLine(new SensorCommand()).execute(args)));
        replaying.start();
        Await.eventually("the agent replaying " + files[d], java.time.Duration.ofMinutes(2),
            () -> !replaying.isAlive() || nextSeq(queue) >= seqBefore + KILL_AFTER_BATCHES);
        child.kill();
        child = ServeChild.start(dir, config, data, httpPort, mqttPort, "restarted-" + restarts.incrementAndGet(),
            "--replay");
        replaying.join(TimeUnit.MINUTES.toMillis(20));
        assertThat(code.get()).as("footfall sensor --read " + files[d] + " across the kill").isZero();
        continue;
      }
      if (d >= third && d < 2 * third) {
        // the days of the second third come with a pause before each
        Thread.sleep(PAUSE_MS);
      }
      int code = new CommandLine(new SensorCommand()).execute(args);
      assertThat(code).as("footfall sensor --read " + files[d]).isZero();
    }
    // AND, an hour after the last day's last sighting, the sensor hears one more device: every minute before is final
    LiveNode.Sensor sensor = LiveNode.Sensor.connect(vertx, mqttPort, SITE, SENSOR, PASSWORD, SENSOR + "-last");
    sensor.publish(nextSeq(queue), List.of(Sighting.of("00000000feedbeef", -50, expected.newest() + 3_600_000)));

    // THEN no batch was dead-lettered, and the node is ready
    ServeChild.keepLogs(dir, "replay-days-serve");
    assertThat(ServeChild.deadLetters(data)).as("dead letters").isEmpty();
    WebClient http = WebClient.create(vertx);
    JsonObject ready = Await.await(http.get(httpPort, "127.0.0.1", "/api/health/ready").send()).bodyAsJsonObject();
    assertThat(ready.encode()).doesNotContain("failed on").doesNotContain("dead letter");
    assertThat(ready.getBoolean("ready")).as(ready.encode()).isTrue();
    // AND every minute with sightings has its zone_minute row, day by day
    expected.assertEveryMinuteHasARow(files, path -> Await.await(http.get(httpPort, "127.0.0.1",
            "/api/sites/" + SITE + "/zones/" + ZONE + "/series" + path)
        .basicAuthentication("admin", ServeChild.ADMIN_PASSWORD).send()).bodyAsJsonArray());
  }

  private static long nextSeq(Path queue) {
    try {
      Path file = queue.resolve("next-seq");
      return Files.exists(file) ? Long.parseLong(Files.readString(file).strip()) : 0;
    } catch (java.io.IOException | NumberFormatException e) {
      // read while the agent renames it into place
      return 0;
    }
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
