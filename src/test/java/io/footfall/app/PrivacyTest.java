package io.footfall.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import io.footfall.store.Database;
import io.footfall.store.DatabaseConfig;
import io.footfall.store.EmbeddedDatabase;
import io.footfall.wire.DevicePseudonyms;
import io.footfall.wire.Sighting;
import io.footfall.wire.Topics;
import io.footfall.wire.WireEncoder;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Privacy by design, checked end to end: sightings of phones with known MAC addresses go through a real node the way
 * a sensor sends them (keyed pseudonyms over MQTT), with every log line at DEBUG captured to a file; then the logs,
 * a text dump of every database table and every file of the data directory are searched for those addresses.
 */
@ExtendWith(VertxExtension.class)
class PrivacyTest {

  private static final long T0 = 1_732_874_400_000L;
  private static final String SITE = "demo-mall";
  private static final String SENSOR = "s-01";
  private static final Pattern HEX_RUN = Pattern.compile("[0-9a-fA-F](?:[0-9a-fA-F]|[:.-](?=[0-9a-fA-F])){11,}");

  @TempDir
  Path dataDir;
  @TempDir
  Path logDir;

  private final LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
  private FileAppender<ILoggingEvent> capture;
  private Level footfallLevel;

  @BeforeEach
  void captureLogs() {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(logging);
    encoder.setPattern("%d %level %logger - %msg%n%ex");
    encoder.start();
    capture = new FileAppender<>();
    capture.setContext(logging);
    capture.setFile(logDir.resolve("footfall.log").toString());
    capture.setEncoder(encoder);
    capture.start();
    logging.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(capture);
    Logger footfall = logging.getLogger("io.footfall");
    footfallLevel = footfall.getLevel();
    footfall.setLevel(Level.DEBUG);
  }

  @AfterEach
  void stopCapture() {
    logging.getLogger("io.footfall").setLevel(footfallLevel);
    logging.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(capture);
    capture.stop();
  }

  @Test
  void noKnownMacAddressReachesTheLogsTheDatabaseOrTheDataDirectory(Vertx vertx) throws Exception {
    // GIVEN twenty phones with known MAC addresses, pseudonymised by the sensor's own code
    Random random = new Random(8);
    List<byte[]> macs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      byte[] mac = new byte[6];
      random.nextBytes(mac);
      macs.add(mac);
    }
    byte[] key = new byte[32];
    random.nextBytes(key);
    DevicePseudonyms pseudonyms = DevicePseudonyms.of(List.of(new DevicePseudonyms.SiteKey(Instant.EPOCH, key)));

    // WHEN a node takes three minutes of their sightings, snapshots them, writes the rollups and stops
    FootfallNode node = FootfallNode.start(vertx, FootfallConfig.load(null, Map.of(), Map.of(
        "dataDir", dataDir.toString(), "http.port", "0", "mqtt.port", "0", "database.flushIntervalMs", "100",
        "engine.allowedLatenessMs", "0", "engine.absenceTimeoutMs", "10000",
        "engine.exitGraceMs", "5000", "engine.snapshotIntervalMs", "200")), true).await();
    MqttClient sensor = MqttClient.create(vertx, new MqttClientOptions().setUsername(SENSOR).setPassword("demo")
        .setClientId(SENSOR));
    sensor.connect(node.mqttPort(), "127.0.0.1").await();
    long seq = 1;
    for (long t = T0; t < T0 + 180_000; t += 10_000) {
      List<Sighting> sightings = new ArrayList<>();
      for (byte[] mac : macs) {
        sightings.add(Sighting.of(pseudonyms.pseudonym(mac, t), -50, t));
      }
      publish(sensor, seq++, sightings);
    }
    publish(sensor, seq, List.of(Sighting.of(pseudonyms.pseudonym(macs.get(0), T0 + 600_000), -50, T0 + 600_000)));
    awaitFile(dataDir.resolve("snapshots").resolve(SITE + ".bin"));
    node.stop().await();

