package io.footfall.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.footfall.bus.Addresses;
import io.footfall.bus.Codecs;
import io.footfall.bus.NodeHealth;
import io.footfall.metrics.NodeMetrics;
import io.footfall.store.WriteQueue;
import io.footfall.wire.SightingBatch;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * An unauthenticated client choosing what goes into footfall's log (and its counters): user names with line breaks,
 * NULs or 65,000 characters, and malformed packets quoting its own bytes. Every line stays one escaped, bounded line, and repeated
 * protocol errors are counted (in /metrics too) and logged rate-limited instead of one ERROR each. The ingest logs at debug here, so
 * that every line it could write is checked.
 */
@ExtendWith(VertxExtension.class)
class IngestLogSafetyTest {

  private static final String FORGED = "2026-12-07 19:00:00.000 INFO  [main] Audit - admin logged in";

  private final IngestCounters counters = new IngestCounters();
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final Logger ingestLogger = (Logger) LoggerFactory.getLogger(IngestVerticle.class);
  private Level ingestLevel;
  private int port;

  @BeforeEach
  void deploy(Vertx vertx) throws Throwable {
    log.start();
    root.addAppender(log);
    ingestLevel = ingestLogger.getLevel();
    ingestLogger.setLevel(Level.DEBUG);
    Codecs.register(vertx);
    vertx.eventBus().<SightingBatch>consumer(Addresses.ENGINE_SIGHTINGS, m -> m.reply(null)).completion().await();
    IngestVerticle ingest = new IngestVerticle(
        // a codec limit above the 65,000-character user name, so that the CONNECT reaches the ingest
        new MqttConfig("127.0.0.1", 0, 32_768, 100).withLimits(256, 1000, 1000, 1000, 10_000),
        List.of(IngestVerticleTest.site()), false, new NodeHealth(), counters);
    vertx.deployVerticle(ingest).await();
    port = ingest.actualPort();
  }

  @AfterEach
  void detach() {
    root.detachAppender(log);
    ingestLogger.setLevel(ingestLevel);
  }

  @Test
  void aUserNameCannotForgeALogLineNorHideNorFloodIt() throws Exception {
    for (String user : List.of("s-01\n" + FORGED, "s-01\r\n" + FORGED + "\u0000", "x".repeat(65_000))) {
      try (Mqtt5Probe stranger = Mqtt5Probe.open(port)) {
        assertThat(stranger.connect(user, "guess").variableHeader().connectReturnCode())
            .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD);
      }
    }

    List<String> lines = lines();
    assertThat(lines).anySatisfy(line -> assertThat(line).contains("s-01\\n" + FORGED));
    assertThat(lines).anySatisfy(line -> assertThat(line).contains("\\u0000"));
    assertEveryLineIsOneBoundedLine(lines);
    assertThat(counters.toJson().getJsonObject("sensors").fieldNames())
        .as("strangers are counted together, not under names of their choosing").containsExactly("?/");
    assertThat(counters.sensor("?/").rejected("auth")).isEqualTo(3);
  }

  @Test
  void malformedPacketsBeforeConnectAreCountedAndLoggedRateLimitedNotAsErrors() throws Exception {
    int packets = 200;
    for (int i = 0; i < packets; i++) {
      try (Mqtt5Probe stranger = Mqtt5Probe.open(port)) {
        // MQTT 3.1 allows client ids of 23 characters at most; the codec's error quotes the id it refuses
        stranger.sendBytes(mqtt31Connect("x".repeat(24) + "\n" + FORGED + "\u0000"));
        assertThat(stranger.closedByServer()).isTrue();
      }
    }

    assertThat(counters.rejected("protocol")).isEqualTo(packets);
    NodeMetrics metrics = new NodeMetrics(List.of(IngestVerticleTest.site()), counters, JsonObject::new,
        () -> new WriteQueue.Stats(0, 0, 0, 0, 0, 0));
    assertThat(metrics.scrape()).contains("footfall_ingest_rejected_total{reason=\"protocol\"} " + packets + ".0");
    metrics.close();
    List<ILoggingEvent> events = new ArrayList<>(log.list);
    assertThat(events).noneMatch(e -> e.getLevel() == Level.ERROR);
    assertThat(events).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.INFO))
        .filteredOn(e -> e.getFormattedMessage().contains("protocol error"))
        .hasSizeBetween(1, 2);
    assertEveryLineIsOneBoundedLine(lines());
  }

  private List<String> lines() {
    return new ArrayList<>(log.list).stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  private static void assertEveryLineIsOneBoundedLine(List<String> lines) {
    assertThat(lines).isNotEmpty().allSatisfy(line -> {
      assertThat(line).doesNotContain("\n", "\r", "\u0000");
      assertThat(line.length()).isLessThan(1000);
    });
  }

  /** A hand-made MQTT 3.1 CONNECT (Netty's encoder refuses to write an over-long 3.1 client id). */
  private static byte[] mqtt31Connect(String clientId) {
    ByteArrayOutputStream variable = new ByteArrayOutputStream();
    writeString(variable, "MQIsdp");
    variable.write(3);
    variable.write(0x02);
    variable.write(0);
    variable.write(30);
    writeString(variable, clientId);
    byte[] rest = variable.toByteArray();
    ByteArrayOutputStream packet = new ByteArrayOutputStream();
    packet.write(0x10);
    for (int length = rest.length; ; ) {
      int digit = length % 128;
      length /= 128;
      packet.write(length > 0 ? digit | 0x80 : digit);
      if (length == 0) {
        break;
      }
    }
    packet.writeBytes(rest);
    return packet.toByteArray();
  }

  private static void writeString(ByteArrayOutputStream out, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    out.write(bytes.length >> 8);
    out.write(bytes.length & 0xff);
    out.writeBytes(bytes);
  }
}
