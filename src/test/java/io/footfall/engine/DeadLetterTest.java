package io.footfall.engine;

import static io.footfall.testkit.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.footfall.bus.Addresses;
import io.footfall.bus.Codecs;
import io.footfall.bus.NodeHealth;
import io.footfall.site.Site;
import io.footfall.site.SiteLoader;
import io.footfall.wire.SightingBatch;
import io.footfall.wire.WireDecoder;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A batch the analytics fail on is kept whole on disk, the site rebuilt, and a good batch before it kept; an engine
 * with no place for dead letters logs the batch instead, and counts it.
 */
@ExtendWith(VertxExtension.class)
class DeadLetterTest {

  private static final long T0 = 1_732_838_400_000L;
  private static final Site DEMO = SiteLoader.loadResource("sites/demo-mall.yaml");
  private static final int S01 = DEMO.sensor("s-01").orElseThrow().index();
  private static final EngineConfig CONFIG = new EngineConfig(5_000, 180_000, 60_000, 60_000, 10_000, 1_000, -85, -75,
      15, 4, 5_000, 100);

  @TempDir
  Path dataDir;

  @Test
  void aBatchTheAnalyticsFailOnIsKeptWholeAndTheSiteCarriesOnFromItsJournal(Vertx vertx) throws Exception {
    Codecs.register(vertx);
    NodeHealth health = new NodeHealth();
    await(vertx.deployVerticle(new EngineVerticle(List.of(DEMO), CONFIG, health, dataDir.resolve("snapshots"))));
    // GIVEN a good batch taken (and journaled)
    assertThat(await(vertx.eventBus().request(Addresses.ENGINE_SIGHTINGS,
        batch(1, new long[] {1, 2}, new long[] {T0 + 1_000, T0 + 20_000}, 2))).body()).isEqualTo(Addresses.EngineReply.TAKEN);

    // WHEN a batch whose arrays are shorter than its size comes (no decoder makes one; the analytics throw on it)
    SightingBatch broken = batch(2, new long[] {7}, new long[] {T0 + 21_000}, 2);
    Object reply = await(vertx.eventBus().request(Addresses.ENGINE_SIGHTINGS, broken)).body();

    // THEN it is answered as a dead letter and kept on disk in the wire format, with why it failed
    assertThat(reply).isEqualTo(Addresses.EngineReply.DEAD_LETTER);
    List<Path> letters = new DeadLetters(dataDir.resolve("dead-letter")).list();
    assertThat(letters).hasSize(1);
    JsonObject letter = DeadLetters.read(letters.get(0));
    assertThat(letter.getString("sensor")).isEqualTo("s-01");
    assertThat(letter.getLong("seq")).isEqualTo(2L);
    assertThat(letter.getString("failure")).contains("ArrayIndexOutOfBounds");
    assertThat(letter.getJsonObject("batch").getLong("seq")).isEqualTo(2L);
    assertThat(health.state("engine")).isEqualTo(NodeHealth.State.DOWN);

    // AND the site, rebuilt from its journal, still has the good batch and goes on: device 1 is in, 2 due later
    assertThat(await(vertx.eventBus().request(Addresses.ENGINE_SIGHTINGS,
        batch(3, new long[] {3}, new long[] {T0 + 40_000}, 1))).body()).isEqualTo(Addresses.EngineReply.TAKEN);
    assertThat(await(vertx.eventBus().request(Addresses.ENGINE_SIGHTINGS,
        batch(1, new long[] {1, 2}, new long[] {T0 + 1_000, T0 + 20_000}, 2))).body())
        .as("the good batch is still known as taken").isEqualTo(Addresses.EngineReply.DUPLICATE);
  }

