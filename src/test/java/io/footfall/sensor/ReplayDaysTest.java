package io.footfall.sensor;

import static io.footfall.testkit.Await.poll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.footfall.app.LiveNode;
import io.footfall.wire.Sighting;
import io.footfall.wire.SightingBatch;
import io.footfall.wire.WireDecoder;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue #17 (1): days of real captures replayed back to back into one node, through the sensor agent
 * ({@code footfall sensor --read FILE --speed max}) and real MQTT, with the same sensor and its queue, so that event
 * time jumps months between two days. The site must never wedge: no batch is dead-lettered, and every minute that had
 * sightings gets its zone_minute row in PostgreSQL.
 */
@ExtendWith(VertxExtension.class)
class ReplayDaysTest {

  private static final String SENSOR = "s-01";
  /** Demo sensor s-01 hangs in the west entrance. */
  private static final String ZONE = "entrance-west";
  /**
   * Sightings weaker than the engine's floor are counted and ignored. The Brno sensor heard everything at -87 to -97
   * dBm, below the default floor (-85), so the node takes them all here.
   */
  static final int RSSI_FLOOR_DBM = -100;
  private static final long MINUTE = 60_000;

  @TempDir
  Path dir;

  private LiveNode node;

  @AfterEach
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void twoSmallDaysReplayedBackToBackGiveARowForEveryMinuteWithSightings(Vertx vertx) throws Exception {
    replayBackToBack(vertx, "sc6-61_2022-11-24_anonymized.pcap", "sc6-61_2024-03-22_anonymized.pcap");
  }

  @Test
  @Tag("soak")
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void threeDaysReplayedBackToBackGiveARowForEveryMinuteWithSightings(Vertx vertx) throws Exception {
    replayBackToBack(vertx, "sc6-61_2022-11-24_anonymized.pcap", "sc6-61_2023-03-16_anonymized.pcap",
        "sc6-61_2024-03-22_anonymized.pcap");
  }

