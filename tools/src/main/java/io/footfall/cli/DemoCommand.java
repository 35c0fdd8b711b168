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
import java.util.Map;
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
      config = FootfallConfig.load(null, System.getenv(), Map.of(
          "http.port", Integer.toString(httpPort),
          "mqtt.port", Integer.toString(mqttPort),
          "dataDir", dataDir));
    } catch (InvalidConfigException e) {
      System.err.println("footfall: " + e.getMessage());
      return 2;
    }
    return Foreground.run(vertx -> FootfallNode.start(vertx, config, true)
        .compose(node -> startSimulator(vertx, node)
            .map(sim -> {
              printWelcome(node);
              return (Supplier<Future<Void>>) () -> sim.stop().eventually(node::stop);
            })));
  }

  private static Future<SimRun> startSimulator(Vertx vertx, FootfallNode node) {
    return SimRunner.start(vertx, node.sites().get(0), SimOptions.demo("127.0.0.1", node.mqttPort()));
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
