package io.footfall.sim;

import io.footfall.site.Point;
import io.footfall.site.Zone;
import java.util.SplittableRandom;

/** Random draws the model needs, all from a caller's generator so that a seed reproduces a run. */
final class Sampling {

  private static final int POINT_ATTEMPTS = 64;

  private Sampling() {
  }

  /**
   * A generator that depends on the seed and the key alone, not on what was drawn before: what the model draws for
   * an instant keyed so is the same in every run of that seed, however long the run has been going.
   */
  static SplittableRandom keyed(long seed, long key) {
    return new SplittableRandom(mix(seed) ^ mix(key + 0x9E3779B97F4A7C15L));
  }

  /** The finaliser of MurmurHash3: spreads consecutive keys over all 64 bits. */
  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }

  static double logNormal(SplittableRandom rng, Scenario.LogNormal d) {
    return d.median() * Math.exp(d.sigma() * rng.nextGaussian());
  }

  static double logNormal(SplittableRandom rng, double median, double sigma) {
    return median * Math.exp(sigma * rng.nextGaussian());
  }

  /** Poisson by inversion for small means, normal approximation for large ones. */
  static int poisson(SplittableRandom rng, double mean) {
    if (mean <= 0) {
      return 0;
    }
    if (mean > 50) {
      return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * rng.nextGaussian()));
    }
    double l = Math.exp(-mean);
    int k = 0;
    double p = rng.nextDouble();
    while (p > l) {
      k++;
      p *= rng.nextDouble();
    }
    return k;
  }

  /** A uniformly random point inside a zone (rejection sampling in its bounding box). */
  static Point pointIn(Zone zone, SplittableRandom rng) {
    double minX = Double.MAX_VALUE;
    double minY = Double.MAX_VALUE;
    double maxX = -Double.MAX_VALUE;
    double maxY = -Double.MAX_VALUE;
    for (Point p : zone.polygon()) {
      minX = Math.min(minX, p.x());
      minY = Math.min(minY, p.y());
      maxX = Math.max(maxX, p.x());
      maxY = Math.max(maxY, p.y());
    }
    for (int i = 0; i < POINT_ATTEMPTS; i++) {
      Point p = new Point(minX + rng.nextDouble() * (maxX - minX), minY + rng.nextDouble() * (maxY - minY));
      if (zone.contains(p)) {
        return p;
      }
    }
    return zone.centre();
  }

  /** Index of the first cumulative weight at or above a value. */
  static int search(double[] cumulative, double value) {
    int lo = 0;
    int hi = cumulative.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] < value) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
