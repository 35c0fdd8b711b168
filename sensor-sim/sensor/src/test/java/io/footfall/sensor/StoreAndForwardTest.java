package io.footfall.sensor;

import static io.footfall.testkit.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.wire.Topics;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The agent against a real (tiny) MQTT server: batches go through the on-disk queue, survive a server restart
 * and arrive once each, in seq order.
 */
@ExtendWith(VertxExtension.class)
class StoreAndForwardTest {

  private static final String CAPTURE = "brno/sc6-61_2023-03-16_anonymized.pcap";
  private static final String SIGHTINGS = Topics.sightings("test-site", "s-01");
  private static final String STATUS = Topics.status("test-site", "s-01");

  @TempDir
  Path tmp;


  private int runAgent(Path capture, int port, String... extra) throws Exception {
    Path password = tmp.resolve("password");
    Files.writeString(password, "demo\n");
    List<String> args = new ArrayList<>(List.of("--read", capture.toString(), "--speed", "max",
        "--site", "test-site", "--sensor", "s-01", "--server", "mqtt://127.0.0.1:" + port,
        "--password-file", password.toString(), "--key-file", StdoutReplay.keyFile(tmp).toString(),
        "--queue-dir", tmp.resolve("queue").toString()));
    args.addAll(List.of(extra));
    return new CommandLine(new SensorCommand()).execute(args.toArray(String[]::new));
  }

  @Test
  void deliversEveryBatchOnceAndInOrderAcrossAServerRestart(Vertx vertx) throws Exception {
    Path capture = RealCaptures.dir().resolve(CAPTURE);
    List<String> expected = StdoutReplay.run(capture, StdoutReplay.keyFile(tmp), "--batch-ms", "10000").lines();
    TestBroker broker = new TestBroker(vertx);
    int port = await(broker.start(0));
    AtomicBoolean restarted = new AtomicBoolean();
    broker.onPublish(p -> {
      // GIVEN the server goes away after 20 batches and comes back on the same port a little later
      if (p.topic().equals(SIGHTINGS) && broker.on(SIGHTINGS).size() == 20 && restarted.compareAndSet(false, true)) {
        broker.stop().onSuccess(v -> vertx.setTimer(300, id -> broker.start(port)));
      }
    });

    // WHEN the agent replays a capture as fast as it can
    int exit = runAgent(capture, port, "--batch-ms", "10000");

    // THEN every batch arrived, each once (a redelivery is flagged dup), in seq order
    assertThat(exit).isZero();
    assertThat(restarted).isTrue();
    List<TestBroker.Publish> received = broker.on(SIGHTINGS);
    List<String> firstArrivals = new ArrayList<>();
    long lastSeq = -1;
    for (TestBroker.Publish p : received) {
      if (p.seq() <= lastSeq) {
        assertThat(p.dup()).as("redelivery of seq %d is flagged dup", p.seq()).isTrue();
        continue;
      }
      if (lastSeq >= 0) {
        assertThat(p.seq()).as("no gap before seq %d", p.seq()).isEqualTo(lastSeq + 1);
      }
      firstArrivals.add(p.payload().copy().put("seq", 0).encode());
      lastSeq = p.seq();
    }
    assertThat(received.size() - firstArrivals.size()).as("redeliveries").isLessThanOrEqualTo(1);
    // the same batches as the agent prints, but numbered from where its new queue began
    assertThat(firstArrivals).containsExactlyElementsOf(expected.stream()
        .map(s -> new JsonObject(s).put("seq", 0).encode()).toList());
    assertThat(Files.list(tmp.resolve("queue")).filter(f -> f.toString().endsWith(".batch"))).isEmpty();
  }

  @Test
  void connectsAsTheSensorWithAnOfflineWillAndKeepsARetainedStatus(Vertx vertx) throws Exception {
    TestBroker broker = new TestBroker(vertx);
    int port = await(broker.start(0));

    int exit = runAgent(RealCaptures.dir().resolve("tcpdump_ieee802.11_exthdr.pcap"), port);

    assertThat(exit).isZero();
    assertThat(broker.users).containsOnly("s-01");
    assertThat(broker.passwords).containsOnly("demo");
    assertThat(broker.wills).allSatisfy(w -> {
      assertThat(w.getWillTopic()).isEqualTo(STATUS);
      assertThat(w.isWillRetain()).isTrue();
      assertThat(w.getWillQos()).isEqualTo(1);
      assertThat(new JsonObject(new String(w.getWillMessageBytes(), StandardCharsets.UTF_8)).getString("state"))
          .isEqualTo("offline");
    });
    List<TestBroker.Publish> status = broker.on(STATUS);
    assertThat(status).allSatisfy(p -> assertThat(p.retain()).isTrue());
    assertThat(status).extracting(p -> p.payload().getString("state")).startsWith("online").endsWith("offline");
    JsonObject last = status.get(status.size() - 1).payload();
    assertThat(last.getJsonObject("counters").getLong("probe-requests")).isEqualTo(6L);
    assertThat(last.getLong("at")).isPositive();
    assertThat(last.getString("version")).isNotBlank();
  }

  @Test
  void resumesTheQueueLeftByAnEarlierRun(Vertx vertx) throws Exception {
    // GIVEN an earlier run left two unacknowledged batches on disk
    BatchQueue left = BatchQueue.open(tmp.resolve("queue"), 1 << 20, new SensorCounters());
    long first = left.nextSeq();
    for (long seq = first; seq < first + 2; seq++) {
      left.append(seq, ("{\"sensor\":\"s-01\",\"seq\":" + seq + ",\"sightings\":[]}").getBytes(StandardCharsets.UTF_8));
    }
    TestBroker broker = new TestBroker(vertx);
    int port = await(broker.start(0));

    // WHEN the agent starts again
    int exit = runAgent(RealCaptures.dir().resolve("packetnet_80211_probe_request_frame.pcap"), port);

    // THEN the old batches go first and the numbering carries on
    assertThat(exit).isZero();
    assertThat(broker.on(SIGHTINGS)).extracting(TestBroker.Publish::seq).containsExactly(first, first + 1, first + 2);
  }
}
