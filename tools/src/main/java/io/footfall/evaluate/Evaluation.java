package io.footfall.evaluate;

import io.footfall.analytics.MetricsSettings;
import io.footfall.app.FootfallConfig;
import io.footfall.app.FootfallNode;
import io.footfall.console.Progress;
import io.footfall.sim.Scenario;
import io.footfall.sim.SimOptions;
import io.footfall.sim.SimRun;
import io.footfall.sim.SimRunner;
import io.footfall.site.Site;
import io.footfall.site.SiteLoader;
import io.footfall.site.Zone;
import io.footfall.site.ZoneKind;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores footfall against the simulator's ground truth: starts a node in-process (or uses a running one), runs
 * the simulator through the real MQTT ingest, closes event time, reads footfall's answers from its own REST API
 * and compares them with the truth files.
 *
 * <p>Closing event time: after the run every sensor publishes one more batch with a single sighting
 * {@code settle} past the end, weaker (-127 dBm) than any RSSI floor. The engine drops it as weak but its
 * timestamp moves the sensor's frontier, so the watermark passes the end of the run plus the absence timeout and
 * every minute of the run becomes final at once, without waiting for the idle clock (which only follows the wall
 * clock at real-time speed).
 *
 * <p>Blocking: {@link #run} waits on futures and must be called from a plain thread, never an event loop.
 */
public final class Evaluation {

  private static final Logger LOG = LoggerFactory.getLogger(Evaluation.class);
  private static final String DEMO_SITE = "sites/demo-mall.yaml";
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration WAIT_FOR_ROLLUPS = Duration.ofMinutes(5);
  /** Retention of the in-process node's zone minutes: long enough for any simulated date. */
  private static final int SIMULATED_DATA_RETENTION_DAYS = 36_500;

  private final Vertx vertx;
  private final EvaluationOptions options;
  private FootfallNode node;
  private FootfallApi api;
  /** The node's {@code metrics.minStoreVisitMs}; the default when scoring a running server. */
  private long minStoreVisitMs = MetricsSettings.defaults().minStoreVisitMs();

  private Evaluation(Vertx vertx, EvaluationOptions options) {
    this.vertx = vertx;
    this.options = options;
  }

  /** Runs one evaluation on the given Vert.x instance; the in-process node is stopped before returning. */
  public static Scorecard run(Vertx vertx, EvaluationOptions options) throws Exception {
    Evaluation evaluation = new Evaluation(vertx, options);
    try {
      return evaluation.evaluate();
    } finally {
      evaluation.close();
    }
  }

  private Scorecard evaluate() throws Exception {
    Scenario scenario = options.scenario() == null ? Scenario.defaults() : Scenario.load(options.scenario());
    Site site = startFootfall();
    URI mqtt = mqttBroker();
    SimOptions sim = simOptions(site, scenario, mqtt);
    long startMs = sim.start().toEpochMilli();
    long endMs = startMs + sim.duration().toMillis();
    LOG.info("evaluation started [site: {}, seed: {}, start: {}, duration: {}]", site.id(), sim.seed(), sim.start(),
        sim.duration());
    SimRun run = await(SimRunner.start(vertx, site, sim), Duration.ofMinutes(1));
    try (Progress progress = Progress.start("evaluate: simulation", endMs - startMs,
        () -> Math.max(0, run.simulatedTime() - startMs), Progress::duration,
        () -> "sightings " + Progress.count(run.stats().sightings()))) {
      await(run.finished(), Duration.ofHours(6));
    }
    LOG.info("simulation finished [sightings: {}, batches: {}]", run.stats().sightings(), run.stats().batches());
    long closingTs = endMs + options.settle().toMillis();
    EventTimeCloser.close(vertx, site, mqtt, options.password(), closingTs);
    awaitRollups(site, endMs, closingTs);

    GroundTruth truth = GroundTruth.read(sim.truthDir());
    Answers answers = blocking();
    List<String> zones = site.zones().stream().map(Zone::id).toList();
    List<String> stores = site.zones().stream().filter(z -> z.kind() == ZoneKind.STORE).map(Zone::id).toList();
    MetricScoring metrics = new MetricScoring(answers, api.sitePath(), truth, startMs, endMs,
        minStoreVisitMs);
    List<Score> scores = new ArrayList<>();
    scores.add(OccupancyScoring.score(answers, api.sitePath(), zones, truth, startMs, endMs, 10.0).score());
    scores.addAll(metrics.stores(stores));
    scores.add(metrics.transitions());
    scores.add(metrics.randomDevices(zones));
    scores.add(metrics.randomDevicesSite());
    scores.add(metrics.headcount(zones));
    scores.add(new RepeatScoring(answers, api.sitePath(), truth, startMs, endMs, ZoneId.of(site.timezone()))
        .score(stores));
    String describe = String.format("footfall evaluate: site %s, scenario %s, seed %d, %s + %s",
        site.id(), options.scenario() == null ? "built-in default" : options.scenario().getFileName(), sim.seed(),
        sim.start(), sim.duration());
    return new Scorecard(describe, scores);
  }

  private Site startFootfall() throws Exception {
    if (options.server() != null) {
      api = new FootfallApi(vertx, options.server(), "demo-mall", options.login());
      return SiteLoader.loadResource(DEMO_SITE);
    }
    FootfallConfig config = FootfallConfig.load(options.config(), Map.of(), Map.of(
        "dataDir", options.dataDir().resolve("node").toString(),
        "http.host", "127.0.0.1",
        "http.port", "0",
        "mqtt.host", "127.0.0.1",
        "mqtt.port", "0",
        // the simulator publishes as fast as PUBACKs come; the ingest's overload and rate limits protect a live
        // node from misbehaving sensors and would only turn a fast evaluation into dropped batches
        "mqtt.maxInFlightBatches", "100000",
        "mqtt.publishesPerSecond", "1000000",
        "mqtt.publishBurst", "1000000",
        "database.flushIntervalMs", "200",
        // the simulated day (2025-03-04 by default) is older than the default retention: the purge a minute after
        // start would delete the run's minutes while it is being scored
        "database.zoneMinuteRetentionDays", String.valueOf(SIMULATED_DATA_RETENTION_DAYS)));
    minStoreVisitMs = config.metrics().minStoreVisitMs();
    node = await(FootfallNode.start(vertx, config, true), Duration.ofMinutes(2));
    Site site = node.sites().get(0);
    api = new FootfallApi(vertx, URI.create("http://127.0.0.1:" + node.httpPort()), site.id(), options.login());
    return site;
  }

  private URI mqttBroker() {
    return node != null ? URI.create("mqtt://127.0.0.1:" + node.mqttPort()) : options.mqtt();
  }

  private SimOptions simOptions(Site site, Scenario scenario, URI mqtt) {
    ZoneId tz = ZoneId.of(site.timezone());
    Instant start = options.start() != null ? parseStart(options.start(), tz)
        : LocalDate.parse(EvaluationOptions.DEFAULT_START).atTime(scenario.openTime()).atZone(tz).toInstant();
    return SimOptions.defaults()
        .withServer(mqtt.getHost(), mqtt.getPort() < 0 ? 1883 : mqtt.getPort())
        .withPasswords(options.password(), Map.of())
        .withSpeed(options.speed())
        .withSeed(options.seed())
        .withStart(start)
        .withDuration(options.duration() == null ? scenario.runDuration() : options.duration())
        .withScenario(scenario)
        .withWarmStart(options.warmStart())
        .withTruthDir(options.dataDir().resolve("truth"));
  }

  private static Instant parseStart(String text, ZoneId tz) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException withoutOffset) {
      return LocalDateTime.parse(text).atZone(tz).toInstant();
    }
  }

  /**
   * Waits until the watermark passed the end of the run plus the absence timeout and the run's last minute is in
   * PostgreSQL, looking at a store: its fixed devices give it a row every minute.
   */
  private void awaitRollups(Site site, long endMs, long closingTs) throws Exception {
    long deadline = System.nanoTime() + WAIT_FOR_ROLLUPS.toNanos();
    long lastMinute = endMs - 60_000;
    String store = site.zones().stream().filter(z -> z.kind() == ZoneKind.STORE).findFirst()
        .orElse(site.zones().get(0)).id();
    String path = api.sitePath() + "/zones/" + store + "/series?"
        + FootfallApi.range(lastMinute, endMs);
    while (System.nanoTime() < deadline) {
      JsonObject live = await(api.get(api.sitePath() + "/occupancy"), Duration.ofSeconds(30))
          .map(Answers::object).orElseThrow();
      Long watermark = live.getLong("watermark");
      if (watermark != null && watermark >= closingTs - options.settle().toMillis() / 2) {
        Optional<Object> rows = await(api.get(path), Duration.ofSeconds(30));
        if (rows.map(Answers::array).map(JsonArray::size).orElse(0) > 0) {
          return;
        }
      }
      Thread.sleep(POLL.toMillis());
    }
    throw new TimeoutException("footfall did not store the run's minutes within " + WAIT_FOR_ROLLUPS);
  }

  private Answers blocking() {
    return new Answers() {
      @Override
      public Optional<Object> get(String pathAndQuery) {
        return awaitUnchecked(api.get(pathAndQuery));
      }

      @Override
      public Optional<Object> post(String path, JsonObject body) {
        return awaitUnchecked(api.post(path, body));
      }
    };
  }

  private void close() {
    if (api != null) {
      api.close();
    }
    if (node != null) {
      try {
        await(node.stop(), Duration.ofMinutes(1));
      } catch (Exception e) {
        LOG.warn("footfall node did not stop cleanly [reason: {}]", e.toString());
      }
    }
  }

  private static <T> T awaitUnchecked(Future<T> future) {
    try {
      return await(future, Duration.ofSeconds(60));
    } catch (Exception e) {
      throw new IllegalStateException("footfall request failed: " + e.getMessage(), e);
    }
  }

  private static <T> T await(Future<T> future, Duration timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
