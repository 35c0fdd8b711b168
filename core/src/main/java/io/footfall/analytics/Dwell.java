package io.footfall.analytics;

import java.util.Arrays;
import java.util.List;

/**
 * Dwell-time binning shared by the analytics (which count visits into bins) and the readers (which add bins of
 * many minutes up and derive the median and the mean).
 */
public final class Dwell {

  /** Fine bins are whole minutes 0-359; this one holds every dwell of 6 h or more. */
  public static final int OVERFLOW_BIN = 360;
  public static final int FINE_BINS = OVERFLOW_BIN + 1;
  /** Names of the industry buckets, in the order of {@link StoreMinute#dwellBuckets()}. */
  public static final List<String> BUCKETS = List.of("under5m", "5to20m", "20to60m", "1to6h", "over6h");
  private static final long MINUTE_MS = 60_000;
  private static final long[] BUCKET_ENDS_MIN = {5, 20, 60, 360};

  private Dwell() {
  }

  /** Index into {@link #BUCKETS} of a dwell time. */
  public static int bucket(long dwellMs) {
    for (int b = 0; b < BUCKET_ENDS_MIN.length; b++) {
      if (dwellMs < BUCKET_ENDS_MIN[b] * MINUTE_MS) {
        return b;
      }
    }
    return BUCKET_ENDS_MIN.length;
  }

  /** Fine bin of a dwell time: its whole minutes, capped at {@link #OVERFLOW_BIN}. */
  public static int bin(long dwellMs) {
    return (int) Math.min(Math.max(dwellMs, 0) / MINUTE_MS, OVERFLOW_BIN);
  }

  /** Dwell histograms of many {@link StoreMinute}s added up. Not thread-safe. */
  public static final class Histogram {
    private final int[] buckets = new int[BUCKETS.size()];
    private final int[] fine = new int[FINE_BINS];
    private long totalMs;
    private long visits;

    public void add(StoreMinute row) {
      addBuckets(row.dwellBuckets(), row.dwellTotalMs());
      addFine(row.dwellFine());
    }

    /** Adds bucket counts and a dwell sum; the visits themselves are counted by {@link #addFine}. */
    public void addBuckets(int[] counts, long dwellMs) {
      for (int b = 0; b < buckets.length; b++) {
        buckets[b] += counts[b];
      }
      totalMs += dwellMs;
    }

    /** Adds fine bins given as (minute, visits) pairs. */
    public void addFine(int[] pairs) {
      for (int i = 0; i + 1 < pairs.length; i += 2) {
        fine[Math.min(Math.max(pairs[i], 0), OVERFLOW_BIN)] += pairs[i + 1];
        visits += pairs[i + 1];
      }
    }

    public long visits() {
      return visits;
    }

    /** Visits per bucket, in the order of {@link #BUCKETS}; a copy. */
    public int[] buckets() {
      return Arrays.copyOf(buckets, buckets.length);
    }

    /**
     * The median dwell in minutes, interpolated linearly within its one-minute bin; 360 when it falls in the
     * overflow bin; NaN without visits.
     */
    public double medianMinutes() {
      if (visits == 0) {
        return Double.NaN;
      }
      double half = visits / 2.0;
      long below = 0;
      for (int b = 0; b < FINE_BINS; b++) {
        if (fine[b] > 0 && below + fine[b] >= half) {
          return b == OVERFLOW_BIN ? OVERFLOW_BIN : b + (half - below) / fine[b];
        }
        below += fine[b];
      }
      return OVERFLOW_BIN;
    }

    /** The exact mean dwell in minutes; NaN without visits. */
    public double meanMinutes() {
      return visits == 0 ? Double.NaN : (double) totalMs / visits / MINUTE_MS;
    }
  }
}
