package io.footfall.analytics;

import java.util.Arrays;
import java.util.function.LongToIntFunction;

/**
 * Where the sightings that arrived but wait for the watermark say present devices are moving: the live view's
 * occupancy on arrival, before the minutes become final. The watermark waits for the slowest sensor and the allowed
 * lateness, a quarter of a second or more; a dashboard should not.
 *
 * <p>Only devices already in a zone are moved, by the burst under way: the zone of its strongest sighting, if it is
 * not the device's zone and beats what the device's zone heard in the same burst (the RSSI floor if nothing) by the
 * switch margin, as {@link ZoneAssignment} moves a device at once once the watermark passes; a challenger that needs
 * a second burst is not shown early. Arrivals and departures wait for the watermark, since the first
 * burst of a phone and its absence are decided there. Once the watermark passes a device's last arrived sighting,
 * the committed state holds what the entry said and the entry is dropped.
 *
 * <p>Entries live in columns with a free list and an open-addressing index by device, so that a sighting allocates
 * nothing; there are as many as devices heard since the watermark, a few thousand at a busy site, and the live view
 * costs one pass over them.
 */
final class ProvisionalMoves {

  private static final int NO_ENTRY = -1;
  private static final short NONE = -1;

  private final int floorCenti;
  private final int switchMarginCenti;
  private final long burstMs;

  /** Index: device id to entry, open addressing, 0 marks a free slot (device id 0 is kept in {@code zeroEntry}). */
  private long[] keys = new long[64];
  private int[] entryOf = new int[64];
  private int zeroEntry = NO_ENTRY;

  private long[] dev = new long[32];
  private long[] burstStart = new long[32];
  private long[] latest = new long[32];
  /** The zone of the burst's strongest sighting, and its strength in centi-dBm. */
  private short[] bestZone = new short[32];
  private int[] bestCenti = new int[32];
  /** The zone the device was in when the burst began, and the strongest it heard the device in the burst. */
  private short[] homeZone = new short[32];
  private int[] homeCenti = new int[32];
  private boolean[] used = new boolean[32];
  private int[] free = new int[32];
  private int freeCount;
  private int high;
  private int size;
  /** Changes with every sighting that changed what an entry says. */
  private long version;

  ProvisionalMoves(int rssiFloorDbm, int switchMarginDb, long burstMs) {
    this.floorCenti = rssiFloorDbm * 100;
    this.switchMarginCenti = switchMarginDb * 100;
    this.burstMs = burstMs;
  }

  long version() {
    return version;
  }

  /**
   * A sighting that waits for the watermark, of a device whose zone is {@code committedZone} ({@link
   * VisitListener#OUTSIDE} or arriving: not moved provisionally), heard in {@code zone}.
   */
  void hear(long device, long ts, int zone, int rssiDbm, int committedZone) {
    if (committedZone < 0) {
      return;
    }
    int e = find(device);
    int centi = rssiDbm * 100;
    if (e == NO_ENTRY) {
      e = add(device);
      startBurst(e, ts, committedZone);
    } else if (ts - burstStart[e] > burstMs) {
      startBurst(e, ts, committedZone);
    }
    latest[e] = Math.max(latest[e], ts);
    short before = bestZone[e];
    if (zone == homeZone[e]) {
      homeCenti[e] = Math.max(homeCenti[e], centi);
    }
    if (centi > bestCenti[e]) {
      bestCenti[e] = centi;
      bestZone[e] = (short) zone;
    }
    if (bestZone[e] != before || zone == homeZone[e]) {
      version++;
    }
  }

