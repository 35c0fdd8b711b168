package io.footfall.ingest;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the MQTT ingest accepted and refused, per sensor and per reason, so that an operator can see which
 * sensor sends bad data and why. Updated per batch, never per sighting.
 */
public final class IngestCounters {

  /**
   * Counters of one sensor (keyed {@code site/sensor}; before login {@code ?/sensorId} for a sensor of the site files,
   * {@code ?/} for anyone else).
   */
  public static final class SensorStats {
    final LongAdder batches = new LongAdder();
    final LongAdder sightings = new LongAdder();
    final Map<String, LongAdder> rejected = new ConcurrentHashMap<>();
    volatile long lastAcceptedAt;
    volatile String lastReason;

    public long batches() {
      return batches.sum();
    }

    public long sightings() {
      return sightings.sum();
    }

    public long rejected(String reason) {
      LongAdder n = rejected.get(reason);
      return n == null ? 0 : n.sum();
    }

    public long rejectedTotal() {
      return rejected.values().stream().mapToLong(LongAdder::sum).sum();
    }

    JsonObject toJson() {
      JsonObject reasons = new JsonObject();
      rejected.forEach((reason, n) -> reasons.put(reason, n.sum()));
      return new JsonObject()
          .put("batches", batches())
          .put("sightings", sightings())
          .put("rejected", reasons)
          .put("lastAcceptedAt", lastAcceptedAt == 0 ? null : lastAcceptedAt)
          .put("lastReason", lastReason);
    }
  }

  private final Map<String, SensorStats> sensors = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> rejectedByReason = new ConcurrentHashMap<>();
  private final LongAdder accepted = new LongAdder();
  private final Map<String, LongAdder> acceptedBySource = new ConcurrentHashMap<>();

  /**
   * What this node counted for one sensor ({@code site/sensor}): {@code batches}, {@code sightings}, {@code rejected}
   * by reason, {@code lastAcceptedAt} and {@code lastReason}; null if it has not heard from it.
   */
  public JsonObject sensorJson(String key) {
    SensorStats stats = sensors.get(key);
    return stats == null ? null : stats.toJson();
  }

  public SensorStats sensor(String key) {
    return sensors.computeIfAbsent(key, k -> new SensorStats());
  }

  void accepted(String key, int sightings, long at) {
    SensorStats s = sensor(key);
    s.batches.increment();
    s.sightings.add(sightings);
    s.lastAcceptedAt = at;
    accepted.add(sightings);
  }

  void rejected(String key, String reason) {
    dropped(key, reason, 1);
  }

  /** Counts {@code n} refused items under one reason (a batch, or sightings of a batch: {@code opted-out}). */
  void dropped(String key, String reason, int n) {
    SensorStats s = sensor(key);
    s.rejected.computeIfAbsent(reason, r -> new LongAdder()).add(n);
    s.lastReason = reason;
    rejectedByReason.computeIfAbsent(reason, r -> new LongAdder()).add(n);
  }

  public long rejected(String reason) {
    LongAdder n = rejectedByReason.get(reason);
    return n == null ? 0 : n.sum();
  }

  void acceptedFrom(String source, int sightings) {
    acceptedBySource.computeIfAbsent(source, k -> new LongAdder()).add(sightings);
  }

  /** Sightings accepted per source ({@code mqtt}, {@code broker}, {@code meraki}), for metrics. */
  public Map<String, Long> acceptedSightingsBySource() {
    Map<String, Long> out = new TreeMap<>();
    acceptedBySource.forEach((source, n) -> out.put(source, n.sum()));
    return out;
  }

  /** Refusals per reason, for metrics. */
  public Map<String, Long> rejectedByReason() {
    Map<String, Long> out = new TreeMap<>();
    rejectedByReason.forEach((reason, n) -> out.put(reason, n.sum()));
    return out;
  }

  public long acceptedSightings() {
    return accepted.sum();
  }

  public JsonObject toJson() {
    JsonObject reasons = new JsonObject();
    rejectedByReason.forEach((reason, n) -> reasons.put(reason, n.sum()));
    JsonObject perSensor = new JsonObject();
    sensors.forEach((key, stats) -> perSensor.put(key, stats.toJson()));
    return new JsonObject().put("acceptedSightings", acceptedSightings()).put("rejected", reasons).put("sensors", perSensor);
  }
}
