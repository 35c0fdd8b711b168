package io.footfall.bench;

import io.footfall.console.Progress;
import io.footfall.site.Site;
import io.footfall.store.EmbeddedDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code footfall bench} run, phase by phase: footfall stepped up to its highest sustained rate with the
 * dashboards and the probe connected, then held at half that rate to time publish-to-WebSocket; the broker, if
 * any, stepped up the same way with the same generator; heap per device; rollup writes. Everything but a
 * {@code --server} target runs in this JVM, against an embedded PostgreSQL in a temporary directory.
 */
final class BenchRun {

  private static final Logger LOG = LoggerFactory.getLogger(BenchRun.class);
  private static final String DEMO_PASSWORD = "demo";

  private final BenchOptions options;
  private final String sensorPassword;
  private final String login;
  /** What runs now and how many load steps ran, for the progress display only. */
  private volatile String phase = "starting";
  private final AtomicInteger stepsRun = new AtomicInteger();

  /** @param login {@code name:password} of a footfall user, for the dashboards' WebSockets */
  BenchRun(BenchOptions options, String sensorPassword, String login) {
    this.login = login;
    this.options = options;
    this.sensorPassword = sensorPassword == null ? DEMO_PASSWORD : sensorPassword;
  }

  BenchResult run() throws Exception {
    Path dir = Files.createTempDirectory("footfall-bench");
    EmbeddedDatabase postgres = new EmbeddedDatabase(dir);
    Mosquitto mosquitto = null;
    Vertx receivers = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    try (Progress progress = Progress.start("bench", 0, stepsRun::get, n -> "load steps " + n,
        () -> "phase: " + phase)) {
      postgres.start();
      String databaseUrl = "postgresql://postgres@localhost:" + postgres.port() + "/postgres";
      Site site = SyntheticSite.write(dir, options.sensors());
      BenchResult.Builder result = new BenchResult.Builder(options);
      footfall(dir, databaseUrl, receivers, result);
      String against = options.against();
      if (options.startMosquitto()) {
        mosquitto = Mosquitto.start(dir);
        against = "mqtt://127.0.0.1:" + mosquitto.port();
      }
      if (against != null) {
        broker(URI.create(against), receivers, result, mosquitto == null ? null : mosquitto.process());
      }
      phase = "memory";
      LOG.info("bench phase [phase: memory, devices: {}]", options.memoryDevices());
      result.memory(MemoryPhase.run(site, options.memoryDevices()));
      phase = "rollups";
      LOG.info("bench phase [phase: rollups, zones: {}, minutes: {}]", options.rollupZones(), options.rollupMinutes());
      result.rollups(RollupPhase.run(databaseUrl, dir, options.rollupZones(), options.rollupMinutes()));
      return result.build();
    } finally {
      if (mosquitto != null) {
        mosquitto.close();
      }
      receivers.close().await(30, TimeUnit.SECONDS);
      postgres.stop();
      deleteQuietly(dir);
    }
  }

