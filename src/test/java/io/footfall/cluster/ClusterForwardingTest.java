package io.footfall.cluster;

import static io.footfall.cluster.ClusterHarness.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.ingest.IngestCounters;
import io.footfall.ingest.MqttTestClient;
import io.footfall.site.SensorSecrets;
import io.footfall.store.EmbeddedDatabase;
import io.footfall.wire.Sighting;
import io.footfall.wire.WireEncoder;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sensor connected over real MQTT to a cluster node that does not run its site, while the node running it dies:
 * three nodes in this JVM (the owner's Hazelcast member terminated without a goodbye), one embedded PostgreSQL.
 */
class ClusterForwardingTest {

  private static final String SITE = "demo-mall";
  private static final String SENSOR = "s-01";
  private static final String PASSWORD = "forwarding-test";
  private static final String TOPIC = "footfall/v1/" + SITE + "/" + SENSOR + "/sightings";

  @TempDir
  static Path shared;
  private static EmbeddedDatabase postgres;
  private static String databaseUrl;

  @TempDir
  Path dataDir;
  private ClusterHarness cluster;
  private Vertx client;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = new EmbeddedDatabase(shared.resolve("pg"));
    postgres.start();
    databaseUrl = "postgresql://postgres@localhost:" + postgres.port() + "/postgres";
  }

  @AfterAll
  static void stopPostgres() {
    postgres.stop();
  }

  @AfterEach
  void stopAll() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
    if (client != null) {
      ClusterHarness.await(client.close());
    }
  }

  @Test
  void aSensorOfAHealthyNodeKeepsItsConnectionThroughATakeoverAndEachBatchIsAcknowledgedOnceTheNewOwnerTookIt()
      throws Throwable {
    cluster = startThree(Map.of());
    int owner = cluster.owner(SITE);
    int healthy = (owner + 1) % 3;
    MqttTestClient sensor = connect(healthy);
    List<Future<Void>> acks = new ArrayList<>();
    long seq = 0;
    for (; seq < 5; seq++) {
      acks.add(sensor.publish(TOPIC, batch(seq), MqttQoS.AT_LEAST_ONCE));
    }
    MqttTestClient.await(Future.all(acks));

    // WHEN the owner dies while the sensor goes on publishing every 100 ms
    cluster.kill(owner);
    long killedAt = System.currentTimeMillis();
    long firstAfterKill = seq;
    List<Long> ackedAt = new ArrayList<>();
    List<Buffer> sentAfterKill = new ArrayList<>();
    while (cluster.owner(SITE) < 0 || seq < firstAfterKill + 10) {
      assertThat(System.currentTimeMillis() - killedAt).as("the site taken over").isLessThan(20_000);
      Buffer payload = batch(seq++);
      sentAfterKill.add(payload);
      acks.add(sensor.publish(TOPIC, payload, MqttQoS.AT_LEAST_ONCE)
          .onSuccess(v -> {
            synchronized (ackedAt) {
              ackedAt.add(System.currentTimeMillis());
            }
          }));
      Thread.sleep(100);
    }
    long takenOverAt = System.currentTimeMillis();
    MqttTestClient.await(Future.all(acks));

    // THEN every publish was acknowledged on the same connection, none refused as unavailable
    assertThat(sensor.closed().isComplete()).as("connection closed").isFalse();
    IngestCounters counters = cluster.nodes.get(healthy).ingestCounters();
    assertThat(counters.rejected("engine-unavailable")).isZero();
    // AND the batches sent while the site had no owner waited for the new one, unacknowledged until then
    assertThat(cluster.nodes.get(healthy).forwarder().waitedForOwner()).isPositive();
    assertThat(ackedAt).allSatisfy(at -> assertThat(at).isGreaterThan(killedAt));
    // AND the new owner has them: each, sent again as a sensor re-sends, is recognised as taken before
    assertThat(cluster.owner(SITE)).isNotEqualTo(owner);
    List<Future<Void>> again = new ArrayList<>();
    for (Buffer payload : sentAfterKill) {
      again.add(sensor.publish(TOPIC, payload, MqttQoS.AT_LEAST_ONCE));
    }
    MqttTestClient.await(Future.all(again));
    assertThat(counters.rejected("duplicate")).isEqualTo(sentAfterKill.size());
    assertThat(takenOverAt - killedAt).as("takeover").isLessThan(10_000);
  }

  @Test
  void aBatchNoOwnerTakesWithinTheBoundIsLeftUnacknowledgedItsConnectionClosedAndCounted() throws Throwable {
    cluster = startThree(Map.of("cluster.forwardWaitMs", "3000"));
    int owner = cluster.owner(SITE);
    int healthy = (owner + 1) % 3;
    MqttTestClient sensor = connect(healthy);
    MqttTestClient.await(sensor.publish(TOPIC, batch(0), MqttQoS.AT_LEAST_ONCE));

    // WHEN the owner and the third node die, so that the healthy node alone lacks the quorum to take the site
    cluster.kill(owner);
    cluster.kill(3 - owner - healthy);
    long sentAt = System.currentTimeMillis();
    Future<Void> ack = sensor.publish(TOPIC, batch(1), MqttQoS.AT_LEAST_ONCE);

    // THEN the batch is not acknowledged; after the bound the connection is closed so that the sensor re-sends it
    MqttTestClient.await(sensor.closed());
    long closedAfter = System.currentTimeMillis() - sentAt;
    assertThat(ack.isComplete()).as("acknowledged").isFalse();
    assertThat(closedAfter).isBetween(3_000L, 10_000L);
    // AND the refusal is counted, by the forwarder and as the sensor's engine-unavailable
    assertThat(cluster.nodes.get(healthy).forwarder().refused()).isEqualTo(1);
    assertThat(cluster.nodes.get(healthy).ingestCounters().rejected("engine-unavailable")).isEqualTo(1);
  }

  private ClusterHarness startThree(Map<String, String> extra) throws Exception {
    String demo = Files.readString(Path.of(System.getProperty("user.dir")).resolve(ClusterHarness.SITE_FILE));
    Path site = dataDir.resolve(SITE + ".yaml");
    Files.writeString(site, demo.replaceFirst("\\{id: " + SENSOR + ",", Matcher.quoteReplacement(
        "{id: " + SENSOR + ", secret: \"" + SensorSecrets.hash(PASSWORD) + "\",")));
    ClusterHarness harness = new ClusterHarness(3, databaseUrl, dataDir, extra, List.of(site));
    for (int i = 0; i < 3; i++) {
      harness.start(i);
    }
    waitFor("the site running on its preferred node", 30_000, () -> harness.settled(SITE));
    client = Vertx.vertx();
    return harness;
  }

  private MqttTestClient connect(int node) throws Throwable {
    return MqttTestClient.await(MqttTestClient.connect(client, cluster.nodes.get(node).mqttPort(),
        MqttTestClient.login(SENSOR, PASSWORD)));
  }

  /** Batch {@code seq} of the sensor: three devices heard now. */
  private static Buffer batch(long seq) {
    long now = System.currentTimeMillis();
    List<Sighting> sightings = List.of(Sighting.of(String.format("%016x", 0xfeed00L + seq % 7), -55, now),
        Sighting.of(String.format("%016x", 0xbeef00L + seq % 5), -62, now),
        Sighting.of(String.format("%016x", 0xcafe00L), -70, now));
    return Buffer.buffer(WireEncoder.batch(SENSOR, seq, sightings));
  }
}
