package io.footfall.live;

/**
 * k-anonymity for a set of counts that add up to a published total: a count of fewer than k (but more than zero) is
 * hidden, and while the hidden counts add up to fewer than k, the smallest shown non-zero count is hidden too, so
 * that no hidden count can be worked out from the total and the others.
 */
final class Suppression {

  private final long[] counts;
  private final boolean[] hidden;

  Suppression(int k, long... counts) {
    this.counts = counts.clone();
    this.hidden = new boolean[counts.length];
    long hiddenSum = 0;
    int hiddenCount = 0;
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] > 0 && counts[i] < k) {
        hidden[i] = true;
        hiddenSum += counts[i];
        hiddenCount++;
      }
    }
    while (hiddenCount > 0 && hiddenSum < k && counts.length > 1) {
      int smallest = smallestShown();
      if (smallest < 0) {
        break;
      }
      hidden[smallest] = true;
      hiddenSum += counts[smallest];
      hiddenCount++;
    }
  }

  boolean hidden(int i) {
    return hidden[i];
  }

  /** The count, or null when hidden. */
  Long value(int i) {
    return hidden[i] ? null : counts[i];
  }

  private int smallestShown() {
    int best = -1;
    for (int i = 0; i < counts.length; i++) {
      if (!hidden[i] && counts[i] > 0 && (best < 0 || counts[i] < counts[best])) {
        best = i;
      }
    }
    return best;
  }
}
