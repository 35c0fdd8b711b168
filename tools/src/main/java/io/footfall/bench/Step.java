package io.footfall.bench;

import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/**
 * One load step against one target: run the generator at a rate for a while, stop it, let what is in flight
 * arrive, and judge the step. A step is sustained when at least {@code minDelivered} of the scheduled sightings
 * arrived (99.9% by default) and the p99 latency stayed within {@code maxP99Ms} (50 ms by default).
 *
 * @param rate              target sightings per second
 * @param sentPerSec        sightings per second actually sent
 * @param deliveredPerSec   sightings per second that arrived
 * @param deliveredRatio    arrived and not dropped as late by the engine, over scheduled (skipped publishes count
 *                          as scheduled and lost)
 * @param late              sightings the engine dropped as late during the step
 * @param latencyMicros     schedule to arrival
 * @param lagMicros         how late the generator sent against its schedule
 * @param cpuSecPerMillion  CPU seconds of this process (plus the broker's, for a broker) per million sightings
 */
record Step(double rate, double sentPerSec, double deliveredPerSec, double publishesPerSec, long skipped, long late,
            double deliveredRatio, Histogram latencyMicros, Histogram lagMicros, double cpuSecPerMillion,
            double minDelivered, double maxP99Ms) {
  /** A generator this late at p99 measures itself more than the target. */
  static final double GENERATOR_LAG_MS = 20;

  boolean sustained() {
    return deliveredRatio >= minDelivered && p99Ms() <= maxP99Ms;
  }

  double p99Ms() {
    return ms(latencyMicros, 99);
  }

  String verdict() {
    if (sustained()) {
      return lagMs(99) > GENERATOR_LAG_MS ? "ok (generator late)" : "ok";
    }
    String why = deliveredRatio < minDelivered ? String.format("delivered %.2f%%", deliveredRatio * 100)
        : String.format("p99 %.1f ms", p99Ms());
    return lagMs(99) > GENERATOR_LAG_MS ? why + ", generator late" : why;
  }

  double lagMs(double percentile) {
    return ms(lagMicros, percentile);
  }

  static double ms(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
  }

  /** Runs one step. */
  static Step run(LoadGenerator generator, Delivery delivery, double rate, BenchOptions options, int seconds,
                  LongSupplier extraCpuNanos, LongSupplier lateSightings) throws InterruptedException {
    generator.takeCounts();
    delivery.takeLatency();
    long publishes0 = delivery.publishes();
    long sightings0 = delivery.sightings();
    long cpu0 = cpuNanos() + extraCpuNanos.getAsLong();
    long late0 = lateSightings.getAsLong();
    long start = System.nanoTime();
    generator.rate(rate);
    Thread.sleep(seconds * 1000L);
    generator.rate(0);
    double elapsed = (System.nanoTime() - start) / 1e9;
    awaitQuiet(delivery);
    LoadLane.Counts sent = generator.takeCounts();
    long deliveredPublishes = delivery.publishes() - publishes0;
    long deliveredSightings = delivery.sightings() - sightings0;
    double cpu = (cpuNanos() + extraCpuNanos.getAsLong() - cpu0) / 1e9;
    long late = lateSightings.getAsLong() - late0;
    long scheduled = (sent.publishes() + sent.skipped()) * options.batchSize();
    return new Step(rate, sent.sightings() / elapsed, deliveredSightings / elapsed, deliveredPublishes / elapsed,
        sent.skipped(), late, scheduled == 0 ? 0 : Math.min(1.0, (deliveredSightings - late) / (double) scheduled),
        delivery.takeLatency(), sent.lagMicros(),
        deliveredSightings == 0 ? Double.NaN : cpu / (deliveredSightings / 1e6), options.minDeliveredPercent() / 100,
        options.maxP99Ms());
  }

  /** Waits until nothing arrived for 300 ms (at most 5 s), so in-flight batches count for their step. */
  private static void awaitQuiet(Delivery delivery) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    long last = -1;
    while (System.nanoTime() < deadline) {
      long now = delivery.publishes();
      if (now == last) {
        return;
      }
      last = now;
      Thread.sleep(300);
    }
  }

  static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }
}