  @Test
  @Tag("soak")
  @Timeout(value = 20, unit = TimeUnit.MINUTES)
  void everyDayOfTheLabReplayedBackToBackGivesARowForEveryMinuteWithSightings(Vertx vertx) throws Exception {
    String[] days;
    try (java.util.stream.Stream<Path> files = Files.list(brnoCaptures())) {
      days = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".pcap")).sorted()
          .toArray(String[]::new);
    }
    replayBackToBack(vertx, days);
  }

  private void replayBackToBack(Vertx vertx, String... files) throws Exception {
    Path brno = brnoCaptures();
    Path key = StdoutReplay.keyFile(dir);
    Path password = dir.resolve("password");
    Files.writeString(password, "demo\n");
    Path queue = dir.resolve("sensor-queue");
    Path data = dir.resolve("data");
    // the captures are years old: kept whatever their age; and the agent replays faster than a sensor's 20 batches/s
    node = LiveNode.start(vertx, data, Map.of("engine.publishIntervalMs", "200",
        "engine.rssiFloorDbm", Integer.toString(RSSI_FLOOR_DBM),
        "database.zoneMinuteRetentionDays", "36500",
        "mqtt.publishesPerSecond", "100000",
        "mqtt.publishBurst", "100000"));

    // GIVEN the minutes in which each day had sightings the engine keeps (strong enough), from the agent's own batches
    Days expected = Days.of(brno, key, files);
    List<TreeSet<Long>> minutes = expected.minutes();
    long newest = expected.newest();

    // WHEN the sensor agent replays the days one after another at full speed into the node, as the same sensor with
    // the same queue (its batch numbers go on)
    for (String file : files) {
      int code = new CommandLine(new SensorCommand()).execute("--read", brno.resolve(file).toString(),
          "--site", LiveNode.SITE, "--sensor", SENSOR, "--server", "mqtt://127.0.0.1:" + node.mqttPort(),
          "--password-file", password.toString(), "--key-file", key.toString(), "--speed", "max",
          "--queue-dir", queue.toString());
      assertThat(code).as("footfall sensor --read " + file).isZero();
    }
    // AND, an hour after the last day's last sighting, the sensor hears one more device: every minute before is final
    long nextSeq = Long.parseLong(Files.readString(queue.resolve("next-seq")).strip());
    LiveNode.Sensor sensor = node.sensor(vertx, SENSOR, SENSOR + "-last");
    sensor.publish(nextSeq, List.of(Sighting.of("00000000feedbeef", -50, newest + 3_600_000)));

    // THEN no batch was dead-lettered: nothing on disk, and the engine's health says none failed
    try (Stream<Path> letters = Files.exists(data.resolve("dead-letter")) ? Files.walk(data.resolve("dead-letter"))
        : Stream.empty()) {
      assertThat(letters.filter(Files::isRegularFile).toList()).as("dead letters").isEmpty();
    }
    JsonObject health = node.get("/api/health/ready");
    assertThat(health.encode()).doesNotContain("failed on").doesNotContain("dead letter");
    assertThat(health.getBoolean("ready")).isTrue();
    assertThat(node.rejected(SENSOR, "dead-letter")).isZero();

    // AND every minute with sightings has its zone_minute row, day by day
    expected.assertEveryMinuteHasARow(files, path -> node.getArray("/api/sites/" + LiveNode.SITE + "/zones/" + ZONE
        + "/series" + path));
  }

  /** What a list of days' captures hold: per day the minutes with sightings the engine keeps, and the newest time. */
  record Days(List<TreeSet<Long>> minutes, long newest) {

    /** From the agent's own batches ({@code footfall sensor --read DAY --stdout}), day by day. */
    static Days of(Path brno, Path key, String... files) {
      WireDecoder decoder = new WireDecoder(5000);
      List<TreeSet<Long>> minutes = new java.util.ArrayList<>();
      long newest = Long.MIN_VALUE;
      for (String file : files) {
        StdoutReplay.Result printed = StdoutReplay.run(brno.resolve(file), key);
        assertThat(printed.exitCode()).isZero();
        TreeSet<Long> day = new TreeSet<>();
        for (String line : printed.lines()) {
          SightingBatch batch = decoder.decode(line.getBytes(StandardCharsets.UTF_8));
          for (int i = 0; i < batch.size; i++) {
            if (batch.rssi[i] == SightingBatch.NO_RSSI || batch.rssi[i] >= RSSI_FLOOR_DBM) {
              day.add(Math.floorDiv(batch.ts[i], MINUTE) * MINUTE);
            }
            newest = Math.max(newest, batch.ts[i]);
          }
        }
        assertThat(day).as("minutes with sightings in " + file).isNotEmpty();
        minutes.add(day);
      }
      return new Days(minutes, newest);
    }

    /**
     * Polls the zone's series (a reader of {@code ?from=..&to=..}, at most 31 days per request) until every minute
     * with sightings has its row, and fails naming the missing ones.
     */
    void assertEveryMinuteHasARow(String[] files, LiveNode.ThrowingFunction<String, JsonArray> series)
        throws Exception {
      for (int d = 0; d < files.length; d++) {
        TreeSet<Long> day = minutes.get(d);
        long from = day.first();
        long to = day.last() + MINUTE;
        TreeSet<Long> stored = poll("rows -> rows.containsAll(day)", () -> rowMinutes(series, from, to), rows -> rows.containsAll(day));
        TreeSet<Long> missing = new TreeSet<>(day);
        missing.removeAll(stored);
        assertThat(missing.stream().map(Instant::ofEpochMilli).toList())
            .as("minutes of %s with sightings but no zone_minute row (of %d)", files[d], day.size()).isEmpty();
      }
    }

    private static TreeSet<Long> rowMinutes(LiveNode.ThrowingFunction<String, JsonArray> series, long from, long to)
        throws Exception {
      TreeSet<Long> minutes = new TreeSet<>();
      for (long start = from; start < to; start += 7 * 24 * 3_600_000L) {
        long end = Math.min(to, start + 7 * 24 * 3_600_000L);
        for (Object row : series.apply("?from=" + Instant.ofEpochMilli(start) + "&to=" + Instant.ofEpochMilli(end))) {
          minutes.add(Instant.parse(((JsonObject) row).getString("minute")).toEpochMilli());
        }
      }
      return minutes;
    }
  }

  /**
   * The Brno captures of the shared real data: {@code ../shared/realdata} relative to the project as
   * {@link RealCaptures} looks for it, or a {@code shared/realdata} beside a folder above the project (a git worktree
   * of it); the test is skipped when there is none.
   */
  static Path brnoCaptures() throws IOException {
    Path project = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
    for (Path at = project.getParent(); at != null; at = at.getParent()) {
      Path brno = at.resolve("shared/realdata/brno");
      if (Files.isDirectory(brno)) {
        return brno;
      }
    }
    assumeTrue(false, "real captures not found at " + project.resolveSibling("shared/realdata/brno")
        + " (../shared/realdata relative to the project, or above it): skipping");
    return null;
  }
}
