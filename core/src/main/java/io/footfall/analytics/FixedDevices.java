package io.footfall.analytics;

import io.footfall.site.FixedDeviceSpec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Devices that are not people (tills, PCs, displays, the neighbours' printers): the site file's list
 * ({@link FixedDeviceSpec#devices()}), and devices found by their behaviour. {@link SiteAnalytics} drops their
 * sightings, so that they count in no occupancy, estimate or visit; this class only says which they are and how
 * many of them each zone hears.
 *
 * <p><b>The rule.</b> A device is fixed once its globally administered (vendor) address has been heard for
 * {@link FixedDeviceSpec#detectAfterMs()} with no silence longer than {@link #GAP_MS}. Why these three parts:
 * phones of current iOS and Android probe under randomized addresses, so a vendor address is a laptop, an older
 * phone or a device that nobody carries; a visit to a mall or a room rarely lasts hours on end, whereas a till
 * or a PC is heard for as long as it is switched on; and a gap shorter than half an hour is a device that probes
 * rarely (the Brno lab's PCs and its neighbours' devices fall silent for 5-30 min), not one that left. A
 * randomized address is never found fixed: it rotates within minutes, and the estimator links its chain.
 * Counted from the first sighting, not the first full minute, so the rule depends on event time only.
 *
 * <p><b>Cost.</b> Only vendor addresses are tracked, in two generations of {@link #GAP_MS} each: a record not
 * heard in the current or the previous generation is forgotten as a whole when the generations turn, so nothing
 * here walks every device periodically. A sighting costs one lookup, nothing allocated. Devices found fixed are
 * few (a table of their own, with the zone they were last heard in for the API).
 */
final class FixedDevices {

  /** A silence up to this long continues a device's span; a longer one may start it again. */
  static final long GAP_MS = 30 * 60_000L;
  /**
   * A device found fixed and then not heard for a day is forgotten (and found again if it comes back): switched off
   * overnight it is still there in the morning, and the table of fixed devices stays as small as the site's.
   */
  static final long FORGET_MS = 24 * 3_600_000L;
  private static final long NEVER = Long.MIN_VALUE;

  private final long[] listed;
  private final long detectAfterMs;
  private final long presentMs;
  private final int zones;
  private Generation current = new Generation(64);
  private Generation previous = new Generation(64);
  private long generationEnds = NEVER;
  /** Devices treated as fixed, listed or found: id, zone last heard in, last heard. */
  private long[] fixedIds = new long[16];
  private short[] fixedZone = new short[16];
  private long[] fixedLast = new long[16];
  private int fixedCount;
  private final LongIntMap fixedIndex = new LongIntMap(16);

  /**
   * @param presentMs a fixed device counts in its zone's figure until it was not heard for this long (the absence
   *                  timeout, as for any device)
   */
  FixedDevices(FixedDeviceSpec spec, int zones, long presentMs) {
    this.listed = spec.devices().clone();
    Arrays.sort(listed);
    this.detectAfterMs = spec.detectAfterMs();
    this.presentMs = presentMs;
    this.zones = zones;
  }

  /** Whether the site file lists the device. */
  private boolean listed(long dev) {
    return listed.length > 0 && Arrays.binarySearch(listed, dev) >= 0;
  }

  /**
   * Notes a sighting about to be applied, in event-time order.
   *
   * @return whether the device is fixed (listed or found, now or before)
   */
  boolean heard(long ts, long dev, int zone, boolean random) {
    int f = fixedIndex.get(dev);
    if (f != LongIntMap.MISSING) {
      fixedZone[f] = (short) zone;
      fixedLast[f] = Math.max(fixedLast[f], ts);
      return true;
    }
    if (listed(dev)) {
      add(dev, zone, ts);
      return true;
    }
    if (random || detectAfterMs == 0) {
      return false;
    }
    turn(ts);
    int r = current.find(dev);
    if (r < 0) {
      int p = previous.find(dev);
      long first = p >= 0 && ts - previous.last[p] <= GAP_MS ? previous.first[p] : ts;
      r = current.insert(dev, first);
    } else if (ts - current.last[r] > GAP_MS) {
      current.first[r] = ts;
    }
    current.last[r] = Math.max(current.last[r], ts);
    if (ts - current.first[r] >= detectAfterMs) {
      add(dev, zone, ts);
      return true;
    }
    return false;
  }

  /** Fixed devices heard within the absence timeout before {@code now}, per zone index. */
  int[] perZone(long now) {
    int[] counts = new int[zones];
    for (int i = 0; i < fixedCount; i++) {
      if (now - fixedLast[i] < presentMs) {
        counts[fixedZone[i]]++;
      }
    }
    return counts;
  }

  /** How many devices are treated as fixed since the analytics started (listed ones once heard). */
  int size() {
    return fixedCount;
  }

  long approxBytes() {
    return current.approxBytes() + previous.approxBytes() + fixedIds.length * 18L + fixedIndex.approxBytes();
  }

  private void add(long dev, int zone, long ts) {
    if (fixedCount == fixedIds.length) {
      fixedIds = Arrays.copyOf(fixedIds, fixedCount * 2);
      fixedZone = Arrays.copyOf(fixedZone, fixedCount * 2);
      fixedLast = Arrays.copyOf(fixedLast, fixedCount * 2);
    }
    fixedIds[fixedCount] = dev;
    fixedZone[fixedCount] = (short) zone;
    fixedLast[fixedCount] = ts;
    fixedIndex.put(dev, fixedCount++);
  }

  /**
   * Starts a new generation when the current one is over; the one before it is forgotten (both, after a silence
   * of a whole generation), and so are the fixed devices not heard for {@link #FORGET_MS}.
   */
  private void turn(long ts) {
    if (generationEnds == NEVER) {
      generationEnds = ts + GAP_MS;
      return;
    }
    if (ts < generationEnds) {
      return;
    }
    Generation spare = previous.cleared();
    if (ts - generationEnds < GAP_MS) {
      previous = current;
      current = spare;
    } else {
      current.cleared();
      previous = spare;
    }
    generationEnds = ts + GAP_MS;
    forgetSilent(ts);
  }

  private void forgetSilent(long ts) {
    int kept = 0;
    for (int i = 0; i < fixedCount; i++) {
      if (ts - fixedLast[i] <= FORGET_MS || listed(fixedIds[i])) {
        fixedIds[kept] = fixedIds[i];
        fixedZone[kept] = fixedZone[i];
        fixedLast[kept++] = fixedLast[i];
      }
    }
    if (kept < fixedCount) {
      fixedCount = kept;
      fixedIndex.clear();
      for (int i = 0; i < fixedCount; i++) {
        fixedIndex.put(fixedIds[i], i);
      }
    }
  }

  void writeTo(DataOutput out) throws IOException {
    out.writeLong(generationEnds);
    current.writeTo(out);
    previous.writeTo(out);
    out.writeInt(fixedCount);
    for (int i = 0; i < fixedCount; i++) {
      out.writeLong(fixedIds[i]);
      out.writeShort(fixedZone[i]);
      out.writeLong(fixedLast[i]);
    }
  }

  void readFrom(DataInput in) throws IOException {
    generationEnds = in.readLong();
    current = Generation.readFrom(in);
    previous = Generation.readFrom(in);
    int n = in.readInt();
    if (n < 0 || n > 1 << 24) {
      throw new IOException("fixed devices: " + n);
    }
    fixedCount = 0;
    for (int i = 0; i < n; i++) {
      long dev = in.readLong();
      int zone = in.readShort();
      if (zone < 0 || zone >= zones) {
        throw new IOException("fixed device in a zone outside the site");
      }
      add(dev, zone, in.readLong());
    }
  }

  /** Vendor-address devices heard in one generation: open addressing, cleared as a whole. */
  private static final class Generation {
    long[] keys;
    long[] first;
    long[] last;
    int size;

    Generation(int capacity) {
      keys = new long[capacity];
      first = new long[capacity];
      last = new long[capacity];
    }

    Generation cleared() {
      Arrays.fill(keys, 0);
      size = 0;
      return this;
    }

    int find(long key) {
      int mask = keys.length - 1;
      for (int i = LongSet.slot(key, mask); ; i = (i + 1) & mask) {
        if (keys[i] == key) {
          return i;
        }
        if (keys[i] == 0) {
          return -1;
        }
      }
    }

    int insert(long key, long firstMs) {
      if (size * 2 >= keys.length) {
        grow();
      }
      int mask = keys.length - 1;
      int i = LongSet.slot(key, mask);
      while (keys[i] != 0) {
        i = (i + 1) & mask;
      }
      keys[i] = key;
      first[i] = firstMs;
      last[i] = firstMs;
      size++;
      return i;
    }

    long approxBytes() {
      return keys.length * 24L;
    }

    private void grow() {
      long[] k = keys;
      long[] f = first;
      long[] l = last;
      keys = new long[k.length * 2];
      first = new long[k.length * 2];
      last = new long[k.length * 2];
      size = 0;
      for (int i = 0; i < k.length; i++) {
        if (k[i] != 0) {
          int j = insert(k[i], f[i]);
          last[j] = l[i];
        }
      }
    }

    void writeTo(DataOutput out) throws IOException {
      out.writeInt(size);
      for (int i = 0; i < keys.length; i++) {
        if (keys[i] != 0) {
          out.writeLong(keys[i]);
          out.writeLong(first[i]);
          out.writeLong(last[i]);
        }
      }
    }

    static Generation readFrom(DataInput in) throws IOException {
      int n = in.readInt();
      if (n < 0 || n > 1 << 24) {
        throw new IOException("fixed-device generation of " + n + " records");
      }
      Generation g = new Generation(Integer.highestOneBit(Math.max(32, n * 4)));
      for (int i = 0; i < n; i++) {
        long key = in.readLong();
        int j = g.insert(key, in.readLong());
        g.last[j] = in.readLong();
      }
      return g;
    }
  }
}
