package io.footfall.analytics;

import java.util.Arrays;

/**
 * A set of non-zero longs with open addressing, cleared without allocating; for the per-period distinct counts of
 * {@link RandomDevices}. Grows by doubling when more than half full.
 */
final class LongSet {

  private long[] keys;
  private int size;

  LongSet(int initialCapacity) {
    keys = new long[Integer.highestOneBit(Math.max(16, initialCapacity) * 2 - 1)];
  }

  /** Adds a non-zero key; true when it was not in the set yet. */
  boolean add(long key) {
    if (size * 2 >= keys.length) {
      grow();
    }
    int mask = keys.length - 1;
    for (int i = slot(key, mask); ; i = (i + 1) & mask) {
      if (keys[i] == 0) {
        keys[i] = key;
        size++;
        return true;
      }
      if (keys[i] == key) {
        return false;
      }
    }
  }

  boolean contains(long key) {
    int mask = keys.length - 1;
    for (int i = slot(key, mask); ; i = (i + 1) & mask) {
      if (keys[i] == key) {
        return true;
      }
      if (keys[i] == 0) {
        return false;
      }
    }
  }

  int size() {
    return size;
  }

  void clear() {
    if (size > 0) {
      Arrays.fill(keys, 0);
      size = 0;
    }
  }

  /** The raw slots, zero where empty; for iteration without an iterator object. */
  long[] slots() {
    return keys;
  }

  private void grow() {
    long[] old = keys;
    keys = new long[old.length * 2];
    size = 0;
    for (long k : old) {
      if (k != 0) {
        add(k);
      }
    }
  }

  /** The first free slot on {@code key}'s probe run in {@code keys}: where a rehash or an insert puts it. */
  static int freeSlot(long[] keys, long key) {
    int mask = keys.length - 1;
    int i = slot(key, mask);
    while (keys[i] != 0) {
      i = (i + 1) & mask;
    }
    return i;
  }

  /**
   * Backward-shift deletion: whether the key at {@code at}, whose home slot is {@code home}, moves back into the
   * slot {@code gap} emptied before it on its probe run, so that lookups stay correct without tombstones.
   */
  static boolean movesBack(int home, int gap, int at) {
    return gap <= at ? home <= gap || home > at : home <= gap && home > at;
  }

  static int slot(long key, int mask) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }
}
