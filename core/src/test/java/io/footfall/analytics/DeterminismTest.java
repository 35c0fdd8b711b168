package io.footfall.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.wire.SightingBatch;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DeterminismTest {

  private static final int SENSORS = 4;
  private static final long BATCH_SPAN_MS = 2_000;
  private static final long DURATION_MS = 10 * 60_000;

  /** One sensor's batch and when it reaches the engine. */
  private record Arrival(int sensor, int index, long at, SightingBatch batch) {
  }

  @Test
  void sameSightingsInShuffledArrivalOrderGiveIdenticalResults() {
    List<List<SightingBatch>> perSensor = syntheticSightings(new Random(7));

    Outcome inOrder = run(arrivalOrder(perSensor, new Random(1), 0));
    Outcome shuffled = run(arrivalOrder(perSensor, new Random(2), 3_000));
    Outcome shuffledAgain = run(arrivalOrder(perSensor, new Random(3), 3_000));

    assertThat(inOrder.rows).hasSizeGreaterThan(30);
    assertThat(inOrder.counters.late()).isZero();
    assertThat(shuffled).isEqualTo(inOrder);
    assertThat(shuffledAgain).isEqualTo(inOrder);
  }

  private record Outcome(List<ZoneMinute> rows, List<Integer> occupancyBeforeQuiet, AnalyticsCounters counters,
                         List<String> transitions) {
  }

  private static Outcome run(List<SightingBatch> arrivals) {
    RecordingListener listener = new RecordingListener();
    SiteAnalytics analytics = new SiteAnalytics(TestSite.site(), AnalyticsSettings.defaults(), listener);
    arrivals.forEach(analytics::accept);
    List<Integer> occupancy = boxed(analytics.occupancy());
    analytics.tick(0);
    analytics.tick(3_600_000);
    List<ZoneMinute> rows = new ArrayList<>(analytics.drainFinishedMinutes());
    listener.transitions.sort(Comparator.naturalOrder());
    return new Outcome(rows, occupancy, analytics.counters(), listener.transitions);
  }

  /**
   * 300 devices wandering between zones for ten minutes, each heard by two or three sensors at a time, batched per
   * sensor every two seconds.
   */
  private static List<List<SightingBatch>> syntheticSightings(Random random) {
    List<List<SightingBatch>> perSensor = new ArrayList<>();
    for (int s = 0; s < SENSORS; s++) {
      perSensor.add(new ArrayList<>());
    }
    int[] home = random.ints(300, 0, SENSORS).toArray();
    long[] nextProbe = random.longs(300, 0, 60_000).toArray();
    for (long start = 0; start < DURATION_MS; start += BATCH_SPAN_MS) {
      List<TestSite.Batch> batches = new ArrayList<>();
      for (int s = 0; s < SENSORS; s++) {
        batches.add(new TestSite.Batch(s));
      }
      for (int d = 0; d < home.length; d++) {
        while (nextProbe[d] < start + BATCH_SPAN_MS) {
          if (random.nextInt(10) == 0) {
            home[d] = random.nextInt(SENSORS);
          }
          for (int s = 0; s < SENSORS; s++) {
            int rssi = (s == home[d] ? -55 : -75) - random.nextInt(15);
            batches.get(s).add(1000 + d, nextProbe[d], rssi, d % 3 == 0);
          }
          nextProbe[d] += 15_000 + random.nextInt(100_000);
        }
      }
      for (int s = 0; s < SENSORS; s++) {
        perSensor.get(s).add(batches.get(s).build());
      }
    }
    return perSensor;
  }

  /**
   * Interleaves the sensors' batches as if each were delayed by up to {@code maxDelayMs} (less than the allowed
   * lateness), keeping each sensor's own batches in order as MQTT does.
   */
  private static List<SightingBatch> arrivalOrder(List<List<SightingBatch>> perSensor, Random random, long maxDelayMs) {
    List<Arrival> arrivals = new ArrayList<>();
    for (int s = 0; s < perSensor.size(); s++) {
      long previous = Long.MIN_VALUE;
      for (int i = 0; i < perSensor.get(s).size(); i++) {
        long at = Math.max(previous, (i + 1) * BATCH_SPAN_MS + (maxDelayMs == 0 ? 0 : random.nextLong(maxDelayMs)));
        arrivals.add(new Arrival(s, i, at, perSensor.get(s).get(i)));
        previous = at;
      }
    }
    arrivals.sort(Comparator.comparingLong(Arrival::at).thenComparingInt(Arrival::index)
        .thenComparingInt(a -> maxDelayMs == 0 ? a.sensor() : -a.sensor()));
    return arrivals.stream().map(Arrival::batch).toList();
  }

  private static List<Integer> boxed(int[] values) {
    return java.util.Arrays.stream(values).boxed().toList();
  }
}
