package io.footfall.sim;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * How to run a simulation: where to publish, how fast, from when, for how long, and with which model.
 * Build one from {@link #defaults()} or {@link #demo(String, int)} and adjust it with the {@code with*} methods.
 *
 * @param host          MQTT broker host
 * @param port          MQTT broker port
 * @param password      password of every sensor not listed in {@code passwords}
 * @param passwords     per-sensor passwords by sensor id
 * @param speed         simulated seconds per wall-clock second; {@link #MAX_SPEED} for as fast as the broker acks
 * @param seed          the same seed, site, scenario and start give the same people, sightings and truth
 * @param start         simulated instant of the first batch
 * @param duration      simulated run length; null runs until stopped
 * @param truthDir      where ground truth files go; null writes none
 * @param scenario      model parameters
 * @param qos           MQTT QoS of sighting publishes, 0 or 1
 * @param batchInterval simulated time covered by one batch of one sensor
 * @param warmStart     start with the people who would be in the mall at {@code start} (simulated from 4 h before)
 * @param alwaysOpen    the mall never closes: outside opening hours a floor of
 *                      {@link Scenario#offHoursVisitorsPerHour()} keeps arriving (the demo)
 * @param maxInflight   unacknowledged QoS 1 publishes allowed per sensor connection
 */
public record SimOptions(String host, int port, String password, Map<String, String> passwords, double speed,
                         long seed, Instant start, Duration duration, Path truthDir, Scenario scenario, int qos,
                         Duration batchInterval, boolean warmStart, boolean alwaysOpen, int maxInflight) {

  /** {@link #speed} of a run that goes as fast as the MQTT connections accept. */
  public static final double MAX_SPEED = Double.POSITIVE_INFINITY;
  public static final String DEMO_PASSWORD = "demo";
  public static final long DEMO_SEED = 20_241_129L;

  public SimOptions {
    passwords = Map.copyOf(passwords);
    if (!(speed > 0)) {
      throw new IllegalArgumentException("speed must be positive, got " + speed);
    }
    if (qos != 0 && qos != 1) {
      throw new IllegalArgumentException("qos must be 0 or 1, got " + qos);
    }
    if (batchInterval.toMillis() < 100) {
      throw new IllegalArgumentException("batch interval must be at least 100 ms, got " + batchInterval);
    }
    if (maxInflight < 1) {
      throw new IllegalArgumentException("maxInflight must be positive, got " + maxInflight);
    }
    if (duration != null && (duration.isZero() || duration.isNegative())) {
      throw new IllegalArgumentException("duration must be positive, got " + duration);
    }
  }

  /** A 12-hour day from now at real-time speed against localhost:1883 with the default scenario, no truth. */
  /**
   * Unacknowledged publishes per sensor by default: with the demo's 32 sensors that is 128 batches in the engine's
   * hands at most, under a node's {@code mqtt.maxInFlightBatches} (256), so a run at full speed is slowed by the
   * acknowledgements instead of being shed as overload.
   */
  public static final int DEFAULT_MAX_INFLIGHT = 4;

  public static SimOptions defaults() {
    Scenario scenario = Scenario.defaults();
    return new SimOptions("localhost", 1883, DEMO_PASSWORD, Map.of(), 1.0, 1L, Instant.now(),
        scenario.runDuration(), null, scenario, 1, Duration.ofSeconds(1), false, false, DEFAULT_MAX_INFLIGHT);
  }

  /** How far before now a demo starts publishing: the dashboard opens on a mall whose phones were all heard. */
  public static final Duration DEMO_PRE_ROLL = Duration.ofMinutes(3);

  /**
   * What {@code footfall demo} runs: real time, forever, starting with the steady-state crowd of the time of day
   * and the last {@link #DEMO_PRE_ROLL} of their probes caught up at once, in a mall that never closes, publishing
   * with the demo password and no ground truth.
   */
  public static SimOptions demo(String host, int port) {
    return defaults().withServer(host, port).withSeed(DEMO_SEED).withStart(Instant.now().minus(DEMO_PRE_ROLL))
        .withDuration(null)
        .withWarmStart(true).withAlwaysOpen(true);
  }

  public String passwordFor(String sensorId) {
    return passwords.getOrDefault(sensorId, password);
  }

  public boolean maxSpeed() {
    return speed == MAX_SPEED;
  }

  public SimOptions withServer(String newHost, int newPort) {
    return new SimOptions(newHost, newPort, password, passwords, speed, seed, start, duration, truthDir, scenario,
        qos, batchInterval, warmStart, alwaysOpen, maxInflight);
  }

  public SimOptions withPasswords(String defaultPassword, Map<String, String> perSensor) {
    return new SimOptions(host, port, defaultPassword, perSensor, speed, seed, start, duration, truthDir, scenario,
        qos, batchInterval, warmStart, alwaysOpen, maxInflight);
  }

  public SimOptions withSpeed(double newSpeed) {
    return new SimOptions(host, port, password, passwords, newSpeed, seed, start, duration, truthDir, scenario,
        qos, batchInterval, warmStart, alwaysOpen, maxInflight);
  }

  public SimOptions withSeed(long newSeed) {
    return new SimOptions(host, port, password, passwords, speed, newSeed, start, duration, truthDir, scenario,
        qos, batchInterval, warmStart, alwaysOpen, maxInflight);
  }

  public SimOptions withStart(Instant newStart) {
    return new SimOptions(host, port, password, passwords, speed, seed, newStart, duration, truthDir, scenario,
        qos, batchInterval, warmStart, alwaysOpen, maxInflight);
  }

  /** @param newDuration null to run until stopped */
  public SimOptions withDuration(Duration newDuration) {
    return new SimOptions(host, port, password, passwords, speed, seed, start, newDuration, truthDir, scenario,
        qos, batchInterval, warmStart, alwaysOpen, maxInflight);
  }

  /** @param dir null to write no ground truth */
  public SimOptions withTruthDir(Path dir) {
    return new SimOptions(host, port, password, passwords, speed, seed, start, duration, dir, scenario,
        qos, batchInterval, warmStart, alwaysOpen, maxInflight);
  }

  public SimOptions withScenario(Scenario newScenario) {
    return new SimOptions(host, port, password, passwords, speed, seed, start, duration, truthDir, newScenario,
        qos, batchInterval, warmStart, alwaysOpen, maxInflight);
  }

  public SimOptions withQos(int newQos) {
    return new SimOptions(host, port, password, passwords, speed, seed, start, duration, truthDir, scenario,
        newQos, batchInterval, warmStart, alwaysOpen, maxInflight);
  }

  public SimOptions withBatchInterval(Duration interval) {
    return new SimOptions(host, port, password, passwords, speed, seed, start, duration, truthDir, scenario,
        qos, interval, warmStart, alwaysOpen, maxInflight);
  }

  public SimOptions withWarmStart(boolean warm) {
    return new SimOptions(host, port, password, passwords, speed, seed, start, duration, truthDir, scenario,
        qos, batchInterval, warm, alwaysOpen, maxInflight);
  }

  public SimOptions withAlwaysOpen(boolean open) {
    return new SimOptions(host, port, password, passwords, speed, seed, start, duration, truthDir, scenario,
        qos, batchInterval, warmStart, open, maxInflight);
  }

  public SimOptions withMaxInflight(int inflight) {
    return new SimOptions(host, port, password, passwords, speed, seed, start, duration, truthDir, scenario,
        qos, batchInterval, warmStart, alwaysOpen, inflight);
  }
}
