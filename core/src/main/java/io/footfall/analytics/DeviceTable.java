package io.footfall.analytics;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The state of every device present at a site: an open-addressing hash table (linear probing, key 0 = empty)
 * whose values are struct-of-arrays primitive columns, so a million devices cost a dozen arrays rather than a
 * million objects. Deletion shifts the following entries of the probe run back (no tombstones), so the table
 * never needs a rehash other than growth.
 *
 * <p>Per device (49 bytes per slot, 65-98 bytes per device at the 0.5-0.75 load this table keeps by growing half
 * again when three quarters full, rather than doubling: any capacity works since a key's home slot is its hash
 * scaled to the capacity, not masked): the key,
 * up to {@link #SENSOR_SLOTS} sensors that heard its current burst (sensor index, strongest RSSI of the burst in
 * 1/100 dB), when that burst began, its zone, when it entered the zone and was first seen (whole seconds since
 * {@link #secondsBase()}), the zone challenging its current one and when the device probably left for it (while none
 * does: when its previous burst ended), when it was last heard, how long it was silent before its current burst
 * and its flags. Millisecond times are ints relative to a base that {@link #rebase} moves forward.
 */
final class DeviceTable {

  static final int SENSOR_SLOTS = 3;
  static final byte FLAG_RANDOM = 1;
  /**
   * The listener was told this device's repeat-visit id during the current stay. Not written to a snapshot, so a
   * restored table tells its (new) listener again.
   */
  static final byte FLAG_RID_TOLD = 2;
  /** The device's current burst has not been decided yet. Never set between two steps, so never in a snapshot. */
  static final byte FLAG_PENDING = 4;
  /** The device's first burst has not been decided yet: it is in no zone. Never in a snapshot either. */
  static final byte FLAG_ARRIVING = 8;
  /**
   * A device with a fixed address was counted among the devices heard in its current zone this hour
   * ({@link RandomDevices}); with the next flag, this table is the hourly set of present devices, so that only
   * those that moved on or left need keys of their own. Kept in a snapshot with the hour's counts.
   */
  static final byte FLAG_HEARD_ZONE = 16;
  /** The same for the site. */
  static final byte FLAG_HEARD_SITE = 32;
  /** Flags that live for a step and are not written to a snapshot. */
  private static final int TRANSIENT_FLAGS = FLAG_RID_TOLD | FLAG_PENDING | FLAG_ARRIVING;
  /** {@link #challenger} when no other zone challenges the device's current one. */
  static final short NO_CHALLENGER = -1;
  /** Bytes per table slot, from the column types below. */
  static final int SLOT_BYTES = 8 + SENSOR_SLOTS * (2 + 2) + 4 + 2 + 4 + 4 + 2 + 4 + 4 + 4 + 1;

  private static final int MIN_CAPACITY = 1024;

  long[] keys;
  short[] sensor;
  short[] rssi;
  int[] burstAt;
  short[] zone;
  int[] enteredSec;
  int[] firstSec;
  short[] challenger;
  int[] moveSec;
  int[] lastSeen;
  /** How long the device was silent before its current burst, ms; set when the burst begins, not in snapshots. */
  int[] quietMs;
  byte[] flags;

  private int size;
  private int growAt;
  private long msBase;
  private long secondsBase;
  private boolean based;

  DeviceTable(int expectedDevices) {
    allocate((int) Math.max(MIN_CAPACITY, expectedDevices * 4L / 3 + 1));
  }

  int size() {
    return size;
  }

  int capacity() {
    return keys.length;
  }

  long approxBytes() {
    return (long) keys.length * SLOT_BYTES;
  }

  /** Fixes the time bases at the first sighting, so relative times are never negative. */
  void baseAt(long epochMs) {
    if (!based) {
      msBase = epochMs;
      secondsBase = Math.floorDiv(epochMs, 1000);
      based = true;
    }
  }

  /** Lets the next {@link #baseAt} set new time bases; only for an empty table, which holds no relative time. */
  void unbase() {
    if (size == 0) {
      based = false;
    }
  }

  long msBase() {
    return msBase;
  }

  long secondsBase() {
    return secondsBase;
  }

  int relMs(long epochMs) {
    return (int) (epochMs - msBase);
  }

  long epochMs(int rel) {
    return msBase + rel;
  }

  int relSec(long epochMs) {
    return (int) (Math.floorDiv(epochMs, 1000) - secondsBase);
  }

  long epochMsOfSec(int rel) {
    return (secondsBase + rel) * 1000;
  }

  /** Slot of a device, or -1. */
  int find(long key) {
    int i = home(key);
    while (true) {
      long k = keys[i];
      if (k == key) {
        return i;
      }
      if (k == 0) {
        return -1;
      }
      i = next(i);
    }
  }

  /** Adds an absent device with empty sensor slots and returns its slot (valid until the next insert). */
  int insert(long key) {
    if (size >= growAt) {
      resize(keys.length + keys.length / 2);
    }
    int i = home(key);
    while (keys[i] != 0) {
      i = next(i);
    }
    keys[i] = key;
    for (int k = 0; k < SENSOR_SLOTS; k++) {
      sensor[i * SENSOR_SLOTS + k] = -1;
    }
    challenger[i] = NO_CHALLENGER;
    flags[i] = 0;
    size++;
    return i;
  }

  /**
   * Gives the device in a slot a new key, keeping everything else: a phone that took a new randomized address.
   *
   * @return the device's slot under the new key (valid until the next insert or removal)
   */
  int rekey(int slot, long newKey) {
    long oldKey = keys[slot];
    int to = insert(newKey);
    int from = find(oldKey);
    copy(from, to);
    keys[to] = newKey;
    removeAt(from);
    return find(newKey);
  }

  /** Gives the device in slot {@code to} the burst heard of the device in slot {@code from}, as its latest. */
  void takeBurst(int from, int to) {
    System.arraycopy(sensor, from * SENSOR_SLOTS, sensor, to * SENSOR_SLOTS, SENSOR_SLOTS);
    System.arraycopy(rssi, from * SENSOR_SLOTS, rssi, to * SENSOR_SLOTS, SENSOR_SLOTS);
    burstAt[to] = burstAt[from];
    lastSeen[to] = lastSeen[from];
  }

  /** Removes the device in a slot, shifting later entries of its probe run back into the gap. */
  void removeAt(int slot) {
    int gap = slot;
    int j = slot;
    while (true) {
      j = next(j);
      long k = keys[j];
      if (k == 0) {
        break;
      }
      int h = home(k);
      boolean staysPut = gap <= j ? gap < h && h <= j : gap < h || h <= j;
      if (!staysPut) {
        copy(j, gap);
        gap = j;
      }
    }
    keys[gap] = 0;
    size--;
  }

  /** An empty slot; a sweep that starts after it sees every entry exactly once despite removals. */
  int anyEmptySlot() {
    for (int i = 0; ; i++) {
      if (keys[i] == 0) {
        return i;
      }
    }
  }

  int next(int slot) {
    return slot + 1 == keys.length ? 0 : slot + 1;
  }

  /**
   * Moves the millisecond base forward so that relative times never overflow. Times before the new base that
   * still matter cannot exist: callers rebase far behind the watermark; older sensor times are clamped.
   */
  void rebase(long newBase) {
    long shift = newBase - msBase;
    if (shift <= 0) {
      return;
    }
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != 0) {
        lastSeen[i] = shifted(lastSeen[i], shift);
        burstAt[i] = shifted(burstAt[i], shift);
      }
    }
    msBase = newBase;
  }

  private static int shifted(int rel, long shift) {
    return (int) Math.max(rel - shift, Integer.MIN_VALUE + 1L);
  }

  /** Writes the time bases and every present device, slot order; capacity and free slots are not kept. */
  void writeTo(DataOutput out) throws IOException {
    out.writeBoolean(based);
    out.writeLong(msBase);
    out.writeLong(secondsBase);
    out.writeInt(size);
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] == 0) {
        continue;
      }
      out.writeLong(keys[i]);
      for (int k = i * SENSOR_SLOTS; k < (i + 1) * SENSOR_SLOTS; k++) {
        out.writeShort(sensor[k]);
        out.writeShort(rssi[k]);
      }
      out.writeInt(burstAt[i]);
      out.writeShort(zone[i]);
      out.writeInt(enteredSec[i]);
      out.writeInt(firstSec[i]);
      out.writeShort(challenger[i]);
      out.writeInt(moveSec[i]);
      out.writeInt(lastSeen[i]);
      out.writeByte(flags[i] & ~TRANSIENT_FLAGS);
    }
  }

  /** Fills an empty table with what {@link #writeTo} wrote, checking sensor and zone indexes against the site. */
  void readFrom(DataInput in, int sensors, int zones) throws IOException {
    based = in.readBoolean();
    msBase = in.readLong();
    secondsBase = in.readLong();
    int n = in.readInt();
    if (n < 0) {
      throw new IOException("negative device count");
    }
    for (int d = 0; d < n; d++) {
      long key = in.readLong();
      if (key == 0 || find(key) >= 0) {
        throw new IOException("device key empty or repeated");
      }
      int i = insert(key);
      for (int k = i * SENSOR_SLOTS; k < (i + 1) * SENSOR_SLOTS; k++) {
        sensor[k] = checked(in.readShort(), -1, sensors, "sensor");
        rssi[k] = in.readShort();
      }
      burstAt[i] = in.readInt();
      zone[i] = checked(in.readShort(), 0, zones, "zone");
      enteredSec[i] = in.readInt();
      firstSec[i] = in.readInt();
      challenger[i] = checked(in.readShort(), NO_CHALLENGER, zones, "challenger zone");
      moveSec[i] = in.readInt();
      lastSeen[i] = in.readInt();
      flags[i] = in.readByte();
    }
  }

  private static short checked(short value, int min, int bound, String what) throws IOException {
    if (value < min || value >= bound) {
      throw new IOException(what + " index " + value + " outside the site");
    }
    return value;
  }

  /**
   * Fibonacci hashing, whose top bits are well mixed even for sequential keys, scaled to the capacity by a
   * multiplication rather than a modulo (Lemire's fast range reduction).
   */
  private int home(long key) {
    return (int) (((key * 0x9E3779B97F4A7C15L) >>> 32) * keys.length >>> 32);
  }

  private void copy(int from, int to) {
    keys[to] = keys[from];
    System.arraycopy(sensor, from * SENSOR_SLOTS, sensor, to * SENSOR_SLOTS, SENSOR_SLOTS);
    System.arraycopy(rssi, from * SENSOR_SLOTS, rssi, to * SENSOR_SLOTS, SENSOR_SLOTS);
    burstAt[to] = burstAt[from];
    zone[to] = zone[from];
    enteredSec[to] = enteredSec[from];
    firstSec[to] = firstSec[from];
    challenger[to] = challenger[from];
    moveSec[to] = moveSec[from];
    lastSeen[to] = lastSeen[from];
    quietMs[to] = quietMs[from];
    flags[to] = flags[from];
  }

  private void allocate(int capacity) {
    keys = new long[capacity];
    sensor = new short[capacity * SENSOR_SLOTS];
    rssi = new short[capacity * SENSOR_SLOTS];
    burstAt = new int[capacity];
    zone = new short[capacity];
    enteredSec = new int[capacity];
    firstSec = new int[capacity];
    challenger = new short[capacity];
    moveSec = new int[capacity];
    lastSeen = new int[capacity];
    quietMs = new int[capacity];
    flags = new byte[capacity];
    growAt = (int) (capacity * 3L / 4);
  }

  private void resize(int capacity) {
    long[] oldKeys = keys;
    short[] oldSensor = sensor;
    short[] oldRssi = rssi;
    int[] oldBurstAt = burstAt;
    short[] oldZone = zone;
    int[] oldEntered = enteredSec;
    int[] oldFirst = firstSec;
    short[] oldChallenger = challenger;
    int[] oldChallengerSec = moveSec;
    int[] oldLast = lastSeen;
    int[] oldQuiet = quietMs;
    byte[] oldFlags = flags;
    allocate(capacity);
    for (int from = 0; from < oldKeys.length; from++) {
      long k = oldKeys[from];
      if (k != 0) {
        int to = home(k);
        while (keys[to] != 0) {
          to = next(to);
        }
        keys[to] = k;
        System.arraycopy(oldSensor, from * SENSOR_SLOTS, sensor, to * SENSOR_SLOTS, SENSOR_SLOTS);
        System.arraycopy(oldRssi, from * SENSOR_SLOTS, rssi, to * SENSOR_SLOTS, SENSOR_SLOTS);
        burstAt[to] = oldBurstAt[from];
        zone[to] = oldZone[from];
        enteredSec[to] = oldEntered[from];
        firstSec[to] = oldFirst[from];
        challenger[to] = oldChallenger[from];
        moveSec[to] = oldChallengerSec[from];
        lastSeen[to] = oldLast[from];
        quietMs[to] = oldQuiet[from];
        flags[to] = oldFlags[from];
      }
    }
  }
}
