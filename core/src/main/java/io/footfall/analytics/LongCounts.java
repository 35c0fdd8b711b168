package io.footfall.analytics;

import java.util.Arrays;

/**
 * A count per non-zero long key, a key leaving when its count falls to zero: open addressing with linear probing
 * and backward-shift deletion, so that no tombstones build up in a map whose keys come and go all day (the chains
 * present per zone in {@link RandomDevices}). Grows by doubling when more than half full; never throws.
 */
final class LongCounts {

  private long[] keys;
  private int[] counts;
  private int size;

  LongCounts(int initialCapacity) {
    int capacity = Integer.highestOneBit(Math.max(16, initialCapacity) * 2 - 1);
    keys = new long[capacity];
    counts = new int[capacity];
  }

  /** @return the key's count after adding one */
  int increment(long key) {
    if (size * 2 >= keys.length) {
      grow();
    }
    int mask = keys.length - 1;
    for (int i = LongSet.slot(key, mask); ; i = (i + 1) & mask) {
      if (keys[i] == key) {
        return ++counts[i];
      }
      if (keys[i] == 0) {
        keys[i] = key;
        counts[i] = 1;
        size++;
        return 1;
      }
    }
  }

  /** @return the key's count after taking one away (the key is gone at zero), or -1 for a key not counted */
  int decrement(long key) {
    int mask = keys.length - 1;
    for (int i = LongSet.slot(key, mask); ; i = (i + 1) & mask) {
      if (keys[i] == 0) {
        return -1;
      }
      if (keys[i] == key) {
        if (--counts[i] > 0) {
          return counts[i];
        }
        removeAt(i, mask);
        return 0;
      }
    }
  }

  int size() {
    return size;
  }

  void clear() {
    Arrays.fill(keys, 0);
    size = 0;
  }

  long approxBytes() {
    return keys.length * 12L;
  }

  /** Empties slot {@code gap}, moving back the later keys of its probe run whose home is not after the gap. */
  private void removeAt(int gap, int mask) {
    size--;
    for (int j = (gap + 1) & mask; keys[j] != 0; j = (j + 1) & mask) {
      if (LongSet.movesBack(LongSet.slot(keys[j], mask), gap, j)) {
        keys[gap] = keys[j];
        counts[gap] = counts[j];
        gap = j;
      }
    }
    keys[gap] = 0;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldCounts = counts;
    keys = new long[oldKeys.length * 2];
    counts = new int[oldKeys.length * 2];
    for (int k = 0; k < oldKeys.length; k++) {
      if (oldKeys[k] != 0) {
        int i = LongSet.freeSlot(keys, oldKeys[k]);
        keys[i] = oldKeys[k];
        counts[i] = oldCounts[k];
      }
    }
  }
}
