package io.footfall.ingest;

import static io.footfall.ingest.MqttTestClient.await;
import static io.footfall.ingest.MqttTestClient.batch;
import static io.footfall.ingest.MqttTestClient.login;
import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.bus.Addresses;
import io.footfall.bus.Codecs;
import io.footfall.bus.NodeHealth;
import io.footfall.wire.SightingBatch;
import io.footfall.wire.Topics;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Random and mutated payloads, topics and client ids thrown at the ingest over real MQTT connections (seeded, so a
 * failure reproduces): the ingest never crashes, a healthy sensor's batches keep being acknowledged in between, and
 * every publish is either taken or counted as rejected.
 */
@ExtendWith(VertxExtension.class)
class IngestFuzzTest {

  private static final long SEED = 20261129L;
  private static final int ROUNDS = 400;
  private static final String[] TOPIC_PARTS = {"footfall", "v1", "mall-a", "mall-b", "s-01", "s-02", "sightings",
      "status", "", "..", "ü", "%00", "x".repeat(300), "$SYS", "footfall/v1/mall-a/s-01/sightings/extra"};

  private final IngestCounters counters = new IngestCounters();

  @Test
  void randomInputNeverCrashesTheIngestNorStallsAHealthySensorAndEveryRejectionIsCounted(Vertx vertx)
      throws Throwable {
    Codecs.register(vertx);
    vertx.eventBus().<SightingBatch>consumer(Addresses.ENGINE_SIGHTINGS, m -> m.reply(null)).completion().await();
    IngestVerticle ingest = new IngestVerticle(
        new MqttConfig("127.0.0.1", 0, 2048, 100).withLimits(256, 10_000, 10_000, 100, 10_000),
        List.of(IngestVerticleTest.site()), false, new NodeHealth(), counters);
    vertx.deployVerticle(ingest).await();
    int port = ingest.actualPort();
    Random random = new Random(SEED);

    // strangers with random client ids, names and passwords are all refused and counted
    for (int i = 0; i < 20; i++) {
      String user = randomText(random, 1 + random.nextInt(40));
      try {
        await(MqttTestClient.connect(vertx, port, login(user, randomText(random, random.nextInt(20)))
            .setClientId(randomText(random, 1 + random.nextInt(23)))));
      } catch (Throwable refused) {
        // expected: no such sensor
      }
    }
    assertThat(counters.rejected("auth")).isEqualTo(20);

    MqttTestClient healthy = await(MqttTestClient.connect(vertx, port, login("s-02", "pw-two")));
    MqttTestClient fuzzer = await(MqttTestClient.connect(vertx, port, login("s-01", "pw-one")));
    int sent = 0;
    for (int round = 0; round < ROUNDS; round++) {
      // every publish is QoS 1 and awaited, so each one has been handled when its PUBACK arrives
      String topic = randomTopic(random);
      byte[] payload = randomPayload(random, round);
      try {
        await(fuzzer.publish(topic, Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE));
      } catch (Throwable t) {
        throw new AssertionError("publish not handled [seed: " + SEED + ", round: " + round + ", topic: " + topic
            + ", payloadBytes: " + payload.length + ", connected: " + fuzzer.client.isConnected() + "]", t);
      }
      sent++;
      if (round % 20 == 0) {
        await(healthy.publish(Topics.sightings("mall-a", "s-02"), Buffer.buffer(batch("s-02", round + 1, 3)),
            MqttQoS.AT_LEAST_ONCE));
      }
    }

    IngestCounters.SensorStats fuzzed = counters.sensor("mall-a/s-01");
    assertThat(fuzzed.batches() + fuzzed.rejectedTotal()).isEqualTo(sent);
    assertThat(fuzzed.rejectedTotal()).isGreaterThan(ROUNDS / 2);
    assertThat(counters.sensor("mall-a/s-02").batches()).isEqualTo(ROUNDS / 20);
    assertThat(counters.sensor("mall-a/s-02").rejectedTotal()).isZero();
    assertThat(fuzzer.client.isConnected()).isTrue();
    assertThat(counters.rejected("internal")).as("no input reached an unexpected exception").isZero();
  }

  /** Mostly near-misses of the real topic, some real, some junk; always a topic a client may publish to. */
  private static String randomTopic(Random random) {
    if (random.nextInt(3) == 0) {
      return Topics.sightings("mall-a", "s-01");
    }
    int levels = 1 + random.nextInt(7);
    StringBuilder topic = new StringBuilder();
    for (int i = 0; i < levels; i++) {
      if (i > 0) {
        topic.append('/');
      }
      topic.append(random.nextInt(4) == 0 ? randomText(random, random.nextInt(12))
          : TOPIC_PARTS[random.nextInt(TOPIC_PARTS.length)]);
    }
    return topic.isEmpty() ? "x" : topic.toString();
  }

  private static byte[] randomPayload(Random random, int round) {
    byte[] valid = batch("s-01", 1000 + round, 1 + random.nextInt(5)).getBytes(StandardCharsets.UTF_8);
    return switch (random.nextInt(8)) {
      case 0 -> valid;
      case 1 -> flip(valid, random);
      case 2 -> Arrays.copyOf(valid, random.nextInt(valid.length));
      case 3 -> randomBytes(random, random.nextInt(3000));
      case 4 -> ("[".repeat(1000) + "]".repeat(1000)).getBytes(StandardCharsets.UTF_8);
      case 5 -> new String(valid, StandardCharsets.UTF_8)
          .replaceFirst("\"seq\":\\d+", "\"seq\":" + (random.nextBoolean() ? "-1" : "1e400"))
          .getBytes(StandardCharsets.UTF_8);
      case 6 -> new String(valid, StandardCharsets.UTF_8)
          .replace("\"ts\":", "\"ts\":" + (random.nextBoolean() ? "\"x\"," + "\"ts2\":" : "9"))
          .getBytes(StandardCharsets.UTF_8);
      default -> ("{\"sensor\":\"s-01\",\"seq\":" + round + ",\"sightings\":[" + "{\"dev\":\"a\",\"ts\":1},"
          .repeat(random.nextInt(200)) + "{}]}").getBytes(StandardCharsets.UTF_8);
    };
  }

  private static byte[] flip(byte[] bytes, Random random) {
    byte[] copy = bytes.clone();
    for (int i = 0; i < 1 + random.nextInt(6); i++) {
      copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
    }
    return copy;
  }

  private static byte[] randomBytes(Random random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  /** Printable text without MQTT wildcards, which a client may not publish to. */
  private static String randomText(Random random, int length) {
    StringBuilder text = new StringBuilder();
    while (text.length() < length) {
      char c = (char) (0x21 + random.nextInt(0x5d));
      if (c != '#' && c != '+') {
        text.append(c);
      }
    }
    return text.toString();
  }
}
