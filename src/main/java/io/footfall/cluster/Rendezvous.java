package io.footfall.cluster;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Rendezvous (highest random weight) hashing: the preferred owner of a site is the member with the highest hash of
 * (site, member). Every node computes the same answer from the same member list, sites spread evenly, and when a
 * member joins or leaves only the sites it wins or held move.
 */
final class Rendezvous {

  private Rendezvous() {
  }

  /** The preferred member, or null when there are none. */
  static String owner(String site, List<String> members) {
    String best = null;
    long bestWeight = Long.MIN_VALUE;
    for (String member : members) {
      long weight = weight(site, member);
      if (best == null || weight > bestWeight || weight == bestWeight && member.compareTo(best) < 0) {
        best = member;
        bestWeight = weight;
      }
    }
    return best;
  }

  private static long weight(String site, String member) {
    long h = 0xcbf29ce484222325L;
    for (byte b : (site + '\n' + member).getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    // final avalanche (murmur3 fmix64) so that similar ids get unrelated weights
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb93fe1ebbd53L;
    return h ^ (h >>> 33);
  }
}
