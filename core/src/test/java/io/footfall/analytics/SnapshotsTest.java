package io.footfall.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.site.Site;
import io.footfall.wire.SightingBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A snapshot carries the whole state of a site's analytics: the restored instance goes on exactly like the original. */
class SnapshotsTest {

  private static final int SENSORS = 4;
  private static final long BATCH_SPAN_MS = 2_000;

  @Test
  void restoredAnalyticsContinueExactlyLikeTheOriginal() {
    // GIVEN ten minutes of 200 wandering devices, cut in two halves
    List<SightingBatch> batches = wanderingDevices(new Random(11), 200, 10 * 60_000);
    List<SightingBatch> before = batches.subList(0, batches.size() / 2);
    List<SightingBatch> after = batches.subList(batches.size() / 2, batches.size());
    SiteAnalytics original = new SiteAnalytics(TestSite.site(), AnalyticsSettings.defaults());
    before.forEach(original::accept);
    original.tick(1_000);
    assertThat(original.devices()).isGreaterThan(50);

    // WHEN its snapshot is restored, and both go on with the same second half
    byte[] snapshot = original.snapshot();
    SiteAnalytics restored = SiteAnalytics.restore(TestSite.site(), AnalyticsSettings.defaults(), VisitListener.NONE,
        snapshot);
    assertThat(restored.occupancy()).containsExactly(original.occupancy());
    assertThat(restored.watermark()).isEqualTo(original.watermark());
    List<ZoneMinute> originalRows = finish(original, after);
    List<ZoneMinute> restoredRows = finish(restored, after);

    // THEN the results are identical: occupancy continuous, every minute's rollup the same
    assertThat(restoredRows).hasSizeGreaterThan(20).isEqualTo(originalRows);
    assertThat(restored.counters()).isEqualTo(original.counters());
    assertThat(restored.snapshot()).isEqualTo(original.snapshot());
    assertThat(snapshot.length).as("compact: well under 100 bytes per device")
        .isLessThan(200 * 100 + 64 * 1024);
  }

  @Test
  void aSnapshotOfAChangedSiteLayoutIsRefused() {
    SiteAnalytics analytics = new SiteAnalytics(TestSite.site(), AnalyticsSettings.defaults());
    wanderingDevices(new Random(3), 20, 60_000).forEach(analytics::accept);
    byte[] snapshot = analytics.snapshot();
    Site original = TestSite.site();
    Site reordered = new Site(original.id(), original.name(), original.timezone(), original.floors(),
        original.zones(), List.of(original.sensors().get(1), original.sensors().get(0), original.sensors().get(2),
        original.sensors().get(3)));

    assertThatThrownBy(() -> SiteAnalytics.restore(reordered, AnalyticsSettings.defaults(), VisitListener.NONE,
        snapshot)).isInstanceOf(InvalidSnapshotException.class).hasMessageContaining("changed");
  }

  @Test
  void damagedSnapshotsAreRefusedWithTheirOwnExceptionOnly() {
    SiteAnalytics analytics = new SiteAnalytics(TestSite.site(), AnalyticsSettings.defaults(),
        new SiteMetrics(TestSite.site(), MetricsSettings.defaults()).listener());
    wanderingDevices(new Random(5), 50, 3 * 60_000).forEach(analytics::accept);
    byte[] snapshot = analytics.snapshot();
    Random random = new Random(99);

    for (int i = 0; i < 300; i++) {
      byte[] damaged = i % 2 == 0
          ? Arrays.copyOf(snapshot, random.nextInt(snapshot.length))
          : flipped(snapshot, random);
      VisitListener listener = i % 3 == 0 ? VisitListener.NONE
          : new SiteMetrics(TestSite.site(), MetricsSettings.defaults()).listener();
      try {
        SiteAnalytics.restore(TestSite.site(), AnalyticsSettings.defaults(), listener, damaged);
      } catch (InvalidSnapshotException expected) {
        // refusing is fine; any other exception is not
      }
    }
    assertThatThrownBy(() -> SiteAnalytics.restore(TestSite.site(), AnalyticsSettings.defaults(), VisitListener.NONE,
        Arrays.copyOf(snapshot, snapshot.length / 2))).isInstanceOf(InvalidSnapshotException.class);
  }

