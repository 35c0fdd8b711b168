package io.footfall.cluster;

import static io.footfall.testkit.Await.await;

import io.footfall.app.FootfallConfig;
import io.footfall.app.FootfallNode;
import io.footfall.auth.PasswordHash;
import io.footfall.auth.Role;
import io.footfall.auth.User;
import io.footfall.auth.UsersFile;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Three (or more) footfall cluster nodes in this JVM, each with its own clustered Vert.x and Hazelcast member on
 * 127.0.0.1 (TCP/IP join, no multicast), sharing one PostgreSQL.
 */
final class ClusterHarness implements AutoCloseable {

  static final String SITE_FILE = "deploy/sites/demo-mall.yaml";
  /** Every node knows this admin, for the REST calls of the tests. */
  static final String ADMIN = "admin";
  static final String ADMIN_PASSWORD = "cluster-test";

  private final String clusterName = "footfall-test-" + UUID.randomUUID();
  private final List<Integer> ports = new ArrayList<>();
  private final String databaseUrl;
  private final Path dataDir;
  private final Map<String, String> extra;
  private final Path sitesFile;
  private final Path usersFile;
  final List<Vertx> vertxes = new ArrayList<>();
  final List<FootfallNode> nodes = new ArrayList<>();
  private final Set<Integer> killed = new HashSet<>();

  ClusterHarness(int size, String databaseUrl, Path dataDir, Map<String, String> extra) throws IOException {
    this(size, databaseUrl, dataDir, extra, List.of(Path.of(System.getProperty("user.dir")).resolve(SITE_FILE)));
  }

  /** A cluster serving the given site files. */
  ClusterHarness(int size, String databaseUrl, Path dataDir, Map<String, String> extra, List<Path> sites)
      throws IOException {
    this.databaseUrl = databaseUrl;
    this.dataDir = dataDir;
    this.extra = extra;
    this.sitesFile = dataDir.resolve("sites.yaml");
    Files.writeString(sitesFile, "sites:\n" + sites.stream().map(p -> "  - \"" + p + "\"\n")
        .collect(Collectors.joining()));
    this.usersFile = dataDir.resolve("users.yaml");
    UsersFile.put(usersFile, new User(ADMIN, PasswordHash.hash(ADMIN_PASSWORD.toCharArray(), 1_000), Role.ADMIN,
        List.of(), List.of()));
    for (int i = 0; i < size; i++) {
      try (ServerSocket socket = new ServerSocket(0)) {
        ports.add(socket.getLocalPort());
      }
    }
  }

  FootfallConfig config(int index) {
    return FootfallConfig.load(sitesFile, Map.of(), options(index));
  }

  /** The command-line settings of node {@code index} (with the sites file, all a node needs to start). */
  Map<String, String> options(int index) {
    Map<String, String> options = new HashMap<>();
    options.put("dataDir", dataDir.resolve("node-" + index).toString());
    options.put("http.port", "0");
    options.put("users", usersFile.toString());
    options.put("mqtt.port", "0");
    options.put("database.url", databaseUrl);
    options.put("database.flushIntervalMs", "100");
    options.put("engine.allowedLatenessMs", "0");
    options.put("engine.absenceTimeoutMs", "30000");
    options.put("engine.exitGraceMs", "5000");
    options.put("engine.idleAdvanceMs", "600000");
    options.put("engine.idleSensorMs", "600000");
    options.put("engine.publishIntervalMs", "100");
    options.put("cluster.enabled", "true");
    options.put("cluster.name", clusterName);
    options.put("cluster.host", "127.0.0.1");
    options.put("cluster.port", Integer.toString(ports.get(index)));
    options.put("cluster.members", ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(",")));
    options.put("cluster.quorum", "2");
    options.put("cluster.heartbeatSeconds", "1");
    options.put("cluster.maxNoHeartbeatSeconds", "4");
    options.put("cluster.leaseMs", "2000");
    options.put("cluster.renewIntervalMs", "500");
    options.put("cluster.snapshotIntervalMs", "200");
    options.put("cluster.hazelcastConfig",
        Path.of(System.getProperty("user.dir")).resolve("src/test/resources/hazelcast-test.yaml").toString());
    options.putAll(extra);
    return options;
  }

  Path sitesFile() {
    return sitesFile;
  }

  /** Starts node {@code index}: joins the cluster, then deploys the footfall node on it. */
  FootfallNode start(int index) throws Exception {
    FootfallConfig config = config(index);
    Vertx vertx = await(HazelcastSetup.startVertx(config.cluster()));
    vertxes.add(vertx);
    FootfallNode node = await(FootfallNode.start(vertx, config, false));
    nodes.add(node);
    return node;
  }

  /** Stops node {@code index} the way SIGTERM does: its sites are handed over. */
  void stop(int index) throws Exception {
    killed.add(index);
    await(nodes.get(index).stop().eventually(vertxes.get(index)::close));
  }

  /** The in-JVM kill -9: the Hazelcast member vanishes without a goodbye, then the rest of the node goes. */
  void kill(int index) {
    killed.add(index);
    HazelcastSetup.hazelcast(vertxes.get(index)).getLifecycleService().terminate();
    vertxes.get(index).close();
  }

  /** Whether node {@code index} was stopped or killed. */
  boolean stopped(int index) {
    return killed.contains(index);
  }

  /** The node whose engine runs the site, or -1. */
  int owner(String site) {
    for (int i = 0; i < nodes.size(); i++) {
      if (!killed.contains(i) && nodes.get(i).ownership().ownedSites().contains(site)) {
        return i;
      }
    }
    return -1;
  }

  /** Whether the site runs on its preferred node among the running ones (no hand-over pending). */
  boolean settled(String site) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      if (!killed.contains(i)) {
        ids.add(nodes.get(i).ownership().nodeId());
      }
    }
    int owner = owner(site);
    return owner >= 0 && nodes.get(owner).ownership().nodeId().equals(Rendezvous.owner(site, ids));
  }

  @Override
  public void close() {
    for (int i = nodes.size() - 1; i >= 0; i--) {
      if (killed.contains(i)) {
        continue;
      }
      try {
        nodes.get(i).stop().eventually(vertxes.get(i)::close).toCompletionStage().toCompletableFuture()
            .get(20, TimeUnit.SECONDS);
      } catch (Exception e) {
        // a killed node fails to stop; the others still must
      }
    }
  }

}
