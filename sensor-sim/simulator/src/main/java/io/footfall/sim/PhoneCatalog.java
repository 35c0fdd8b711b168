package io.footfall.sim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;

/**
 * The phone models in the simulated crowd. Each model has a probe fingerprint (16 hex digits, the same for
 * every phone of the model, as the information elements of its probes are) and a vendor OUI for phones that
 * keep their burned-in MAC. Popularity follows a Zipf law, so a few models are very common: many phones share
 * a fingerprint, which is what makes counting devices behind randomized MACs hard. The catalogue depends only
 * on the number of models, not on the seed, like the real market does not.
 */
final class PhoneCatalog {

  private final String[] fingerprints;
  private final long[] ouis;
  private final double[] cumulative;

  PhoneCatalog(int models) {
    fingerprints = new String[models];
    ouis = new long[models];
    cumulative = new double[models];
    double total = 0;
    for (int i = 0; i < models; i++) {
      byte[] h = sha256("footfall-sim phone model " + i);
      StringBuilder fp = new StringBuilder(16);
      for (int b = 0; b < 8; b++) {
        fp.append(String.format("%02x", h[b] & 0xff));
      }
      fingerprints[i] = fp.toString();
      // globally administered, unicast: both low bits of the first octet clear
      ouis[i] = ((long) (h[8] & 0xfc) << 16) | ((long) (h[9] & 0xff) << 8) | (h[10] & 0xff);
      total += 1.0 / (i + 1);
      cumulative[i] = total;
    }
    for (int i = 0; i < models; i++) {
      cumulative[i] /= total;
    }
  }

  int models() {
    return fingerprints.length;
  }

  int pick(SplittableRandom rng) {
    double u = rng.nextDouble();
    int lo = 0;
    int hi = cumulative.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] < u) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  String fingerprint(int model) {
    return fingerprints[model];
  }

  /** A burned-in MAC of the model's vendor. */
  long vendorMac(int model, SplittableRandom rng) {
    return (ouis[model] << 24) | rng.nextInt(1 << 24);
  }

  /** A fresh randomized MAC: locally administered, unicast. */
  static long randomMac(SplittableRandom rng) {
    long mac = rng.nextLong() & 0xffff_ffff_ffffL;
    return (mac | 0x0200_0000_0000L) & ~0x0100_0000_0000L;
  }

  static boolean locallyAdministered(long mac) {
    return (mac & 0x0200_0000_0000L) != 0;
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from this JVM", e);
    }
  }
}