    // THEN none of the addresses appears in any spelling, in the logs, the database or the data directory
    String logs = Files.readString(logDir.resolve("footfall.log"));
    String database = dumpDatabase(vertx);
    assertThat(logs).contains(SITE);
    assertThat(database).contains("entrance-west");
    for (byte[] mac : macs) {
      for (String spelling : spellings(mac)) {
        assertThat(logs).as("logs").doesNotContainIgnoringCase(spelling);
        assertThat(database).as("database").doesNotContainIgnoringCase(spelling);
      }
    }
    assertDataDirectoryFreeOf(macs);
  }

  /** Text of every row of every table footfall created, as PostgreSQL renders it. */
  private String dumpDatabase(Vertx vertx) throws Exception {
    EmbeddedDatabase postgres = new EmbeddedDatabase(dataDir);
    postgres.start(vertx).await();
    Pool pool = Database.pool(vertx, new DatabaseConfig("", 1000, 1000, 1), postgres.connectOptions());
    try {
      StringBuilder dump = new StringBuilder();
      for (Row table : pool.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
          .execute().await()) {
        String name = table.getString(0);
        for (Row row : pool.query("SELECT t::text FROM \"" + name.replace("\"", "") + "\" t").execute().await()) {
          dump.append(name).append(' ').append(row.getString(0)).append('\n');
        }
      }
      return dump.toString();
    } finally {
      pool.close().await();
      postgres.stop(vertx).await();
    }
  }

  /**
   * Every file, PostgreSQL's own included, in one pass each: as raw bytes (any 6-byte window equal to an address)
   * and as text (any run of hex digits, optionally separated by colons, dashes or dots, holding an address).
   */
  private void assertDataDirectoryFreeOf(List<byte[]> macs) throws Exception {
    Set<Long> asNumbers = new HashSet<>();
    List<String> asHex = new ArrayList<>();
    for (byte[] mac : macs) {
      asNumbers.add(Long.parseLong(HexFormat.of().formatHex(mac), 16));
      asHex.add(HexFormat.of().formatHex(mac));
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dataDir)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertThat(files).anyMatch(f -> f.toString().endsWith(".bin"));
    for (Path file : files) {
      byte[] bytes = Files.readAllBytes(file);
      long window = 0;
      for (int i = 0; i < bytes.length; i++) {
        window = ((window << 8) | (bytes[i] & 0xff)) & 0xFFFF_FFFF_FFFFL;
        if (i >= 5 && asNumbers.contains(window)) {
          fail(file + " holds an address as bytes at offset " + (i - 5));
        }
      }
      Matcher runs = HEX_RUN.matcher(new String(bytes, StandardCharsets.ISO_8859_1));
      while (runs.find()) {
        String digits = runs.group().replaceAll("[:.-]", "").toLowerCase(Locale.ROOT);
        if (asHex.stream().anyMatch(digits::contains)) {
          fail(file + " holds an address as text: " + runs.group());
        }
      }
    }
  }

  /** Lower case; callers compare ignoring case. */
  static List<String> spellings(byte[] mac) {
    String hex = HexFormat.of().formatHex(mac);
    List<String> pairs = new ArrayList<>();
    for (int i = 0; i < 12; i += 2) {
      pairs.add(hex.substring(i, i + 2));
    }
    return List.of(hex, String.join(":", pairs), String.join("-", pairs),
        hex.substring(0, 4) + "." + hex.substring(4, 8) + "." + hex.substring(8));
  }

  private static void publish(MqttClient client, long seq, List<Sighting> sightings) {
    Promise<Void> acked = Promise.promise();
    client.publishCompletionHandler(id -> acked.tryComplete());
    client.publish(Topics.sightings(SITE, SENSOR), Buffer.buffer(WireEncoder.batch(SENSOR, seq, sightings)),
        MqttQoS.AT_LEAST_ONCE, false, false).compose(id -> acked.future()).await();
  }

  private static void awaitFile(Path file) throws InterruptedException {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (!Files.exists(file)) {
      assertThat(System.nanoTime()).as(file + " written within 20 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