  /**
   * Adds the provisional moves to {@code occupancy} (the committed occupancy, changed in place) and drops the
   * entries the watermark has passed. {@code zoneOf} gives a device's committed zone now, or a negative number.
   */
  void applyTo(int[] occupancy, long watermark, LongToIntFunction zoneOf) {
    for (int e = 0; e < high; e++) {
      if (!used[e]) {
        continue;
      }
      if (latest[e] <= watermark) {
        remove(e);
        continue;
      }
      int from = zoneOf.applyAsInt(dev[e]);
      int to = bestZone[e];
      if (from < 0 || to == from || to < 0 || to >= occupancy.length || occupancy[from] <= 0) {
        continue;
      }
      // as the zone assignment compares: the device's zone at what it heard of the burst, at the floor if nothing
      int homeCentiNow = from == homeZone[e] ? homeCenti[e] : floorCenti;
      if (bestCenti[e] >= homeCentiNow + switchMarginCenti) {
        occupancy[from]--;
        occupancy[to]++;
      }
    }
    while (high > 0 && !used[high - 1]) {
      high--;
    }
    int kept = 0;
    for (int i = 0; i < freeCount; i++) {
      if (free[i] < high) {
        free[kept++] = free[i];
      }
    }
    freeCount = kept;
  }

  long approxBytes() {
    return keys.length * 12L + dev.length * (8L + 8 + 8 + 2 + 4 + 2 + 4 + 1 + 4);
  }

  private void startBurst(int e, long ts, int committedZone) {
    burstStart[e] = ts;
    homeZone[e] = (short) committedZone;
    homeCenti[e] = floorCenti;
    bestZone[e] = NONE;
    bestCenti[e] = Integer.MIN_VALUE / 2;
  }

  private int find(long device) {
    if (device == 0) {
      return zeroEntry;
    }
    int mask = keys.length - 1;
    for (int i = LongSet.slot(device, mask); ; i = (i + 1) & mask) {
      if (keys[i] == device) {
        return entryOf[i];
      }
      if (keys[i] == 0) {
        return NO_ENTRY;
      }
    }
  }

  private int add(long device) {
    int e;
    if (freeCount > 0) {
      e = free[--freeCount];
    } else {
      if (high == dev.length) {
        growEntries();
      }
      e = high++;
    }
    used[e] = true;
    dev[e] = device;
    latest[e] = Long.MIN_VALUE;
    size++;
    if (device == 0) {
      zeroEntry = e;
      return e;
    }
    if ((size + 1) * 2 > keys.length) {
      growIndex();
    }
    int i = LongSet.freeSlot(keys, device);
    keys[i] = device;
    entryOf[i] = e;
    return e;
  }

  private void remove(int e) {
    long device = dev[e];
    used[e] = false;
    if (freeCount == free.length) {
      free = Arrays.copyOf(free, free.length * 2);
    }
    free[freeCount++] = e;
    size--;
    version++;
    if (device == 0) {
      zeroEntry = NO_ENTRY;
      return;
    }
    int mask = keys.length - 1;
    int gap = LongSet.slot(device, mask);
    while (keys[gap] != device) {
      gap = (gap + 1) & mask;
    }
    for (int i = (gap + 1) & mask; keys[i] != 0; i = (i + 1) & mask) {
      if (LongSet.movesBack(LongSet.slot(keys[i], mask), gap, i)) {
        keys[gap] = keys[i];
        entryOf[gap] = entryOf[i];
        gap = i;
      }
    }
    keys[gap] = 0;
  }

  private void growEntries() {
    int n = dev.length * 2;
    dev = Arrays.copyOf(dev, n);
    burstStart = Arrays.copyOf(burstStart, n);
    latest = Arrays.copyOf(latest, n);
    bestZone = Arrays.copyOf(bestZone, n);
    bestCenti = Arrays.copyOf(bestCenti, n);
    homeZone = Arrays.copyOf(homeZone, n);
    homeCenti = Arrays.copyOf(homeCenti, n);
    used = Arrays.copyOf(used, n);
  }

  private void growIndex() {
    long[] oldKeys = keys;
    int[] oldEntries = entryOf;
    keys = new long[oldKeys.length * 2];
    entryOf = new int[oldKeys.length * 2];
    for (int j = 0; j < oldKeys.length; j++) {
      if (oldKeys[j] != 0) {
        int i = LongSet.freeSlot(keys, oldKeys[j]);
        keys[i] = oldKeys[j];
        entryOf[i] = oldEntries[j];
      }
    }
  }
}
