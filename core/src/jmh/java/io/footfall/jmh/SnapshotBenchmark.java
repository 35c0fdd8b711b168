package io.footfall.jmh;

import io.footfall.analytics.AnalyticsSettings;
import io.footfall.analytics.MetricsSettings;
import io.footfall.analytics.SiteAnalytics;
import io.footfall.analytics.SiteMetrics;
import io.footfall.analytics.VisitListener;
import io.footfall.site.Site;
import io.footfall.site.SiteLoader;
import io.footfall.wire.SightingBatch;
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
 * A site's snapshot, which the engine takes on its event loop every {@code engine.snapshotIntervalMs} (every
 * {@code cluster.snapshotIntervalMs} on a cluster): {@code devices} present in the demo mall, each heard in three
 * bursts, with the visitor and flow metrics attached ({@code metrics} = true, as the engine runs) or not.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
public class SnapshotBenchmark {

  private static final int PER_BATCH = 2_000;

  @Param({"200000"})
  int devices;

  @Param({"false", "true"})
  boolean metrics;

  private SiteAnalytics analytics;

  @Setup
  public void fill() {
    Site site = SiteLoader.loadResource("sites/demo-mall.yaml");
    VisitListener listener = metrics ? new SiteMetrics(site, MetricsSettings.defaults()).listener() : VisitListener.NONE;
    analytics = new SiteAnalytics(site, AnalyticsSettings.defaults(), listener);
    int sensors = site.sensors().size();
    long t0 = 1_741_078_800_000L;
    for (int burst = 0; burst < 3; burst++) {
      for (int first = 0; first < devices; first += PER_BATCH) {
        int n = Math.min(PER_BATCH, devices - first);
        long[] dev = new long[n];
        long[] ts = new long[n];
        short[] sn = new short[n];
        long[] fp = new long[n];
        int[] counts = new int[n];
        for (int i = 0; i < n; i++) {
          dev[i] = 0x1000L + first + i;
          ts[i] = t0 + burst * 40_000L + first / 50;
          sn[i] = SightingBatch.NO_SN;
          fp[i] = SightingBatch.NO_FP;
          counts[i] = 1;
        }
        for (int s = 0; s < sensors; s++) {
          short[] rssi = new short[n];
          for (int i = 0; i < n; i++) {
            rssi[i] = (short) ((first + i) % sensors == s ? -55 : -120);
          }
          analytics.accept(new SightingBatch(site.id(), site.sensors().get(s).id(), 0, n, dev, ts, rssi, sn, fp,
              new byte[n], counts, null, s, 0));
        }
      }
    }
  }

  @Benchmark
  public byte[] snapshot() {
    return analytics.snapshot();
  }
}
