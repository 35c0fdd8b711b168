package io.footfall.evaluate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.footfall.app.FootfallConfig;
import io.footfall.app.FootfallNode;
import io.footfall.sensor.SensorCommand;
import io.footfall.site.Site;
import io.footfall.wire.DevicePseudonyms;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * One day of captures through a fresh footfall node, the way a site would run it: the sensor agent replays each
 * capture ({@code footfall sensor --read}) and publishes over MQTT to the node's ingest; the fixed devices given are
 * listed in the site file's {@code fixedDevices} (their pseudonyms under the day's key); event time is closed
 * ({@link EventTimeCloser}) and the node's minute estimates are read back from its REST API. The same captures are
 * also replayed to standard output once, for the naive baseline, which counts the addresses the sensor heard.
 *
 * <p>One node per day: the node is stopped and its Vert.x closed before the next day starts.
 */
final class CaptureReplay {

  private static final Logger LOG = LoggerFactory.getLogger(CaptureReplay.class);
  static final String SITE = "room";
  static final String ZONE = "room";
  private static final String PASSWORD = "demo";
  private static final String LOGIN = "admin:demo";
  private static final Duration SETTLE = Duration.ofMinutes(10);
  private static final Duration WAIT = Duration.ofMinutes(5);
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  /**
   * The part of a validation config ({@code --config}) that is not the node's but the validated site file's:
   * {@code site: {sensors: {rssiFloorDbm: -70}, fixedDevices: {detectAfterMinutes: 180}}}, so that one file says
   * how a site engineer would set the site up.
   */
  static final String SITE_SECTION = "site";

  /** One sighting as the sensor published it. */
  record Heard(String dev, int rssi, long ts) {
  }

  /** One minute row of the site ({@code zone *}) as the REST API answers it. */
  record Minute(long start, int devices, int estimatedDevices) {
  }

  /**
   * What one day gave.
   *
   * @param heard   every sighting the sensors published, fixed devices left out, in time order
   * @param minutes the node's site-wide minute rows by start
   */
  record Day(String name, List<Heard> heard, TreeMap<Long, Minute> minutes, long firstProbeMs, long lastProbeMs) {
  }

  private CaptureReplay() {
  }

