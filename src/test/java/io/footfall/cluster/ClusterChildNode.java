package io.footfall.cluster;

import com.hazelcast.core.HazelcastInstance;
import io.footfall.app.FootfallConfig;
import io.footfall.app.FootfallNode;
import io.footfall.testkit.Await;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * A footfall cluster node in a JVM of its own, so that a test can pause it ({@code kill -STOP}) and resume it
 * ({@code kill -CONT}) like a frozen VM or a stop-the-world pause. {@link #main} starts the node from a sites file and
 * {@code key=value} settings and prints, whenever it changes, a line {@code CHILD <nodeId> <members> <site,..>}:
 * the ownership's node id (its Hazelcast member id, which changes when it merges back after a split), the Hazelcast
 * members it sees and the sites whose engine runs in it. SIGTERM stops it as the CLI does: its sites handed over, or
 * their open minutes written by the last node.
 * {@link #start} runs it from a test and follows those lines.
 */
final class ClusterChildNode implements AutoCloseable {

  private static final String PREFIX = "CHILD ";

  private final Process process;
  private volatile String nodeId;
  private volatile int members;
  private volatile Set<String> owned = Set.of();

  private ClusterChildNode(Process process) {
    this.process = process;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (int i = 1; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      options.put(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    FootfallConfig config = FootfallConfig.load(Path.of(args[0]), Map.of(), options);
    Vertx vertx = Await.await(HazelcastSetup.startVertx(config.cluster()));
    FootfallNode node = Await.await(FootfallNode.start(vertx, config, false));
    HazelcastInstance hazelcast = HazelcastSetup.hazelcast(vertx);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        node.stop().eventually(vertx::close).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.out.println("graceful stop incomplete: " + e);
      }
    }, "child-node-shutdown"));
    String last = "";
    while (true) {
      String line = PREFIX + node.ownership().nodeId() + " " + hazelcast.getCluster().getMembers().size() + " "
          + String.join(",", new TreeSet<>(node.ownership().ownedSites()));
      if (!line.equals(last)) {
        System.out.println(line);
        System.out.flush();
        last = line;
      }
      Thread.sleep(20);
    }
  }

  /** Starts node {@code index} of the harness in a child JVM, its whole output going to {@code log}. */
  static ClusterChildNode start(ClusterHarness harness, int index, Path log) throws IOException {
    return start(harness, index, log, Map.of());
  }

  /** As {@link #start(ClusterHarness, int, Path)}, with settings of this node only (a fixed MQTT port, say). */
  static ClusterChildNode start(ClusterHarness harness, int index, Path log, Map<String, String> own)
      throws IOException {
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-Xmx512m", "-cp", System.getProperty("java.class.path"), ClusterChildNode.class.getName(),
        harness.sitesFile().toString()));
    Map<String, String> options = new HashMap<>(harness.options(index));
    options.putAll(own);
    options.forEach((key, value) -> command.add(key + "=" + value));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    ClusterChildNode child = new ClusterChildNode(process);
    Thread reader = new Thread(() -> child.follow(log), "child-node-output");
    reader.setDaemon(true);
    reader.start();
    return child;
  }

  private void follow(Path log) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8));
         var out = Files.newBufferedWriter(log)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        out.write(line);
        out.newLine();
        if (line.startsWith(PREFIX)) {
          String[] parts = line.substring(PREFIX.length()).split(" ", -1);
          owned = parts[2].isEmpty() ? Set.of() : Set.of(parts[2].split(","));
          members = Integer.parseInt(parts[1]);
          nodeId = parts[0];
        }
      }
    } catch (IOException e) {
      // the child is gone; what it said last stays
    }
  }

  /** The ownership's node id, once the node started; null before. */
  String nodeId() {
    return nodeId;
  }

  /** Hazelcast members the child sees, as it said last. */
  int members() {
    return members;
  }

  /** Sites whose engine runs in the child, as it said last. */
  Set<String> owned() {
    return owned;
  }

  /** Stops the node with SIGTERM, as an operator or a deployment does, and waits until it is gone. */
  void terminate() throws Exception {
    signal("-TERM");
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("process " + process.pid() + " still alive a minute after SIGTERM");
    }
  }

  /** Kills the JVM with SIGKILL, as {@code kill -9} does, and waits until it is gone. */
  void killDashNine() throws Exception {
    signal("-KILL");
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      throw new IllegalStateException("process " + process.pid() + " still alive after kill -9");
    }
  }

  /** Whether the JVM still runs (a paused one does). */
  boolean alive() {
    return process.isAlive();
  }

  /** Freezes the whole JVM, as a stop-the-world pause or a frozen VM would. */
  void pause() throws Exception {
    signal("-STOP");
  }

  void resume() throws Exception {
    signal("-CONT");
  }

  private void signal(String signal) throws Exception {
    Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new IllegalStateException("kill " + signal + " failed");
    }
  }

  @Override
  public void close() throws Exception {
    process.destroyForcibly();
    process.waitFor(20, TimeUnit.SECONDS);
  }
}
