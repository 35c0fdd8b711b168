package io.footfall.cli;

import io.footfall.app.FootfallConfig;
import io.footfall.app.FootfallNode;
import io.footfall.cluster.HazelcastSetup;
import io.footfall.fault.InvalidConfigException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code footfall serve}: a production node from a configuration file. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run a footfall node from a configuration file.")
final class ServeCommand implements Callable<Integer> {

  @Option(names = "--config", required = true, description = "YAML configuration file (see README, Configuration).")
  Path config;

  @Option(names = "--replay", description = "Take replayed captures of past days as fast as sensors send them: no "
      + "per-connection publish rate, and no retention purge of their old minutes (docs/sensors.md, Replaying).")
  boolean replay;

  /**
   * What {@code --replay} sets: a replay at {@code --speed max} publishes hundreds of batches a second per sensor,
   * and minutes of a capture years old would fall to the daily purge at once.
   */
  static final Map<String, String> REPLAY = Map.of(
      "mqtt.publishesPerSecond", "1000000",
      "mqtt.publishBurst", "1000000",
      "database.zoneMinuteRetentionDays", "36500");

  @Override
  public Integer call() {
    FootfallConfig loaded;
    try {
      loaded = FootfallConfig.load(config, System.getenv(), replay ? REPLAY : Map.of());
    } catch (InvalidConfigException | IllegalArgumentException e) {
      System.err.println("footfall: " + e.getMessage());
      return 2;
    }
    Supplier<Future<Vertx>> vertx = loaded.cluster().enabled()
        ? () -> HazelcastSetup.startVertx(loaded.cluster())
        : () -> Future.succeededFuture(Vertx.vertx());
    return Foreground.run(vertx, started -> FootfallNode.start(started, loaded, false)
        .map(node -> (Supplier<Future<Void>>) node::stop));
  }
}