  /** The run's PostgreSQL data and site files are throwaway; a failure to delete them only costs disk. */
  private static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    } catch (IOException e) {
      LOG.warn("cannot delete bench directory [dir: {}, reason: {}]", dir, e.getMessage());
    }
  }

  private void footfall(Path dir, String databaseUrl, Vertx receivers, BenchResult.Builder result) throws Exception {
    Delivery delivery = new Delivery(options.sensors());
    boolean remote = options.server() != null;
    FootfallTarget local = null;
    String host = "127.0.0.1";
    int mqttPort;
    int httpPort;
    if (remote) {
      URI mqtt = URI.create(options.server());
      URI http = options.serverHttp() == null ? null : URI.create(options.serverHttp());
      host = mqtt.getHost();
      mqttPort = mqtt.getPort();
      httpPort = http == null ? -1 : http.getPort();
    } else {
      local = FootfallTarget.start(options, dir, databaseUrl, delivery).await(120, TimeUnit.SECONDS);
      mqttPort = local.mqttPort();
      httpPort = local.httpPort();
    }
    LoadLane.Endpoint endpoint = new LoadLane.Endpoint(host, mqttPort, SyntheticSite.ID, sensorPassword, remote);
    LoadGenerator generator = new LoadGenerator(options);
    FootfallTarget engine = local;
    LongSupplier late = () -> engine == null ? 0 : engine.engineState()
        .getJsonObject("counters", new JsonObject()).getLong("late", 0L);
    try {
      generator.connect(endpoint, delivery).await(60, TimeUnit.SECONDS);
      Dashboards dashboards = null;
      if (httpPort > 0) {
        LatencyProbe probe = new LatencyProbe(endpoint, options.probePeriodMs());
        generator.vertx().deployVerticle(probe).await(30, TimeUnit.SECONDS);
        dashboards = new Dashboards(receivers, probe);
        dashboards.connect(host, httpPort, SyntheticSite.ID, options.dashboards(), login).await(60, TimeUnit.SECONDS);
      }
      long heapBefore = local == null ? -1 : MemoryPhase.usedAfterGc();
      phase = "footfall";
      LOG.info("bench phase [phase: footfall, target: {}:{}, dashboards: {}]", host, mqttPort,
          dashboards == null ? 0 : dashboards.connected());
      warmUp(generator, delivery, late);
      List<Step> steps = stepUp("footfall", generator, delivery, () -> 0, late);
      result.footfallSteps(steps);
      if (dashboards != null) {
        double half = best(steps).map(s -> s.rate() / 2).orElse(options.rate() / 2);
        phase = "websocket latency";
        LOG.info("bench phase [phase: websocket latency, rate: {}]", Math.round(half));
        dashboards.takeLatency();
        Step held = Step.run(generator, delivery, half, options, options.durationSec(), () -> 0, late);
        Histogram ws = dashboards.takeLatency();
        result.webSocket(held, ws, dashboards.connected(), dashboards.frames());
      }
      if (local != null && options.analytics()) {
        JsonObject state = local.engineState();
        long devices = state.getJsonObject("totals", new JsonObject()).getLong("devices", 0L);
        long heapAfter = MemoryPhase.usedAfterGc();
        result.live(devices, devices == 0 ? Double.NaN : (heapAfter - heapBefore) / (double) devices,
            state.getJsonObject("counters"), local.acceptedSightings());
      }
      if (dashboards != null) {
        dashboards.close().await(30, TimeUnit.SECONDS);
      }
      if (local != null) {
        for (int count : options.idleConnections()) {
          phase = "idle connections";
          LOG.info("bench phase [phase: idle connections, connections: {}, clients: another process]", count);
          result.idle(IdleConnections.serverEnd(host, mqttPort, count, SyntheticSite.probeSensorId(0),
              sensorPassword));
        }
      }
    } finally {
      generator.disconnect().await(30, TimeUnit.SECONDS);
      generator.close().await(30, TimeUnit.SECONDS);
      if (local != null) {
        local.stop().await(60, TimeUnit.SECONDS);
      }
    }
  }

  private void broker(URI broker, Vertx receivers, BenchResult.Builder result, Process process) throws Exception {
    Delivery delivery = new Delivery(options.sensors());
    BrokerRelay relay = new BrokerRelay(receivers, delivery, options.batchSize());
    relay.subscribe(broker.getHost(), broker.getPort(), options.qos()).await(30, TimeUnit.SECONDS);
    LoadGenerator generator = new LoadGenerator(options);
    LongSupplier brokerCpu = () -> process == null ? 0 : process.info().totalCpuDuration()
        .map(d -> d.toNanos()).orElse(0L);
    try {
      generator.connect(new LoadLane.Endpoint(broker.getHost(), broker.getPort(), SyntheticSite.ID, sensorPassword,
          false), delivery).await(60, TimeUnit.SECONDS);
      phase = "broker";
      LOG.info("bench phase [phase: broker, target: {}]", broker);
      warmUp(generator, delivery, () -> 0);
      result.brokerSteps(broker.toString(), stepUp("broker", generator, delivery, brokerCpu, () -> 0));
    } finally {
      generator.disconnect().await(30, TimeUnit.SECONDS);
      generator.close().await(30, TimeUnit.SECONDS);
      relay.close().await(30, TimeUnit.SECONDS);
    }
  }

  private void warmUp(LoadGenerator generator, Delivery delivery, LongSupplier late) throws InterruptedException {
    if (options.warmupSec() > 0) {
      Step.run(generator, delivery, options.rate(), options, options.warmupSec(), () -> 0, late);
    }
  }

  /**
   * Steps the rate up until a step is not sustained or the maximum rate is passed; then, between the last sustained
   * rate and the first that was not, halves the interval {@code refineSteps} times.
   */
  private List<Step> stepUp(String target, LoadGenerator generator, Delivery delivery, LongSupplier extraCpu,
                            LongSupplier late) throws InterruptedException {
    List<Step> steps = new ArrayList<>();
    double sustained = 0;
    double failed = 0;
    for (double rate = options.rate(); rate <= options.maxRate() * 1.0001; rate *= options.stepFactor()) {
      if (!step(target, generator, delivery, rate, extraCpu, late, steps)) {
        failed = rate;
        break;
      }
      sustained = rate;
    }
    for (int i = 0; i < options.refineSteps() && sustained > 0 && failed > 0; i++) {
      double rate = (sustained + failed) / 2;
      if (step(target, generator, delivery, rate, extraCpu, late, steps)) {
        sustained = rate;
      } else {
        failed = rate;
      }
    }
    return steps;
  }

  /**
   * Runs one step, and runs it again up to {@code confirmSteps} times while it is not sustained: a pause of the
   * shared JVM or machine can push one step's p99 over the limit at a rate the next run sustains. Adds every run to
   * {@code steps}; true when one was sustained.
   */
  private boolean step(String target, LoadGenerator generator, Delivery delivery, double rate, LongSupplier extraCpu,
                       LongSupplier late, List<Step> steps) throws InterruptedException {
    for (int run = 0; run <= options.confirmSteps(); run++) {
      Step step = Step.run(generator, delivery, rate, options, options.durationSec(), extraCpu, late);
      steps.add(step);
      stepsRun.incrementAndGet();
      LOG.info("bench step [target: {}, rate: {}, delivered/s: {}, p99Ms: {}, verdict: {}]", target,
          Math.round(rate), Math.round(step.deliveredPerSec()), String.format("%.1f", step.p99Ms()), step.verdict());
      if (step.sustained()) {
        return true;
      }
    }
    return false;
  }

  static Optional<Step> best(List<Step> steps) {
    return steps.stream().filter(Step::sustained).max(Comparator.comparingDouble(Step::rate));
  }
}
