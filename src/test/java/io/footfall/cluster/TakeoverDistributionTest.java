package io.footfall.cluster;

import static io.footfall.testkit.Await.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.store.EmbeddedDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long a site is dark when its owner's process is killed with {@code kill -9}, over {@value #KILLS} kills:
 * three nodes, each a JVM of its own with the Hazelcast configuration of deploy/hazelcast and the default cluster
 * timings, sharing one PostgreSQL. Each round kills the process running the site, measures until another process
 * runs it, then starts a new process in the killed one's place and waits for the cluster to settle.
 *
 * <p>Takes 5-15 minutes (thirteen JVM starts, each of 20-60 s on a loaded 2-core machine), so it is tagged
 * {@code soak}:
 * {@code mvn -B -o test -Dtest=TakeoverDistributionTest -Dtest.excludedGroups=none}.
 */
@Tag("soak")
@Timeout(value = 30, unit = TimeUnit.MINUTES)
class TakeoverDistributionTest {

  private static final Logger LOG = LoggerFactory.getLogger(TakeoverDistributionTest.class);
  private static final String SITE = "demo-mall";
  private static final int KILLS = 10;
  /** Each process's log, kept after the run for a look at a slow takeover. */
  private static final Path LOGS = Path.of("target", "takeover-logs");

  @TempDir
  Path dataDir;
  private EmbeddedDatabase postgres;
  private final ClusterChildNode[] nodes = new ClusterChildNode[3];

  @AfterEach
  void stopAll() throws Exception {
    for (ClusterChildNode node : nodes) {
      if (node != null) {
        node.close();
      }
    }
    if (postgres != null) {
      postgres.stop();
    }
  }

  @Test
  void aSiteWhoseOwnerIsKilledRunsElsewhereWithinFiveSecondsAtTheMedianAndTenAtWorst() throws Exception {
    postgres = new EmbeddedDatabase(dataDir.resolve("pg"));
    postgres.start();
    ClusterHarness cluster = new ClusterHarness(3, "postgresql://postgres@localhost:" + postgres.port() + "/postgres",
        dataDir, Map.of(
            "cluster.hazelcastConfig", Path.of(System.getProperty("user.dir"))
                .resolve("deploy/hazelcast/hazelcast.yaml").toString(),
            "cluster.maxNoHeartbeatSeconds", "5",
            "cluster.leaseMs", "15000",
            "cluster.renewIntervalMs", "1000",
            "cluster.snapshotIntervalMs", "1000",
            // four JVMs and PostgreSQL on a loaded 2-core machine: a node's first connection can take seconds
            "database.queryTimeoutMs", "20000"));
    Files.createDirectories(LOGS);
    // one after the other, as an operator's first start
    for (int i = 0; i < 3; i++) {
      start(cluster, i, 0);
    }
    List<Long> takeovers = new ArrayList<>();
    for (int kill = 0; kill < KILLS; kill++) {
      int owner = settledOwner();

      // WHEN the process running the site is killed
      long killedAt = System.currentTimeMillis();
      nodes[owner].killDashNine();
      // THEN another process runs the site
      eventually("the site running elsewhere", Duration.ofMillis(60_000), () -> owner() >= 0);
      long takeoverMs = System.currentTimeMillis() - killedAt;
      takeovers.add(takeoverMs);
      LOG.info("takeover after kill -9 [kill: {}, ms: {}]", kill + 1, takeoverMs);

      start(cluster, owner, kill + 1);
    }

    List<Long> sorted = takeovers.stream().sorted().toList();
    long p50 = sorted.get((sorted.size() - 1) / 2);
    long max = sorted.get(sorted.size() - 1);
    LOG.info("takeover distribution over {} kill -9 [p50Ms: {}, maxMs: {}, minMs: {}, allMs: {}]", sorted.size(), p50,
        max, sorted.get(0), takeovers);
    System.out.printf("takeover after kill -9 of the owner, %d kills: p50 %d ms, max %d ms, all %s%n",
        sorted.size(), p50, max, takeovers);
    assertThat(p50).as("median takeover").isLessThanOrEqualTo(5_000);
    assertThat(max).as("slowest takeover").isLessThanOrEqualTo(10_000);
  }

  /**
   * Starts node {@code index} in a JVM of its own and waits until it runs. A start that fails (the log says why) is
   * no takeover and is tried again, up to three times.
   */
  private void start(ClusterHarness cluster, int index, int round) throws Exception {
    for (int attempt = 1; ; attempt++) {
      Path log = LOGS.resolve("node-" + index + "-" + round + (attempt > 1 ? "-" + attempt : "") + ".log");
      ClusterChildNode node = ClusterChildNode.start(cluster, index, log);
      nodes[index] = node;
      eventually("node " + index + " started", Duration.ofMillis(300_000), () -> node.nodeId() != null || !node.alive());
      if (node.alive()) {
        return;
      }
      assertThat(attempt).as("failed starts of node " + index + ", see " + log).isLessThan(3);
    }
  }

  /**
   * The process running the site once the cluster settled: three members everywhere and the same single owner for
   * 3 s, so that a kill never lands in a hand-over to a restarted node.
   */
  private int settledOwner() throws InterruptedException {
    long deadline = System.currentTimeMillis() + 300_000;
    while (true) {
      eventually("three members and the site running on one node", Duration.ofMillis(deadline - System.currentTimeMillis()), this::settled);
      int owner = owner();
      Thread.sleep(3_000);
      if (settled() && owner() == owner) {
        return owner;
      }
    }
  }

  /** Every process sees three members and exactly one runs the site. */
  private boolean settled() {
    int running = 0;
    for (ClusterChildNode node : nodes) {
      if (node.nodeId() == null || node.members() != 3) {
        return false;
      }
      running += node.owned().contains(SITE) ? 1 : 0;
    }
    return running == 1;
  }

  /** The process running the site, or -1. */
  private int owner() {
    for (int i = 0; i < nodes.length; i++) {
      if (nodes[i].alive() && nodes[i].owned().contains(SITE)) {
        return i;
      }
    }
    return -1;
  }
}
