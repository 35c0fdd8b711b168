package io.footfall.evaluate;

import io.footfall.sim.DurationText;
import io.footfall.sim.SimOptions;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code footfall evaluate}: runs the simulator through a footfall and scores its answers against the ground
 * truth (docs/accuracy.md). Exits 0 when every measured target is met, 1 when one is missed, 2 on bad options.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Score footfall against the simulator's ground truth (see docs/accuracy.md).")
public final class EvaluateCommand implements Callable<Integer> {

  @Option(names = "--scenario", description = "Scenario file (YAML). Default: built-in, as deploy/scenarios/default.yaml.")
  Path scenario;

  @Option(names = "--seed", defaultValue = "1", description = "Simulator seed. Default: ${DEFAULT-VALUE}")
  long seed;

  @Option(names = "--speed", defaultValue = "max", description = "Simulated seconds per real second, or 'max'. Default: ${DEFAULT-VALUE}")
  String speed;

  @Option(names = "--start", description = "Simulated start, ISO date-time (local to the site without an offset). Default: "
      + EvaluationOptions.DEFAULT_START + " at opening time.")
  String start;

  @Option(names = "--duration", description = "Run length such as 2h or 90m. Default: the scenario's.")
  String duration;

  @Option(names = "--warm-start", description = "Start with the crowd of that time of day already inside (the simulator's warm start), to score a busy hour on its own.")
  boolean warmStart;

  @Option(names = "--server", description = "REST base URL of a running footfall, e.g. http://localhost:8080. Default: start one in-process.")
  URI server;

  @Option(names = "--mqtt", defaultValue = "mqtt://localhost:1883", description = "MQTT broker of the --server footfall. Default: ${DEFAULT-VALUE}")
  URI mqtt;

  @Option(names = "--password", defaultValue = SimOptions.DEMO_PASSWORD, description = "Sensor password. Default: ${DEFAULT-VALUE}")
  String password;

  @Option(names = "--login", defaultValue = EvaluationOptions.DEMO_LOGIN,
      description = "NAME:PASSWORD of a footfall user who may read the site (HTTP Basic). Default: the demo admin.")
  String login;

  @Option(names = "--settle", defaultValue = "10m", description = "Event time pushed past the end so every minute is final (more than the absence timeout). Default: ${DEFAULT-VALUE}")
  String settle;

  @Option(names = "--work-dir", description = "Where PostgreSQL and the ground truth go. Default: a temporary directory, deleted afterwards.")
  Path workDir;

  @Option(names = "--config", description = "footfall configuration file for the in-process node: the settings to evaluate. Default: the built-in defaults.")
  Path config;

  @Option(names = "--report", description = "Also write the table as markdown to this file.")
  Path report;

  @Override
  public Integer call() throws Exception {
    EvaluationOptions options;
    try {
      options = new EvaluationOptions(scenario, seed,
          "max".equalsIgnoreCase(speed) ? SimOptions.MAX_SPEED : Double.parseDouble(speed),
          start, duration == null ? null : DurationText.parse(duration),
          server, mqtt, password, workDir == null ? Files.createTempDirectory("footfall-evaluate") : workDir, config,
          DurationText.parse(settle), login, warmStart);
    } catch (IllegalArgumentException e) {
      System.err.println("footfall evaluate: " + e.getMessage());
      return 2;
    }
    Vertx vertx = Vertx.vertx();
    try {
      Scorecard card = Evaluation.run(vertx, options);
      System.out.print(card.table());
      if (report != null) {
        Files.writeString(report, card.markdown());
      }
      return card.passed() ? 0 : 1;
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      if (workDir == null) {
        deleteQuietly(options.dataDir());
      }
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException e) {
      System.err.println("footfall evaluate: could not delete " + dir + ": " + e.getMessage());
    }
  }
}
