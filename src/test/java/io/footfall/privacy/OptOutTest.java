package io.footfall.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.bus.Addresses;
import io.footfall.bus.Codecs;
import io.footfall.bus.NodeHealth;
import io.footfall.engine.EngineConfig;
import io.footfall.engine.EngineVerticle;
import io.footfall.ingest.IngestCounters;
import io.footfall.ingest.IngestVerticle;
import io.footfall.ingest.MqttConfig;
import io.footfall.site.Site;
import io.footfall.site.SiteLoader;
import io.footfall.wire.DevicePseudonyms;
import io.footfall.wire.Sighting;
import io.footfall.wire.Topics;
import io.footfall.wire.WireEncoder;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The opt-out list end to end: {@code footfall opt-out} writes a person's device ids, and a real MQTT publish of
 * that device, through the real ingest and engine, changes no occupancy while other devices still count.
 */
@ExtendWith(VertxExtension.class)
class OptOutTest {

  private static final long T0 = 1_732_838_400_000L;
  private static final Site DEMO = SiteLoader.loadResource("sites/demo-mall.yaml");
  private static final String OPTED_OUT_MAC = "AA:BB:CC:00:11:22";
  private static final byte[] OPTED_OUT = HexFormat.of().parseHex("aabbcc001122");
  private static final byte[] OTHER = HexFormat.of().parseHex("aabbcc001133");

  private Path keyFile;
  private Path optOutFile;

  @BeforeEach
  void files(@TempDir Path dir) throws Exception {
    keyFile = dir.resolve("site.keys");
    Files.writeString(keyFile, "2024-01-01 00112233445566778899aabbccddeeff\n2030-01-01 ffeeddccbbaa99887766554433221100\n");
    optOutFile = dir.resolve("optout.txt");
  }

  @Test
  void writesTheDevicesIdsUnderEveryKeyAndNeverTheAddress() throws Exception {
    int first = optOut(OPTED_OUT_MAC);
    int again = optOut("aa-bb-cc-00-11-22");

    // what the sensors send for that phone while each key is in force (in 2024, and in 2031 under the key of 2030)
    DevicePseudonyms sensors = DevicePseudonyms.fromKeyFile(keyFile);
    List<String> expected = List.of(sensors.pseudonym(OPTED_OUT, T0), sensors.pseudonym(OPTED_OUT, 1_924_992_000_000L + 1));
    String written = Files.readString(optOutFile);
    assertThat(first).isZero();
    assertThat(again).isZero();
    assertThat(expected).doesNotHaveDuplicates();
    assertThat(written.lines().filter(l -> !l.startsWith("#")).toList()).containsExactlyElementsOf(expected);
    assertThat(written.toLowerCase()).doesNotContain("aabbcc001122", "aa:bb:cc", "aa-bb-cc");
    assertThat(OptOutList.read(optOutFile)).hasSize(2);
  }

  @Test
  void refusesSomethingThatIsNoMacAddress() {
    assertThat(optOut("AA:BB:CC:00:11")).isEqualTo(2);
    assertThat(optOutFile).doesNotExist();
  }

  @Test
  void anOptedOutDeviceChangesNoOccupancyWhileOthersCount(Vertx vertx, VertxTestContext test) throws Exception {
    // GIVEN a person who opted out, and a node (opt-out list, engine, MQTT ingest) reading the list
    assertThat(optOut(OPTED_OUT_MAC)).isZero();
    DevicePseudonyms pseudonyms = DevicePseudonyms.fromKeyFile(keyFile);
    String optedOut = pseudonyms.pseudonym(OPTED_OUT, T0);
    String other = pseudonyms.pseudonym(OTHER, T0);
    IngestCounters counters = new IngestCounters();
    Codecs.register(vertx);
    EngineConfig engine = new EngineConfig(5_000, 180_000, 60_000, 60_000, 10_000, 1_000, -85, -75, 15, 4, 5_000, 100);
    IngestVerticle ingest = new IngestVerticle(new MqttConfig("127.0.0.1", 0, 65_536, 100), List.of(DEMO), true,
        new NodeHealth(), counters);

    // THEN the first occupancy past the batch's sightings counts only the other device
    vertx.eventBus().<JsonObject>consumer(Addresses.liveSite(DEMO.id()), message -> {
      // the full frames, which carry the totals, not the live view's zones between them
      if (!"occupancy".equals(message.body().getString("type")) || message.body().getLong("watermark") < T0 + 15_000) {
        return;
      }
      test.verify(() -> {
        assertThat(message.body().getJsonObject("totals").getInteger("devices")).isEqualTo(1);
        assertThat(counters.rejectedByReason()).containsEntry("opted-out", 2L);
        assertThat(counters.acceptedSightings()).isEqualTo(2);
      });
      test.completeNow();
    });

    // WHEN sensor s-01 publishes both devices over MQTT
    String payload = WireEncoder.batch("s-01", 1, List.of(
        Sighting.of(optedOut, -60, T0 + 1_000), Sighting.of(other, -60, T0 + 2_000),
        Sighting.of(optedOut, -60, T0 + 3_000), Sighting.of(other, -60, T0 + 20_000)));
    vertx.deployVerticle(new OptOutVerticle(optOutFile, 20))
        .compose(id -> vertx.deployVerticle(new EngineVerticle(List.of(DEMO), engine, new NodeHealth())))
        .compose(id -> vertx.deployVerticle(ingest))
        .compose(id -> connect(vertx, ingest.actualPort()))
        .compose(client -> client.publish(Topics.sightings(DEMO.id(), "s-01"), Buffer.buffer(payload),
            MqttQoS.AT_LEAST_ONCE, false, false))
        .onFailure(test::failNow);
  }

  @Test
  void anOptOutTakesEffectWithoutARestart(Vertx vertx, VertxTestContext test) {
    OptOutList list = OptOutList.of(vertx);
    vertx.deployVerticle(new OptOutVerticle(optOutFile, 20))
        .onSuccess(id -> {
          assertThat(list.size()).isZero();
          assertThat(optOut(OPTED_OUT_MAC)).isZero();
          awaitSize(vertx, list, 2).onComplete(test.succeedingThenComplete());
        })
        .onFailure(test::failNow);
  }

  private Future<Void> awaitSize(Vertx vertx, OptOutList list, int size) {
    if (list.size() == size) {
      return Future.succeededFuture();
    }
    return Future.future(done -> vertx.setTimer(10, id -> awaitSize(vertx, list, size).onComplete(done)));
  }

  private int optOut(String mac) {
    return new CommandLine(new OptOutCommand()).execute("--key-file", keyFile.toString(), "--mac", mac,
        "--file", optOutFile.toString());
  }

  private static Future<MqttClient> connect(Vertx vertx, int port) {
    MqttClient client = MqttClient.create(vertx, new MqttClientOptions().setUsername("s-01").setPassword("demo")
        .setClientId("s-01-test"));
    return client.connect(port, "127.0.0.1").map(ack -> client);
  }
}
