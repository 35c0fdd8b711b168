package io.footfall.jmh;

import io.footfall.analytics.AnalyticsSettings;
import io.footfall.analytics.SiteAnalytics;
import io.footfall.site.Site;
import io.footfall.site.SiteLoader;
import io.footfall.wire.SightingBatch;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Zone changes: the same 20 devices walk between two stores of the demo mall. One store's sensor hears them
 * strongly and the other's faintly, then the other way round, so each operation (two 20-sighting batches) moves all
 * 20 devices to another zone: 20 exits, 20 entries, 20 visits. Only these two sensors ever send, so event time
 * follows them and every batch is applied at once.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ZoneChangeBenchmark {

  private static final int BATCH = 20;
  private static final int[] STORE_SENSORS = {9, 10};
  private static final AnalyticsSettings SETTINGS =
      new AnalyticsSettings(0, 60_000, 10_000, 180_000, 60_000, 1_000, -85, -75, 15, 4, 5_000,
          AnalyticsSettings.DEFAULT_STAY_MARGIN_DB);

  private Site site;
  private SiteAnalytics analytics;
  private final long[] movers = new long[BATCH];
  private long ts = 1_732_874_400_000L;
  private long seq;
  private long op;

  @Setup
  public void place() {
    site = SiteLoader.loadResource("sites/demo-mall.yaml");
    analytics = new SiteAnalytics(site, SETTINGS);
    for (int i = 0; i < BATCH; i++) {
      movers[i] = (i + 1) * 0x9E3779B97F4A7C15L | 1;
    }
  }

  @Benchmark
  public boolean twentyZoneChanges() {
    int strong = STORE_SENSORS[(int) (op & 1)];
    int faint = STORE_SENSORS[(int) (++op & 1)];
    analytics.accept(batch(strong, -40));
    return analytics.accept(batch(faint, -80));
  }

  private SightingBatch batch(int s, int rssi) {
    long[] times = new long[BATCH];
    Arrays.fill(times, ++ts);
    short[] strength = new short[BATCH];
    Arrays.fill(strength, (short) rssi);
    int[] count = new int[BATCH];
    Arrays.fill(count, 1);
    return new SightingBatch(site.id(), site.sensors().get(s).id(), seq++, BATCH, movers, times, strength,
        new short[BATCH], new long[BATCH], new byte[BATCH], count, s, ts);
  }
}
