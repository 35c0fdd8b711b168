package io.footfall.sim;

import io.footfall.console.Progress;
import io.footfall.site.Site;
import io.footfall.site.SiteLoader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code footfall sim}: the mall simulator, publishing like real sensors and writing the ground truth. */
@Command(name = "sim", mixinStandardHelpOptions = true,
    description = "Simulate a mall and publish its sensors' sightings over MQTT (see docs/simulator.md).")
public final class SimCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(SimCommand.class);
  private static final String DEMO_SITE = "sites/demo-mall.yaml";

  @Option(names = "--site", description = "Site file (YAML). Default: the bundled demo mall.")
  Path siteFile;

  @Option(names = "--scenario", description = "Scenario file with model parameters (YAML). Default: built-in, as deploy/scenarios/default.yaml.")
  Path scenarioFile;

  @Option(names = "--server", defaultValue = "mqtt://localhost:1883", description = "MQTT broker. Default: ${DEFAULT-VALUE}")
  String server;

  @Option(names = "--password", defaultValue = SimOptions.DEMO_PASSWORD, description = "Password of every sensor not in --password-file. Default: ${DEFAULT-VALUE}")
  String password;

  @Option(names = "--password-file", description = "File of 'sensorId password' lines.")
  Path passwordFile;

  @Option(names = "--speed", defaultValue = "1", description = "Simulated seconds per real second, or 'max'. Default: ${DEFAULT-VALUE}")
  String speed;

  @Option(names = "--start", description = "Simulated start: ISO date-time (local to the site without an offset) or 'now'. Default: today at opening time.")
  String start;

  @Option(names = "--duration", description = "Run length such as 12h, 90m, 1h30m or 'forever'. Default: the scenario's (12h).")
  String duration;

  @Option(names = "--seed", defaultValue = "1", description = "Random seed. Default: ${DEFAULT-VALUE}")
  long seed;

  @Option(names = "--truth", description = "Ground-truth directory, or 'none'. Default: ./sim-out/<site>-<start>-seed<seed>")
  String truth;

  @Option(names = "--qos", defaultValue = "1", description = "MQTT QoS of sightings, 0 or 1. Default: ${DEFAULT-VALUE}")
  int qos;

  @Option(names = "--batch-interval", defaultValue = "1s", description = "Simulated time per batch. Default: ${DEFAULT-VALUE}")
  String batchInterval;

  @Option(names = "--max-inflight", defaultValue = "" + SimOptions.DEFAULT_MAX_INFLIGHT,
      description = "Unacknowledged publishes per sensor; keep sensors x this under the server's mqtt.maxInFlightBatches. Default: ${DEFAULT-VALUE}")
  int maxInflight;

  @Option(names = "--warm-start", description = "Start with the crowd already in the mall at the start time.")
  boolean warmStart;

  @Option(names = "--always-open", description = "The mall never closes: a floor of visitors keeps arriving at night.")
  boolean alwaysOpen;

  @Option(names = "--offline", description = "Do not publish: only simulate as fast as possible and write the ground truth.")
  boolean offline;

  @Override
  public Integer call() throws Exception {
    Site site = siteFile == null ? SiteLoader.loadResource(DEMO_SITE) : SiteLoader.load(siteFile);
    Scenario scenario = scenarioFile == null ? Scenario.defaults() : Scenario.load(scenarioFile);
    ZoneId tz = ZoneId.of(site.timezone());
    Instant startAt = parseStart(start, tz, scenario);
    URI broker = URI.create(server);
    if (!"mqtt".equals(broker.getScheme()) || broker.getHost() == null) {
      System.err.println("--server must look like mqtt://host:port, got " + server);
      return 2;
    }
    SimOptions options = SimOptions.defaults()
        .withServer(broker.getHost(), broker.getPort() < 0 ? 1883 : broker.getPort())
        .withPasswords(password, passwordFile == null ? Map.of() : readPasswords(passwordFile))
        .withSpeed("max".equalsIgnoreCase(speed) ? SimOptions.MAX_SPEED : Double.parseDouble(speed))
        .withSeed(seed)
        .withStart(startAt)
        .withDuration(duration == null ? scenario.runDuration() : DurationText.parse(duration))
        .withScenario(scenario)
        .withQos(qos)
        .withBatchInterval(DurationText.parse(batchInterval))
        .withMaxInflight(maxInflight)
        .withWarmStart(warmStart)
        .withAlwaysOpen(alwaysOpen)
        .withTruthDir(truthDir(site, startAt, tz));
    return offline ? runOffline(site, options) : runPublishing(site, options);
  }

  private Path truthDir(Site site, Instant startAt, ZoneId tz) {
    if ("none".equalsIgnoreCase(truth)) {
      return null;
    }
    if (truth != null) {
      return Path.of(truth);
    }
    String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmm").format(startAt.atZone(tz));
    return Path.of("sim-out", site.id() + "-" + stamp + "-seed" + seed);
  }

  private static int runOffline(Site site, SimOptions options) {
    if (options.duration() == null) {
      System.err.println("--offline needs a finite --duration");
      return 2;
    }
    try (Simulation sim = new Simulation(site, options);
         Progress progress = progress(options, sim::now, sim::stats)) {
      sim.runUntil(sim.startMs() + options.duration().toMillis(), (sensor, end, sightings) -> { });
      LOG.info("simulation complete [site: {}, arrivals: {}, sightings: {}, truth: {}]", site.id(),
          sim.stats().arrivals(), sim.stats().sightings(), sim.truthDir() == null ? "none" : sim.truthDir());
    }
    return 0;
  }

  private static int runPublishing(Site site, SimOptions options) throws InterruptedException {
    Vertx vertx = Vertx.vertx();
    try {
      SimRun run = await(SimRunner.start(vertx, site, options));
      Thread hook = new Thread(() -> awaitQuietly(run.stop()), "footfall-sim-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      try (Progress progress = progress(options, run::simulatedTime, run::stats)) {
        await(run.finished());
      }
      Runtime.getRuntime().removeShutdownHook(hook);
      return 0;
    } catch (ExecutionException e) {
      System.err.println("simulation failed: " + e.getCause().getMessage());
      return 1;
    } finally {
      awaitQuietly(vertx.close());
    }
  }

  /** Simulated time done of the run's duration (none when it runs forever), with the run's counters. */
  private static Progress progress(SimOptions options, LongSupplier now, Supplier<SimStats> stats) {
    long start = options.start().toEpochMilli();
    long total = options.duration() == null ? 0 : options.duration().toMillis();
    return Progress.start("sim", total, () -> Math.max(0, now.getAsLong() - start),
        Progress::duration,
        () -> "arrivals " + Progress.count(stats.get().arrivals()) + ", people now "
            + Progress.count(stats.get().peopleNow()) + ", sightings " + Progress.count(stats.get().sightings()));
  }

  static Instant parseStart(String text, ZoneId tz, Scenario scenario) {
    if (text == null) {
      return LocalDate.now(tz).atTime(scenario.openTime()).atZone(tz).toInstant();
    }
    if (text.equalsIgnoreCase("now")) {
      return Instant.now();
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException withoutOffset) {
      try {
        return LocalDateTime.parse(text).atZone(tz).toInstant();
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("--start must be an ISO date-time such as 2025-03-04T09:00, got " + text, e);
      }
    }
  }

  static Map<String, String> readPasswords(Path file) throws IOException {
    Map<String, String> passwords = new HashMap<>();
    int line = 0;
    for (String raw : Files.readAllLines(file)) {
      line++;
      String l = raw.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      String[] parts = l.split("\\s+", 2);
      if (parts.length != 2) {
        throw new IllegalArgumentException(file + ":" + line + ": expected 'sensorId password'");
      }
      passwords.put(parts[0], parts[1]);
    }
    return passwords;
  }

  private static <T> T await(Future<T> f) throws ExecutionException, InterruptedException {
    return f.toCompletionStage().toCompletableFuture().get();
  }

  private static void awaitQuietly(Future<?> f) {
    try {
      f.toCompletionStage().toCompletableFuture().get(Duration.ofSeconds(15).toMillis(),
          java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.warn("simulator did not stop cleanly [reason: {}]", e.toString());
    }
  }
}