  @Test
  void aSnapshotRefusedAfterItsMetricsWereReadLeavesTheMetricsEmpty() {
    SiteAnalytics analytics = new SiteAnalytics(TestSite.site(), AnalyticsSettings.defaults(),
        new SiteMetrics(TestSite.site(), MetricsSettings.defaults()).listener());
    wanderingDevices(new Random(5), 50, 3 * 60_000).forEach(analytics::accept);
    byte[] snapshot = analytics.snapshot();
    SiteMetrics whole = new SiteMetrics(TestSite.site(), MetricsSettings.defaults());
    SiteMetrics refused = new SiteMetrics(TestSite.site(), MetricsSettings.defaults());

    // WHEN a snapshot is read whole, and the same with one byte too many, refused only after the metrics were read
    SiteAnalytics.restore(TestSite.site(), AnalyticsSettings.defaults(), whole.listener(), snapshot);
    byte[] trailing = Arrays.copyOf(snapshot, snapshot.length + 1);
    assertThatThrownBy(() -> SiteAnalytics.restore(TestSite.site(), AnalyticsSettings.defaults(), refused.listener(),
        trailing)).isInstanceOf(InvalidSnapshotException.class).hasMessageContaining("trailing");

    // THEN the metrics of the refused one start afresh, as its analytics will, while the whole one has an open hour
    assertThat(whole.flushOpen().flows()).isNotEmpty();
    VisitMetrics afresh = refused.flushOpen();
    assertThat(afresh.flows()).isEmpty();
    assertThat(afresh.stores()).isEmpty();
  }

  private static byte[] flipped(byte[] snapshot, Random random) {
    byte[] copy = snapshot.clone();
    for (int k = 0; k < 3; k++) {
      copy[random.nextInt(copy.length)] ^= (byte) (1 << random.nextInt(8));
    }
    return copy;
  }

  private static List<ZoneMinute> finish(SiteAnalytics analytics, List<SightingBatch> rest) {
    List<ZoneMinute> rows = new ArrayList<>(analytics.drainFinishedMinutes());
    rest.forEach(analytics::accept);
    analytics.tick(2_000);
    analytics.tick(3_600_000);
    rows.addAll(analytics.drainFinishedMinutes());
    return rows;
  }

  /** Devices heard by every sensor, strongest by the one of their current home, batched per sensor every 2 s. */
  static List<SightingBatch> wanderingDevices(Random random, int devices, long durationMs) {
    int[] home = random.ints(devices, 0, SENSORS).toArray();
    long[] nextProbe = random.longs(devices, 0, 60_000).toArray();
    List<SightingBatch> out = new ArrayList<>();
    for (long start = 0; start < durationMs; start += BATCH_SPAN_MS) {
      List<TestSite.Batch> batches = new ArrayList<>();
      for (int s = 0; s < SENSORS; s++) {
        batches.add(new TestSite.Batch(s));
      }
      for (int d = 0; d < devices; d++) {
        while (nextProbe[d] < start + BATCH_SPAN_MS) {
          if (random.nextInt(10) == 0) {
            home[d] = random.nextInt(SENSORS);
          }
          for (int s = 0; s < SENSORS; s++) {
            batches.get(s).add(1000 + d, nextProbe[d], (s == home[d] ? -55 : -75) - random.nextInt(15), d % 3 == 0);
          }
          nextProbe[d] += 15_000 + random.nextInt(100_000);
        }
      }
      batches.forEach(b -> out.add(b.build()));
    }
    return out;
  }
}