  /**
   * Replays one day.
   *
   * @param captures   pcap or pcapng per sensor id
   * @param fixedMacs  MAC addresses (aa:bb:...) left out as fixed devices
   * @param nodeConfig footfall configuration of the node (settings being validated), or null for the defaults; its
   *                   {@code site} section, if any, is what the validated site's file says ({@link #SITE_SECTION})
   * @param timezone   the site's time zone (hour bands of the calibration)
   */
  static Day run(String name, Map<String, Path> captures, List<String> fixedMacs, Path nodeConfig, String timezone,
                 Path workDir) throws Exception {
    Files.createDirectories(workDir);
    Path keyFile = workDir.resolve("site.keys");
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    Files.writeString(keyFile, "2000-01-01 " + HexFormat.of().formatHex(secret) + "\n");
    Set<String> fixed = pseudonyms(keyFile, fixedMacs);
    Path password = workDir.resolve("sensor.password");
    Files.writeString(password, PASSWORD + "\n");
    ObjectNode given = nodeConfig == null ? YAML.createObjectNode() : (ObjectNode) YAML.readTree(nodeConfig.toFile());
    Path siteFile = writeSite(workDir.resolve("site.yaml"), captures.keySet(), timezone, fixed,
        (ObjectNode) given.remove(SITE_SECTION));

    List<Heard> heard = new ArrayList<>();
    for (var capture : captures.entrySet()) {
      heard.addAll(printed(capture.getKey(), capture.getValue(), keyFile, fixed));
    }
    heard.sort((a, b) -> Long.compare(a.ts(), b.ts()));
    if (heard.isEmpty()) {
      throw new IllegalArgumentException(name + ": the captures hold no probe request");
    }
    long first = heard.get(0).ts();
    long last = heard.get(heard.size() - 1).ts();

    Vertx vertx = Vertx.vertx();
    FootfallNode node = null;
    FootfallApi api = null;
    try {
      FootfallConfig config = FootfallConfig.load(writeNodeConfig(workDir, given, siteFile), Map.of(),
          Map.of("dataDir", workDir.resolve("node").toString(),
              "http.host", "127.0.0.1", "http.port", "0", "mqtt.host", "127.0.0.1", "mqtt.port", "0",
              // the agent publishes a replay as fast as acknowledgements come, like the simulator in `evaluate`
              "mqtt.maxInFlightBatches", "100000", "mqtt.publishesPerSecond", "1000000",
              "mqtt.publishBurst", "1000000", "database.flushIntervalMs", "200",
              // captures are older than the default retention counted back from today
              "database.zoneMinuteRetentionDays", "36500"));
      node = await(FootfallNode.start(vertx, config, true), Duration.ofMinutes(2));
      Site site = node.sites().stream().filter(s -> s.id().equals(SITE)).findFirst().orElseThrow();
      URI mqtt = URI.create("mqtt://127.0.0.1:" + node.mqttPort());
      for (var capture : captures.entrySet()) {
        publish(site.id(), capture.getKey(), capture.getValue(), mqtt, password, keyFile, workDir);
      }
      long closing = last + SETTLE.toMillis();
      EventTimeCloser.close(vertx, site, mqtt, PASSWORD, closing);
      api = new FootfallApi(vertx, URI.create("http://127.0.0.1:" + node.httpPort()), site.id(), LOGIN);
      TreeMap<Long, Minute> minutes = minutes(api, first, last, closing);
      LOG.info("day replayed [day: {}, sightings: {}, minutes: {}]", name, heard.size(), minutes.size());
      return new Day(name, heard, minutes, first, last);
    } finally {
      if (api != null) {
        api.close();
      }
      if (node != null) {
        await(node.stop(), Duration.ofMinutes(1));
      }
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private static Set<String> pseudonyms(Path keyFile, List<String> macs) throws IOException {
    DevicePseudonyms keys = DevicePseudonyms.fromKeyFile(keyFile);
    long anyTime = Instant.parse("2001-01-01T00:00:00Z").toEpochMilli();
    return macs.stream()
        .map(mac -> keys.pseudonym(HexFormat.of().parseHex(mac.strip().replace(":", "").replace("-", "")), anyTime))
        .collect(Collectors.toSet());
  }

  /**
   * The one-room site: every sensor in the room, the fixed devices listed, and what the validation config's
   * {@code site} section says: {@code sensors} settings given to every sensor (such as {@code rssiFloorDbm}) and
   * the site file's {@code fixedDevices} settings (such as {@code detectAfterMinutes}).
   */
  private static Path writeSite(Path file, Set<String> sensors, String timezone, Set<String> fixed,
                                ObjectNode section) throws IOException {
    ObjectNode site = YAML.createObjectNode().put("id", SITE).put("name", "Validated room").put("timezone", timezone);
    site.putArray("floors").addObject().put("id", "G").put("name", "Ground").put("level", 0).put("width", 20)
        .put("height", 20);
    ObjectNode zone = site.putArray("zones").addObject().put("id", ZONE).put("name", "Room").put("kind", "store")
        .put("floor", "G").put("capacity", 200);
    ArrayNode polygon = zone.putArray("polygon");
    polygon.addArray().add(0).add(0);
    polygon.addArray().add(20).add(0);
    polygon.addArray().add(20).add(20);
    polygon.addArray().add(0).add(20);
    ObjectNode everySensor = section != null && section.get("sensors") instanceof ObjectNode o ? o : null;
    ArrayNode list = site.putArray("sensors");
    int i = 0;
    for (String sensor : sensors) {
      ObjectNode s = list.addObject();
      if (everySensor != null) {
        s.setAll(everySensor);
      }
      s.put("id", sensor).put("floor", "G").put("x", 5 + 10 * (i++ % 2)).put("y", 10).put("zone", ZONE);
    }
    ObjectNode fixedDevices = section != null && section.get("fixedDevices") instanceof ObjectNode o
        ? o.deepCopy() : YAML.createObjectNode();
    ArrayNode ids = fixedDevices.putArray("devices");
    fixed.stream().sorted().forEach(ids::add);
    site.set("fixedDevices", fixedDevices);
    Files.writeString(file, "# written by footfall validate: one room, every sensor in it\n"
        + YAML.writeValueAsString(site));
    return file;
  }

  /** The given configuration without its {@code site} section, with this day's site. */
  private static Path writeNodeConfig(Path workDir, ObjectNode given, Path siteFile) throws IOException {
    ObjectNode tree = given.deepCopy();
    tree.putArray("sites").add(siteFile.toString());
    Path file = workDir.resolve("node.yaml");
    YAML.writeValue(file.toFile(), tree);
    return file;
  }

  /** The agent's batches for one capture, printed instead of published. */
  private static List<Heard> printed(String sensor, Path capture, Path keyFile, Set<String> fixed) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int code;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      code = new CommandLine(new SensorCommand(out)).execute("--read", capture.toString(), "--site", SITE,
          "--sensor", sensor, "--key-file", keyFile.toString(), "--speed", "max", "--stdout");
    }
    if (code != 0) {
      throw new IllegalStateException("footfall sensor --read " + capture + " --stdout exited " + code);
    }
    List<Heard> heard = new ArrayList<>();
    for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      for (Object s : new JsonObject(line).getJsonArray("sightings")) {
        JsonObject o = (JsonObject) s;
        if (!fixed.contains(o.getString("dev"))) {
          heard.add(new Heard(o.getString("dev"), o.getInteger("rssi", Integer.MIN_VALUE), o.getLong("ts")));
        }
      }
    }
    return heard;
  }

  private static void publish(String site, String sensor, Path capture, URI mqtt, Path password, Path keyFile,
                              Path workDir) {
    int code = new CommandLine(new SensorCommand()).execute("--read", capture.toString(), "--site", site,
        "--sensor", sensor, "--server", mqtt.toString(), "--password-file", password.toString(),
        "--key-file", keyFile.toString(), "--speed", "max",
        "--queue-dir", workDir.resolve("queue-" + sensor).toString());
    if (code != 0) {
      throw new IllegalStateException("footfall sensor --read " + capture + " exited " + code);
    }
  }

  /**
   * The site's minute rows once the watermark has passed the end and the estimate writer has stored the last of
   * them: the same count twice in a row, a second apart.
   */
  private static TreeMap<Long, Minute> minutes(FootfallApi api, long first, long last, long closing)
      throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    String path = api.sitePath() + "/estimates?zone=*&resolution=minute&"
        + FootfallApi.range(first - first % 60_000, last + 60_000);
    int previous = -1;
    while (System.nanoTime() < deadline) {
      JsonObject live = await(api.get(api.sitePath() + "/occupancy"), Duration.ofSeconds(30))
          .map(Answers::object).orElseThrow();
      Long watermark = live.getLong("watermark");
      if (watermark != null && watermark >= closing - SETTLE.toMillis() / 2) {
        JsonArray rows = await(api.get(path), Duration.ofSeconds(30)).map(o -> Answers.list(o, "rows"))
            .orElse(new JsonArray());
        if (rows.size() > 0 && rows.size() == previous) {
          TreeMap<Long, Minute> minutes = new TreeMap<>();
          for (Object r : rows) {
            JsonObject row = (JsonObject) r;
            long start = Instant.parse(row.getString("start")).toEpochMilli();
            minutes.put(start, new Minute(start, row.getInteger("devices"), row.getInteger("estimatedDevices")));
          }
          return minutes;
        }
        previous = rows.size();
      }
      Thread.sleep(1000);
    }
    throw new TimeoutException("footfall did not store the day's minutes within " + WAIT);
  }

  private static <T> T await(Future<T> future, Duration timeout) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Captures named {@code [SENSOR=]FILE}, in order; unnamed ones are s-01, s-02, ... */
  static Map<String, Path> captures(List<String> specs) {
    Map<String, Path> captures = new LinkedHashMap<>();
    for (String spec : specs) {
      int eq = spec.indexOf('=');
      String sensor = eq > 0 ? spec.substring(0, eq) : String.format("s-%02d", captures.size() + 1);
      captures.put(sensor, Path.of(eq > 0 ? spec.substring(eq + 1) : spec));
    }
    return captures;
  }
}