  @Test
  void anEngineWithoutADeadLetterDirectoryLogsTheBatchWholeAndEscapedAndCountsOneTheRateLimitKeptOutAsLost(Vertx vertx)
      throws Exception {
    Codecs.register(vertx);
    NodeHealth health = new NodeHealth();
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    Logger durability = (Logger) LoggerFactory.getLogger(SiteDurability.class);
    durability.addAppender(log);
    try {
      // GIVEN an engine that keeps no snapshots, like each of a cluster member's
      await(vertx.deployVerticle(new EngineVerticle(List.of(DEMO), CONFIG, health)));

      // WHEN two batches the analytics fail on come one after the other, the first from a sensor whose name holds a
      // line separator (which the wire format leaves as it is)
      SightingBatch first = batch("s-01\u2028forged", 2, new long[] {7}, new long[] {T0 + 21_000}, 2);
      SightingBatch second = batch("s-01", 3, new long[] {8}, new long[] {T0 + 22_000}, 2);
      assertThat(await(vertx.eventBus().request(Addresses.ENGINE_SIGHTINGS, first)).body())
          .isEqualTo(Addresses.EngineReply.DEAD_LETTER);
      assertThat(await(vertx.eventBus().request(Addresses.ENGINE_SIGHTINGS, second)).body())
          .isEqualTo(Addresses.EngineReply.DEAD_LETTER);

      // THEN the first batch is logged at ERROR on one line, escaped, and reads back as the batch it was
      List<String> errors = log.list.stream().filter(e -> e.getLevel() == Level.ERROR)
          .map(ILoggingEvent::getFormattedMessage).toList();
      assertThat(errors).hasSize(1);
      String line = errors.get(0);
      assertThat(line).doesNotContain("\u2028").contains("s-01\\u2028forged");
      SightingBatch logged = new WireDecoder(5000).decode(line.substring(line.indexOf("batch: ") + 7, line.length() - 1)
          .getBytes(StandardCharsets.UTF_8));
      assertThat(logged.sensor).isEqualTo(first.sensor);
      assertThat(logged.seq).isEqualTo(2);
      assertThat(logged.dev).containsExactly(7L);
      // AND the engine's health counts both: the first logged, the second, within the log's rate limit, lost
      assertThat(health.toJson().getJsonObject("components").getJsonObject("engine").getString("detail"))
          .endsWith("2 batches the analytics failed on (1 not kept, their content logged at ERROR, 1 not kept and "
              + "their content not logged (rate limit): lost)");
      assertThat(health.state("engine")).isEqualTo(NodeHealth.State.DOWN);
    } finally {
      durability.detachAppender(log);
    }
  }

  @Test
  void aDeadLetterReadsBackAsTheBatchItWas() throws Exception {
    SightingBatch batch = batch(9, new long[] {0x3f9a0c11d2e4b870L}, new long[] {T0}, 1);
    Path file = new DeadLetters(dataDir).keep(batch, new IllegalStateException("boom"), T0);

    SightingBatch decoded = new WireDecoder(5000).decode(DeadLetters.read(file).getJsonObject("batch").encode()
        .getBytes());

    assertThat(decoded.seq).isEqualTo(9);
    assertThat(decoded.dev).containsExactly(0x3f9a0c11d2e4b870L);
    assertThat(decoded.ts).containsExactly(T0);
    assertThat(decoded.rssi).containsExactly((short) -60);
  }

  private static SightingBatch batch(long seq, long[] dev, long[] ts, int size) {
    return batch("s-01", seq, dev, ts, size);
  }

  /** A batch of sensor s-01 under the name {@code sensor}, which only the wire format and the log see. */
  private static SightingBatch batch(String sensor, long seq, long[] dev, long[] ts, int size) {
    int n = dev.length;
    short[] rssi = new short[n];
    java.util.Arrays.fill(rssi, (short) -60);
    int[] count = new int[n];
    java.util.Arrays.fill(count, 1);
    return new SightingBatch("demo-mall", sensor, seq, size, dev, ts, rssi, new short[n], new long[n], new byte[n],
        count, S01, System.currentTimeMillis());
  }

}
