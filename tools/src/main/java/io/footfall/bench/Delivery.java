package io.footfall.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One clock for a whole run: when each batch was scheduled (by sensor and seq) and when it arrived at the far
 * end (footfall's engine, or the broker's subscriber), so latency is measured in one JVM with
 * {@link System#nanoTime()}. Latency counts from the scheduled instant, not the actual send, so that a generator
 * falling behind shows up as latency instead of hiding it (no coordinated omission). Thread-safe.
 */
final class Delivery {

  /** Batches of one sensor that may be in flight before their send times are overwritten. */
  private static final int WINDOW = 1 << 13;
  private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(5);

  private final int sensors;
  private final AtomicLongArray scheduledAt;
  private final LongAdder publishes = new LongAdder();
  private final LongAdder sightings = new LongAdder();
  private final LongAdder unmatched = new LongAdder();
  private final Recorder latency = new Recorder(HIGHEST_MICROS, 3);

  Delivery(int sensors) {
    this.sensors = sensors;
    this.scheduledAt = new AtomicLongArray(sensors * WINDOW);
  }

  void scheduled(int sensor, long seq, long nanos) {
    scheduledAt.lazySet(sensor * WINDOW + (int) (seq & (WINDOW - 1)), nanos);
  }

  /** A batch arrived; batches of sensors outside the load (the probe's) are ignored. */
  void arrived(int sensor, long seq, int batchSightings) {
    if (sensor < 0 || sensor >= sensors) {
      return;
    }
    long now = System.nanoTime();
    publishes.increment();
    sightings.add(batchSightings);
    long at = scheduledAt.get(sensor * WINDOW + (int) (seq & (WINDOW - 1)));
    if (at == 0) {
      unmatched.increment();
      return;
    }
    latency.recordValue(Math.max(0, Math.min(HIGHEST_MICROS, (now - at) / 1000)));
  }

  long publishes() {
    return publishes.sum();
  }

  long sightings() {
    return sightings.sum();
  }

  /** Latency in microseconds since the previous call. */
  Histogram takeLatency() {
    return latency.getIntervalHistogram();
  }
}
