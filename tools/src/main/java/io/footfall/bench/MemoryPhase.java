package io.footfall.bench;

import io.footfall.analytics.AnalyticsSettings;
import io.footfall.analytics.SiteAnalytics;
import io.footfall.site.Site;
import io.footfall.wire.SightingBatch;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Heap per active device: a site's analytics fed directly (no MQTT, so a million devices take seconds, not
 * minutes) with one sighting of each of {@code devices} distinct phones spread over the site's sensors and 100 s of
 * event time (less than the absence timeout, so none expires); then the heap in use after a full GC, against the same before, and
 * the analytics' own estimate ({@link SiteAnalytics#bytesPerDevice()}).
 */
final class MemoryPhase {

  private static final int BATCH = 1000;

  /**
   * @param heapBytesPerDevice heap growth after a full GC per device, including free slots of the device table; NaN
   *                           when the growth is lost in the noise of the rest of the heap (a few thousand devices)
   */
  record Result(int devices, double heapBytesPerDevice, double engineBytesPerDevice) {
  }

  private MemoryPhase() {
  }

  static Result run(Site site, int devices) {
    long before = usedAfterGc();
    SiteAnalytics analytics = new SiteAnalytics(site, AnalyticsSettings.defaults());
    feed(analytics, site.sensors().size(), devices);
    long after = usedAfterGc();
    double perDevice = growthPer(before, after, analytics.devices());
    Result result = new Result(analytics.devices(), perDevice, analytics.bytesPerDevice());
    java.lang.ref.Reference.reachabilityFence(analytics);
    return result;
  }

  private static void feed(SiteAnalytics analytics, int sensors, int devices) {
    SplittableRandom random = new SplittableRandom(7);
    long t0 = System.currentTimeMillis() - 200_000;
    int batches = (devices + BATCH - 1) / BATCH;
    for (int b = 0; b < batches; b++) {
      int n = Math.min(BATCH, devices - b * BATCH);
      long[] dev = new long[n];
      for (int i = 0; i < n; i++) {
        long k = random.nextLong();
        dev[i] = k == 0 ? 1 : k;
      }
      long ts = t0 + (b * 100_000L) / batches;
      analytics.accept(batch(b % sensors, b, dev, ts));
    }
    // every sensor reports a later time, so the watermark passes all the sightings above and applies them
    for (int s = 0; s < sensors; s++) {
      analytics.accept(batch(s, batches + s, new long[] {0x7fffffffffffff01L}, t0 + 120_000));
    }
  }

  private static SightingBatch batch(int sensor, long seq, long[] dev, long ts) {
    int n = dev.length;
    long[] times = new long[n];
    Arrays.fill(times, ts);
    short[] rssi = new short[n];
    Arrays.fill(rssi, (short) -60);
    short[] sn = new short[n];
    return new SightingBatch(SyntheticSite.ID, SyntheticSite.loadSensorId(sensor), seq, n, dev, times, rssi, sn,
        new long[n], new byte[n], ones(n), sensor, ts);
  }

  private static int[] ones(int n) {
    int[] counts = new int[n];
    Arrays.fill(counts, 1);
    return counts;
  }

  /**
   * Heap growth per item between two {@link #usedAfterGc} readings, or NaN when there are no items or the growth is
   * lost in the noise of the rest of the heap (not positive): left out rather than made up.
   */
  static double growthPer(long before, long after, long items) {
    return items <= 0 || after <= before ? Double.NaN : (after - before) / (double) items;
  }

  static long usedAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
