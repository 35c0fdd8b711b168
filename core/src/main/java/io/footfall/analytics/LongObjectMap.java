package io.footfall.analytics;

import java.util.Arrays;
import java.util.function.LongFunction;

/**
 * A map from longs (device ids) to objects with open addressing and linear probing: no boxed key and no entry
 * object per device, and a walk over all entries reads two arrays in order. The visitor and flow metrics keep a trip
 * per device present; as {@code HashMap<Long, Trip>} their snapshot spent most of its time chasing entries, on the
 * engine's event loop, and every put allocated twice. Grows by doubling when more than half full.
 */
final class LongObjectMap<V> {

  /** Visits an entry. */
  interface Entry<V> {
    void accept(long key, V value) throws java.io.IOException;
  }

  private long[] keys;
  private Object[] values;
  /** The entry of key 0, which marks a free slot in {@code keys}. */
  private V zeroValue;
  private int size;

  LongObjectMap() {
    keys = new long[16];
    values = new Object[16];
  }

  int size() {
    return size;
  }

  @SuppressWarnings("unchecked")
  V get(long key) {
    if (key == 0) {
      return zeroValue;
    }
    int mask = keys.length - 1;
    for (int i = LongSet.slot(key, mask); ; i = (i + 1) & mask) {
      if (keys[i] == key) {
        return (V) values[i];
      }
      if (keys[i] == 0) {
        return null;
      }
    }
  }

  /** Puts a non-null value; returns the one it replaced, or null. */
  @SuppressWarnings("unchecked")
  V put(long key, V value) {
    if (key == 0) {
      V previous = zeroValue;
      zeroValue = value;
      if (previous == null) {
        size++;
      }
      return previous;
    }
    if ((size + 1) * 2 > keys.length) {
      grow();
    }
    int mask = keys.length - 1;
    for (int i = LongSet.slot(key, mask); ; i = (i + 1) & mask) {
      if (keys[i] == key) {
        V previous = (V) values[i];
        values[i] = value;
        return previous;
      }
      if (keys[i] == 0) {
        keys[i] = key;
        values[i] = value;
        size++;
        return null;
      }
    }
  }

  V computeIfAbsent(long key, LongFunction<V> create) {
    V value = get(key);
    if (value == null) {
      value = create.apply(key);
      put(key, value);
    }
    return value;
  }

  /** Removes the key's entry; returns its value, or null. */
  @SuppressWarnings("unchecked")
  V remove(long key) {
    if (key == 0) {
      V previous = zeroValue;
      if (previous != null) {
        zeroValue = null;
        size--;
      }
      return previous;
    }
    int mask = keys.length - 1;
    for (int i = LongSet.slot(key, mask); ; i = (i + 1) & mask) {
      if (keys[i] == 0) {
        return null;
      }
      if (keys[i] == key) {
        V previous = (V) values[i];
        closeGap(i, mask);
        size--;
        return previous;
      }
    }
  }

  void clear() {
    Arrays.fill(keys, 0);
    Arrays.fill(values, null);
    zeroValue = null;
    size = 0;
  }

  /** Visits every entry, in an order that depends only on the keys and the map's history. */
  @SuppressWarnings("unchecked")
  void forEach(Entry<V> visit) throws java.io.IOException {
    if (zeroValue != null) {
      visit.accept(0, zeroValue);
    }
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != 0) {
        visit.accept(keys[i], (V) values[i]);
      }
    }
  }

  /** Bytes of the two arrays (not of the values). */
  long approxBytes() {
    return keys.length * 16L;
  }

  /** Empties slot {@code gap}, moving back the later entries of its probe run ({@link LongSet#movesBack}). */
  private void closeGap(int gap, int mask) {
    int i = gap;
    while (true) {
      i = (i + 1) & mask;
      if (keys[i] == 0) {
        break;
      }
      if (LongSet.movesBack(LongSet.slot(keys[i], mask), gap, i)) {
        keys[gap] = keys[i];
        values[gap] = values[i];
        gap = i;
      }
    }
    keys[gap] = 0;
    values[gap] = null;
  }

  private void grow() {
    long[] oldKeys = keys;
    Object[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new Object[oldKeys.length * 2];
    for (int j = 0; j < oldKeys.length; j++) {
      if (oldKeys[j] != 0) {
        int i = LongSet.freeSlot(keys, oldKeys[j]);
        keys[i] = oldKeys[j];
        values[i] = oldValues[j];
      }
    }
  }
}
