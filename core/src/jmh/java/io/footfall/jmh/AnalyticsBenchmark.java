package io.footfall.jmh;

import io.footfall.analytics.AnalyticsSettings;
import io.footfall.analytics.SiteAnalytics;
import io.footfall.site.Site;
import io.footfall.site.SiteLoader;
import io.footfall.wire.SightingBatch;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The analytics core's hot path on the demo mall with many devices present: a 20-sighting batch of random present
 * devices taken and applied (buffer, device lookup, RSSI smoothing, zone choice, rarely a zone change). Event time
 * moves 1 ms per batch with no allowed lateness, so every batch is applied at once.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class AnalyticsBenchmark {

  private static final int BATCH = 20;
  private static final AnalyticsSettings SETTINGS =
      new AnalyticsSettings(0, 60_000, 10_000, 180_000, 60_000, 1_000, -85, -75, 15, 4, 5_000,
          AnalyticsSettings.DEFAULT_STAY_MARGIN_DB);

  /** Devices present at the site. */
  @Param({"100000", "1000000"})
  int devices;

  private Site site;
  private SiteAnalytics analytics;
  private long[] population;
  private SplittableRandom random;
  private long ts;
  private long seq;
  private int sensor;

  @Setup
  public void populate() {
    site = SiteLoader.loadResource("sites/demo-mall.yaml");
    analytics = new SiteAnalytics(site, SETTINGS);
    random = new SplittableRandom(3);
    population = new long[devices];
    for (int i = 0; i < devices; i++) {
      population[i] = random.nextLong() | 1;
    }
    ts = 1_732_874_400_000L;
    for (int from = 0; from < devices; from += 1000) {
      long[] dev = Arrays.copyOfRange(population, from, Math.min(devices, from + 1000));
      analytics.accept(batch(nextSensor(), dev, -60));
    }
  }

  /** A batch of devices heard where they are: lookups and smoothing, rarely a zone change. */
  @Benchmark
  public boolean stayingDevices() {
    long[] dev = new long[BATCH];
    for (int i = 0; i < BATCH; i++) {
      dev[i] = population[random.nextInt(devices)];
    }
    return analytics.accept(batch(nextSensor(), dev, -60));
  }

  private int nextSensor() {
    sensor = sensor + 1 == site.sensors().size() ? 0 : sensor + 1;
    return sensor;
  }

  private SightingBatch batch(int s, long[] dev, int rssi) {
    ts++;
    return batchAt(s, dev, rssi);
  }

  private SightingBatch batchAt(int s, long[] dev, int rssi) {
    int n = dev.length;
    long[] times = new long[n];
    Arrays.fill(times, ++ts);
    short[] strength = new short[n];
    Arrays.fill(strength, (short) rssi);
    int[] count = new int[n];
    Arrays.fill(count, 1);
    return new SightingBatch(site.id(), site.sensors().get(s).id(), seq++, n, dev, times, strength, new short[n],
        new long[n], new byte[n], count, s, ts);
  }
}
