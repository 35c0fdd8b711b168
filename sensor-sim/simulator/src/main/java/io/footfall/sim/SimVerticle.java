package io.footfall.sim;

import io.footfall.site.SensorSpec;
import io.footfall.site.Site;
import io.footfall.wire.Sighting;
import io.footfall.wire.WireEncoder;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Simulation} and publishes every sensor's batches over its own MQTT connection. Deployed as a
 * worker verticle: the simulation and the ground-truth files are plain blocking code. Paced to wall-clock
 * time divided by the speed, or, at maximum speed, to the brokers' acknowledgements. Consumes nothing from the
 * event bus; produces MQTT publishes on {@code footfall/v1/{site}/{sensor}/sightings}.
 */
final class SimVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SimVerticle.class);
  private static final int STEPS_PER_TURN = 50;
  private static final long HOUR_MS = 3_600_000;
  private static final long DRAIN_TIMEOUT_MS = 10_000;

  private final Site site;
  private final SimOptions options;
  private final Promise<Void> finished = Promise.promise();
  private Simulation sim;
  private SensorLink[] links;
  private long[] seq;
  private long endMs;
  private long wallStartNanos;
  private long simStartMs;
  private long timer = -1;
  private long nextProgressMs;
  private boolean waitingForBroker;
  private boolean stopping;
  private Future<Void> shutdown;

  SimVerticle(Site site, SimOptions options) {
    this.site = site;
    this.options = options;
  }

  Future<Void> finished() {
    return finished.future();
  }

  Simulation simulation() {
    return sim;
  }

  @Override
  public Future<?> start() {
    sim = new Simulation(site, options);
    seq = new long[site.sensors().size()];
    // a simulated sensor keeps no queue directory to carry its numbering over a restart, and a server takes each
    // (sensor, seq) once: numbering from the wall clock keeps a restarted simulator from looking like re-sends
    Arrays.fill(seq, System.currentTimeMillis());
    endMs = options.duration() == null ? Long.MAX_VALUE : sim.startMs() + options.duration().toMillis();
    links = site.sensors().stream()
        .map(s -> new SensorLink(vertx, site.id(), s, options, this::brokerReady))
        .toArray(SensorLink[]::new);
    return Future.all(java.util.Arrays.stream(links).map(SensorLink::connect).toList())
        .onSuccess(v -> begin())
        .onFailure(e -> {
          LOG.error("simulator cannot connect [server: {}:{}, reason: {}]", options.host(), options.port(),
              e.getMessage());
          shutdown();
        });
  }

  @Override
  public Future<?> stop() {
    return shutdown();
  }

  private void begin() {
    simStartMs = sim.now();
    wallStartNanos = System.nanoTime() - catchUpNanos();
    nextProgressMs = simStartMs + HOUR_MS;
    LOG.info("simulator started [site: {}, sensors: {}, server: {}:{}, start: {}, speed: {}, people: {}]",
        site.id(), links.length, options.host(), options.port(), Instant.ofEpochMilli(simStartMs),
        options.maxSpeed() ? "max" : options.speed(), sim.stats().peopleNow());
    pump();
  }

  /**
   * A real-time run that starts in the past publishes the past as fast as the brokers take it, then follows the
   * wall clock, as sensors that reconnect after an outage would.
   */
  private long catchUpNanos() {
    long behindMs = System.currentTimeMillis() - simStartMs;
    return options.speed() == 1.0 && behindMs > 0 ? behindMs * 1_000_000 : 0;
  }

  /** Steps the simulation as far as the clock and the brokers allow, then yields the thread. */
  private void pump() {
    timer = -1;
    for (int i = 0; i < STEPS_PER_TURN; i++) {
      if (stopping) {
        return;
      }
      if (sim.now() >= endMs) {
        LOG.info("simulation complete [site: {}, until: {}, batches: {}, sightings: {}]", site.id(),
            Instant.ofEpochMilli(sim.now()), sim.stats().batches(), sim.stats().sightings());
        vertx.undeploy(deploymentID());
        return;
      }
      for (SensorLink l : links) {
        if (!l.ready()) {
          waitingForBroker = true;
          return;
        }
      }
      if (!options.maxSpeed()) {
        long dueNanos = wallStartNanos
            + (long) ((sim.now() + options.batchInterval().toMillis() - simStartMs) * 1_000_000 / options.speed());
        long waitMs = (dueNanos - System.nanoTime()) / 1_000_000;
        if (waitMs > 0) {
          timer = vertx.setTimer(waitMs, t -> pump());
          return;
        }
      }
      sim.step(this::publish);
      logProgress();
    }
    context.runOnContext(v -> pump());
  }

  private void publish(SensorSpec sensor, long end, List<Sighting> sightings) {
    int i = sensor.index();
    links[i].publish(WireEncoder.batch(sensor.id(), seq[i]++, sightings));
  }

  private void brokerReady() {
    if (waitingForBroker && !stopping) {
      waitingForBroker = false;
      pump();
    }
  }

  private void logProgress() {
    if (sim.now() >= nextProgressMs) {
      nextProgressMs += HOUR_MS;
      LOG.info("simulated hour [site: {}, at: {}, people: {}, sightings: {}]", site.id(),
          Instant.ofEpochMilli(sim.now()), sim.stats().peopleNow(), sim.stats().sightings());
    }
  }

  /** Stops stepping, waits (a bounded time) for outstanding acknowledgements, disconnects, closes the truth. */
  private Future<Void> shutdown() {
    if (shutdown != null) {
      return shutdown;
    }
    stopping = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    shutdown = drainAll()
        .compose(v -> disconnectAll())
        .eventually(() -> closeSimulation())
        .onComplete(r -> finished.tryComplete());
    return shutdown;
  }

  private Future<Void> drainAll() {
    Promise<Void> done = Promise.promise();
    long guard = vertx.setTimer(DRAIN_TIMEOUT_MS, t -> done.tryComplete());
    Future.all(java.util.Arrays.stream(links).map(SensorLink::drain).toList())
        .onComplete(r -> {
          vertx.cancelTimer(guard);
          done.tryComplete();
        });
    return done.future();
  }

  private Future<Void> disconnectAll() {
    return Future.join(java.util.Arrays.stream(links).map(SensorLink::disconnect).toList()).mapEmpty();
  }

  private Future<Void> closeSimulation() {
    sim.close();
    long dropped = java.util.Arrays.stream(links).mapToLong(SensorLink::dropped).sum();
    LOG.info("simulator stopped [site: {}, at: {}, batches: {}, dropped: {}, truth: {}]", site.id(),
        Instant.ofEpochMilli(sim.now()), sim.stats().batches(), dropped,
        sim.truthDir() == null ? "none" : sim.truthDir());
    return Future.succeededFuture();
  }
}
