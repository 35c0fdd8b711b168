package io.footfall.cluster;

import static io.footfall.testkit.Await.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import io.footfall.store.EmbeddedDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A paused member, with the Hazelcast configuration of deploy/hazelcast and the default cluster timings
 * (heartbeat 1 s, member removed after 5 s of silence, lease 15 s renewed every 1 s, quorum 2 of 3): two nodes in this
 * JVM and a third in a child JVM that is frozen with {@code kill -STOP} and thawed with {@code kill -CONT}.
 *
 * <p>Takes 60-95 s here (the child JVM's start dominates), so it is tagged {@code soak} and left out of the normal
 * build: {@code mvn -B verify -Psoak -Dtest=ClusterPauseTest}.
 */
@Tag("soak")
class ClusterPauseTest {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterPauseTest.class);
  private static final int SITES = 12;

  @TempDir
  Path dataDir;
  private EmbeddedDatabase postgres;
  private ClusterHarness cluster;
  private ClusterChildNode child;

  @AfterEach
  void stopAll() throws Exception {
    if (child != null) {
      child.close();
    }
    if (cluster != null) {
      cluster.close();
    }
    if (postgres != null) {
      postgres.stop();
    }
  }

  @Test
  void aPausedMemberIsRemovedItsSitesTakenOverAndItRejoinsWithoutRunningASiteTwice() throws Exception {
    List<String> sites = startCluster();
    Set<String> frozen = childWithSites(sites);
    Samples samples = new Samples(sites, frozen);
    samples.start();

    // WHEN the child JVM freezes
    long pausedAt = System.currentTimeMillis();
    child.pause();
    samples.childFrozen = true;
    // THEN the others remove it after the heartbeat timeout and take its sites over
    eventually("the paused member removed", Duration.ofMillis(20_000), () -> members(0) == 2 && members(1) == 2);
    long removedMs = System.currentTimeMillis() - pausedAt;
    eventually("its sites taken over", Duration.ofMillis(20_000), () -> frozen.stream().allMatch(site -> runnersHere(site) == 1));
    long takenOverMs = System.currentTimeMillis() - pausedAt;

    // WHEN it thaws
    long resumedAt = System.currentTimeMillis();
    child.resume();
    samples.childFrozen = false;
    // THEN it stops the engines it lost, and the cluster heals into three members again
    eventually("the thawed node running none of the sites it lost", Duration.ofMillis(30_000), () -> child.owned().stream().noneMatch(frozen::contains));
    long stoppedMs = System.currentTimeMillis() - resumedAt;
    eventually("the cluster healed", Duration.ofMillis(60_000), () -> members(0) == 3 && members(1) == 3 && child.members() == 3);
    long healedMs = System.currentTimeMillis() - resumedAt;
    // the hand-overs that follow are graceful (stopped before released); the child's sites are known from its output,
    // which lags on a loaded machine, so sampling them would show a hand-over to or from it as a site run twice
    samples.end();
    // AND the thawed node, back under a new member id, runs its share of the sites again
    eventually("every site on its preferred node of three again", Duration.ofMillis(30_000), () -> runOnPreferredNodes(sites));
    long rebalancedMs = System.currentTimeMillis() - resumedAt;
    LOG.info("paused member [removedAfterMs: {}, takenOverAfterMs: {}, stoppedAfterResumeMs: {}, healedAfterMs: {}, "
        + "rebalancedAfterMs: {}, runTwice: {}, runTwiceFromMs: {}, otherSitesInterrupted: {}, childSites: {}]",
        removedMs, takenOverMs, stoppedMs, healedMs, rebalancedMs, samples.runTwice(),
        samples.runTwiceAt().stream().map(at -> at - resumedAt).toList(), samples.stopped(), child.owned());

    assertThat(removedMs).as("removed after the 5 s heartbeat timeout").isGreaterThanOrEqualTo(4_000);
    assertThat(takenOverMs).as("its sites running elsewhere within 10 s").isLessThan(10_000);
    // the thawed node stops the engines whose leases lapsed by its own clock at once, before calling Hazelcast
    assertThat(stoppedMs).as("thawed node stopping the sites it lost").isLessThan(1_000);
    // so a site may run twice only in that moment after the thaw
    assertThat(samples.runTwiceAt()).allSatisfy(at -> assertThat(at).isBetween(resumedAt, resumedAt + stoppedMs + 100));
    assertThat(samples.stopped()).as("sites of the nodes that kept running, stopped while the other was frozen")
        .isEmpty();
  }

  /**
   * The sites the child JVM runs once every site is on its preferred node. Rendezvous hashing over random member ids
   * leaves the child none of the 12 sites about once in 130 starts; then the child is started again (a new member
   * id), so that the test always freezes a node that runs sites rather than skipping itself.
   */
  private Set<String> childWithSites(List<String> sites) throws Exception {
    for (int start = 1; ; start++) {
      eventually("every site on its preferred node of three", Duration.ofMillis(90_000), () -> runOnPreferredNodes(sites));
      if (!child.owned().isEmpty()) {
        return child.owned();
      }
      assertThat(start).as("child JVM starts that got no site").isLessThan(5);
      LOG.info("the child JVM got no site, starting it again under a new member id");
      child.close();
      child = ClusterChildNode.start(cluster, 2, dataDir.resolve("child-" + start + ".log"));
    }
  }

  private List<String> startCluster() throws Exception {
    postgres = new EmbeddedDatabase(dataDir.resolve("pg"));
    postgres.start();
    String demo = Files.readString(Path.of(System.getProperty("user.dir")).resolve(ClusterHarness.SITE_FILE));
    List<Path> files = new ArrayList<>();
    List<String> sites = new ArrayList<>();
    for (int i = 1; i <= SITES; i++) {
      Path file = dataDir.resolve("mall-" + i + ".yaml");
      Files.writeString(file, demo.replaceFirst("(?m)^id: demo-mall$", "id: mall-" + i));
      files.add(file);
      sites.add("mall-" + i);
    }
    Map<String, String> asDeployed = Map.of(
        "cluster.hazelcastConfig", Path.of(System.getProperty("user.dir"))
            .resolve("deploy/hazelcast/hazelcast.yaml").toString(),
        "cluster.maxNoHeartbeatSeconds", "5",
        "cluster.leaseMs", "15000",
        "cluster.renewIntervalMs", "1000",
        "cluster.snapshotIntervalMs", "1000");
    cluster = new ClusterHarness(3, "postgresql://postgres@localhost:" + postgres.port() + "/postgres", dataDir,
        asDeployed, files);
    cluster.start(0);
    child = ClusterChildNode.start(cluster, 2, dataDir.resolve("child.log"));
    cluster.start(1);
    return sites;
  }

  private int members(int node) {
    HazelcastInstance hazelcast = HazelcastSetup.hazelcast(cluster.vertxes.get(node));
    return hazelcast.getCluster().getMembers().size();
  }

  /** Nodes running the site's engine: the two in this JVM and the child, as it said last. */
  private int runners(String site) {
    return runnersHere(site) + (child.owned().contains(site) ? 1 : 0);
  }

  /** Nodes in this JVM running the site's engine. */
  private int runnersHere(String site) {
    int n = 0;
    for (int i = 0; i < 2; i++) {
      if (cluster.nodes.get(i).ownership().runs(site)) {
        n++;
      }
    }
    return n;
  }

  private boolean runOnPreferredNodes(List<String> sites) {
    if (child.nodeId() == null || child.members() != 3 || members(0) != 3 || members(1) != 3) {
      return false;
    }
    List<String> ids = List.of(cluster.nodes.get(0).ownership().nodeId(), cluster.nodes.get(1).ownership().nodeId(),
        child.nodeId());
    for (String site : sites) {
      String preferred = Rendezvous.owner(site, ids);
      boolean here = preferred.equals(child.nodeId()) ? child.owned().contains(site)
          : cluster.nodes.get(ids.indexOf(preferred)).ownership().runs(site);
      if (runners(site) != 1 || !here) {
        return false;
      }
    }
    return true;
  }

  /**
   * Samples every 20 ms when a site runs on two nodes at once (a frozen JVM runs nothing, so the child counts only
   * while thawed), and which of the sites the child did not hold stopped running while it was frozen (after the
   * thaw, sites move to the child on purpose: it merged back under a new member id, preferred for other sites).
   */
  private final class Samples extends Thread {
    private final List<String> sites;
    private final Set<String> childs;
    private final List<Long> runTwiceAt = new CopyOnWriteArrayList<>();
    private final Set<String> runTwice = ConcurrentHashMap.newKeySet();
    private final Set<String> stopped = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean running = new AtomicBoolean(true);
    volatile boolean childFrozen;

    Samples(List<String> sites, Set<String> childs) {
      this.sites = sites;
      this.childs = childs;
      setDaemon(true);
    }

    @Override
    public void run() {
      while (running.get()) {
        for (String site : sites) {
          int here = runnersHere(site);
          if (here + (!childFrozen && child.owned().contains(site) ? 1 : 0) > 1) {
            runTwice.add(site);
            if (runTwiceAt.size() < 2) {
              runTwiceAt.add(System.currentTimeMillis());
            } else {
              runTwiceAt.set(1, System.currentTimeMillis());
            }
          }
          if (childFrozen && here == 0 && !childs.contains(site)) {
            stopped.add(site);
          }
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    /** When a site was first and last seen running twice; empty if never. */
    List<Long> runTwiceAt() {
      return List.copyOf(runTwiceAt);
    }

    Set<String> runTwice() {
      return Set.copyOf(runTwice);
    }

    Set<String> stopped() {
      return Set.copyOf(stopped);
    }

    void end() {
      running.set(false);
    }
  }
}
