package io.footfall.cli;

import io.footfall.app.FootfallConfig;
import io.footfall.app.FootfallNode;
import io.footfall.auth.DemoUsers;
import io.footfall.fault.InvalidConfigException;
import io.footfall.sim.SimOptions;
import io.footfall.sim.SimRun;
import io.footfall.sim.SimRunner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code footfall demo}: everything embedded, with a simulated mall publishing over MQTT. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run a live demo mall: MQTT, web dashboard, embedded PostgreSQL and a simulator, nothing to install.")
final class DemoCommand implements Callable<Integer> {

  @Option(names = "--http-port", defaultValue = "8080", description = "HTTP port (0 picks a free one). Default: ${DEFAULT-VALUE}")
  int httpPort;

  @Option(names = "--mqtt-port", defaultValue = "1883", description = "MQTT port (0 picks a free one). Default: ${DEFAULT-VALUE}")
  int mqttPort;

  @Option(names = "--data-dir", defaultValue = "./data", description = "Where the embedded PostgreSQL keeps its data. Default: ${DEFAULT-VALUE}")
  String dataDir;

  @Override
  public Integer call() {
    FootfallConfig config;
    try {
      config = config(System.getenv(), httpPort, mqttPort, dataDir);
    } catch (InvalidConfigException e) {
      System.err.println("footfall: " + e.getMessage());
      return 2;
    }
    return Foreground.run(vertx -> start(vertx, config)
        .map(demo -> {
          printWelcome(demo.node());
          return (Supplier<Future<Void>>) demo::stop;
        }));
  }

  static FootfallConfig config(Map<String, String> env, int httpPort, int mqttPort, String dataDir) {
    return FootfallConfig.load(null, env, Map.of(
        "http.port", Integer.toString(httpPort),
        "mqtt.port", Integer.toString(mqttPort),
        "dataDir", dataDir));
  }

  /**
   * Starts the node, then the simulated mall publishing to it. After a restart on the same data directory the
   * simulator goes on where it stopped publishing, and its warm start rebuilds the crowd of the moment from its seed:
   * it continues the shoppers the node restored from its snapshot rather than adding new ones (docs/simulator.md).
   */
  static Future<Running> start(Vertx vertx, FootfallConfig config) {
    DemoProgress progress = new DemoProgress(vertx, config.dataDir());
    return progress.published()
        .compose(published -> FootfallNode.start(vertx, config, true)
            .compose(node -> SimRunner.start(vertx, node.sites().get(0), simulation(node, published))
                .map(sim -> {
                  progress.follow(sim);
                  return new Running(node, sim, progress);
                })));
  }

  /** The demo's simulation, from where the last run stopped publishing when that is later than the pre-roll. */
  private static SimOptions simulation(FootfallNode node, Optional<Instant> published) {
    SimOptions demo = SimOptions.demo("127.0.0.1", node.mqttPort());
    Instant now = Instant.now();
    return published.filter(p -> p.isAfter(demo.start()))
        .map(p -> demo.withStart(p.isAfter(now) ? now : p))
        .orElse(demo);
  }

  /** A running demo: the node and the simulator publishing to it. */
  record Running(FootfallNode node, SimRun simulator, DemoProgress progress) {

    /**
     * Stops the simulator and saves how far it published, then stops the node, which saves its snapshot and flushes
     * its last rows.
     */
    Future<Void> stop() {
      return simulator.stop()
          .eventually(() -> progress.stop(simulator))
          .eventually(node::stop);
    }
  }

  private static void printWelcome(FootfallNode node) {
    System.out.printf("%nfootfall demo is running: %s with %d simulated sensors.%n",
        node.sites().get(0).name(), node.sites().get(0).sensors().size());
    System.out.printf("  dashboard  http://localhost:%d/%n", node.httpPort());
    System.out.printf("  logins     admin, control and manager (store %s), password demo%n", DemoUsers.managerStore(node.sites().get(0)));
    System.out.printf("  MQTT       localhost:%d  (demo sensors: user s-01..s-%02d, password demo)%n",
        node.mqttPort(), node.sites().get(0).sensors().size());
    System.out.printf("Press Ctrl-C to stop; history stays in the data directory.%n%n");
  }
}
