package io.footfall.analytics;

import java.util.Arrays;

/**
 * A map from non-zero longs to non-negative ints with open addressing and no removal: {@link RandomDevices}
 * clears and refills it when it compacts its records. Grows by doubling when more than half full.
 */
final class LongIntMap {

  static final int MISSING = -1;

  private long[] keys;
  private int[] values;
  private int size;

  LongIntMap(int initialCapacity) {
    int capacity = Integer.highestOneBit(Math.max(16, initialCapacity) * 2 - 1);
    keys = new long[capacity];
    values = new int[capacity];
  }

  int get(long key) {
    int mask = keys.length - 1;
    for (int i = LongSet.slot(key, mask); ; i = (i + 1) & mask) {
      if (keys[i] == key) {
        return values[i];
      }
      if (keys[i] == 0) {
        return MISSING;
      }
    }
  }

  void put(long key, int value) {
    if (size * 2 >= keys.length) {
      grow();
    }
    int mask = keys.length - 1;
    for (int i = LongSet.slot(key, mask); ; i = (i + 1) & mask) {
      if (keys[i] == key) {
        values[i] = value;
        return;
      }
      if (keys[i] == 0) {
        keys[i] = key;
        values[i] = value;
        size++;
        return;
      }
    }
  }

  void clear() {
    Arrays.fill(keys, 0);
    size = 0;
  }

  long approxBytes() {
    return keys.length * 12L;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new int[oldKeys.length * 2];
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != 0) {
        put(oldKeys[i], oldValues[i]);
      }
    }
  }
}
