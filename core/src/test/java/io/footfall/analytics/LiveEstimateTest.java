package io.footfall.analytics;

import static io.footfall.analytics.TestSite.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.wire.SightingBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The live estimate of present devices is kept up to date as devices arrive, move, rotate their MACs, are linked,
 * unlinked, forgotten and leave, instead of being counted by a scan of every present device. A snapshot holds no
 * tallies, so a restored site counts its devices from scratch: the two must agree at every step.
 */
class LiveEstimateTest {

  private static final int SENSORS = 4;
  private static final long BATCH_SPAN_MS = 2_000;

  @Property(tries = 60)
  void theEstimateKeptAsDevicesMoveEqualsACountFromScratch(@ForAll long seed,
                                                           @ForAll @IntRange(min = 1, max = 40) int phones,
                                                           @ForAll @IntRange(min = 10, max = 400) int spans) {
    SiteAnalytics analytics = new SiteAnalytics(TestSite.site(), AnalyticsSettings.defaults());
    List<SightingBatch> batches = crowd(new Random(seed), phones, spans);

    for (int i = 0; i < batches.size(); i++) {
      analytics.accept(batches.get(i));
      if (i % 3 == 0) {
        assertThat(analytics.liveEstimate()).as("after batch %d", i).isEqualTo(countedFromScratch(analytics));
      }
    }
    // and once everyone has left
    analytics.tick(T0 + spans * BATCH_SPAN_MS + 3_600_000);
    assertThat(analytics.liveEstimate()).isEqualTo(countedFromScratch(analytics));
  }

  @Test
  void aPhoneRotatingItsMacWhilePresentStaysOneLiveDevice() {
    SiteAnalytics analytics = new SiteAnalytics(TestSite.site(), AnalyticsSettings.defaults());
    // GIVEN MAC 1 heard in zone A, then the same phone under MAC 2 continuing its sequence numbers 20 s later
    analytics.accept(new TestSite.Batch(0).probe(1, 0, -50, 100, 0xF1).build(1, T0 + 100));
    analytics.accept(new TestSite.Batch(0).probe(2, 20_000, -50, 104, 0xF1).build(2, T0 + 20_100));
    // WHEN event time passes the second burst
    analytics.accept(new TestSite.Batch(0).add(99, 24_000, -120).build(3, T0 + 24_100));

    DeviceEstimate site = analytics.liveEstimate().stream()
        .filter(e -> e.zone().equals(DeviceEstimate.SITE)).findFirst().orElseThrow();
    // THEN the new MAC took the old one's place: one MAC present, one estimated device
    assertThat(site.randomMacs()).isEqualTo(1);
    assertThat(site.estimatedDevices()).isEqualTo(1);
  }

  private static List<DeviceEstimate> countedFromScratch(SiteAnalytics analytics) {
    return SiteAnalytics.restore(TestSite.site(), AnalyticsSettings.defaults(), VisitListener.NONE,
        analytics.snapshot()).liveEstimate();
  }

  /**
   * Phones of three models (a fingerprint each) near a home sensor, moving now and then, rotating their MACs every
   * few bursts, sometimes heard under an old MAC again (two phones of one model, an undone link), falling silent
   * for minutes (they leave and their records are forgotten) and a few with fixed addresses; batched per sensor.
   */
  private static List<SightingBatch> crowd(Random random, int phones, int spans) {
    int[] home = random.ints(phones, 0, SENSORS).toArray();
    long[] mac = new long[phones];
    long[] oldMac = new long[phones];
    int[] sn = random.ints(phones, 0, 4096).toArray();
    long[] next = random.longs(phones, 0, 30_000).toArray();
    boolean[] fixed = new boolean[phones];
    long nextMac = 1000;
    for (int p = 0; p < phones; p++) {
      mac[p] = nextMac++;
      fixed[p] = random.nextInt(5) == 0;
    }
    List<SightingBatch> batches = new ArrayList<>();
    long[] seq = new long[SENSORS];
    for (int span = 0; span < spans; span++) {
      long start = span * BATCH_SPAN_MS;
      List<TestSite.Batch> perSensor = new ArrayList<>();
      for (int s = 0; s < SENSORS; s++) {
        perSensor.add(new TestSite.Batch(s));
      }
      for (int p = 0; p < phones; p++) {
        while (next[p] < start + BATCH_SPAN_MS) {
          if (random.nextInt(8) == 0) {
            home[p] = random.nextInt(SENSORS);
          }
          long device = mac[p];
          if (!fixed[p] && random.nextInt(4) == 0) {
            oldMac[p] = mac[p];
            mac[p] = nextMac++;
            device = mac[p];
          } else if (!fixed[p] && oldMac[p] != 0 && random.nextInt(10) == 0) {
            device = oldMac[p];
          }
          sn[p] = (sn[p] + 1 + random.nextInt(20)) & 0xfff;
          for (int s = 0; s < SENSORS; s++) {
            int rssi = (s == home[p] ? -50 : -75) - random.nextInt(10);
            if (fixed[p]) {
              perSensor.get(s).add(device, next[p], rssi);
            } else {
              perSensor.get(s).probe(device, next[p], rssi, sn[p], 0xF0 + p % 3);
            }
          }
          next[p] += random.nextInt(6) == 0 ? 200_000 + random.nextInt(300_000) : 5_000 + random.nextInt(40_000);
        }
      }
      for (int s = 0; s < SENSORS; s++) {
        // a heartbeat below the floor keeps every sensor's frontier moving
        perSensor.get(s).add(TestSite.Feed.CLOCK_DEVICE, start + BATCH_SPAN_MS - 1, -120);
        batches.add(perSensor.get(s).build(++seq[s], T0 + start + BATCH_SPAN_MS));
      }
    }
    return batches;
  }
}
