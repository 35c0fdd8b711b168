package io.footfall.analytics;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Sightings waiting for the watermark, as a binary min-heap over parallel primitive columns. The order is total
 * (time, sensor, device, strength, flags, sequence number, fingerprint, repeat-visit id), so the analytics see the same sequence however batches interleaved.
 */
final class PendingSightings {

  private static final int MIN_CAPACITY = 1024;

  private long[] ts = new long[MIN_CAPACITY];
  private int[] sensor = new int[MIN_CAPACITY];
  private long[] dev = new long[MIN_CAPACITY];
  private short[] rssi = new short[MIN_CAPACITY];
  private byte[] flags = new byte[MIN_CAPACITY];
  private short[] sn = new short[MIN_CAPACITY];
  private long[] fp = new long[MIN_CAPACITY];
  private long[] rid = new long[MIN_CAPACITY];
  private int size;

  /** Fields of the sighting last removed by {@link #poll()}. */
  long polledTs;
  int polledSensor;
  long polledDev;
  int polledRssi;
  byte polledFlags;
  short polledSn;
  long polledFp;
  long polledRid;

  int size() {
    return size;
  }

  /** Sightings the columns have room for. */
  int capacity() {
    return ts.length;
  }

  /** Time of the earliest pending sighting; only valid when not empty. */
  long peekTs() {
    return ts[0];
  }

  void add(long t, int s, long d, int r, byte f, short q, long p, long id) {
    if (size == ts.length) {
      grow();
    }
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (compare(t, s, d, r, f, q, p, id, parent) >= 0) {
        break;
      }
      move(parent, i);
      i = parent;
    }
    set(i, t, s, d, r, f, q, p, id);
  }

  /** Removes the earliest sighting into the {@code polled*} fields. */
  void poll() {
    polledTs = ts[0];
    polledSensor = sensor[0];
    polledDev = dev[0];
    polledRssi = rssi[0];
    polledFlags = flags[0];
    polledSn = sn[0];
    polledFp = fp[0];
    polledRid = rid[0];
    int last = --size;
    if (last == 0) {
      return;
    }
    long t = ts[last];
    int s = sensor[last];
    long d = dev[last];
    int r = rssi[last];
    byte f = flags[last];
    short q = sn[last];
    long p = fp[last];
    long id = rid[last];
    int i = 0;
    int half = last >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      int right = child + 1;
      if (right < last && compareSlots(right, child) < 0) {
        child = right;
      }
      if (compare(t, s, d, r, f, q, p, id, child) <= 0) {
        break;
      }
      move(child, i);
      i = child;
    }
    set(i, t, s, d, r, f, q, p, id);
  }

  /** Writes the heap in slot order, so reading it back needs no re-ordering. */
  void writeTo(DataOutput out) throws IOException {
    out.writeInt(size);
    for (int i = 0; i < size; i++) {
      out.writeLong(ts[i]);
      out.writeShort(sensor[i]);
      out.writeLong(dev[i]);
      out.writeShort(rssi[i]);
      out.writeByte(flags[i]);
      out.writeShort(sn[i]);
      out.writeLong(fp[i]);
      out.writeLong(rid[i]);
    }
  }

  /** Fills an empty buffer with what {@link #writeTo} wrote. */
  void readFrom(DataInput in, int sensors) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      throw new IOException("negative pending count");
    }
    for (int i = 0; i < n; i++) {
      long t = in.readLong();
      int s = in.readShort();
      if (s < 0 || s >= sensors) {
        throw new IOException("pending sighting of sensor index " + s + " outside the site");
      }
      add(t, s, in.readLong(), in.readShort(), in.readByte(), in.readShort(), in.readLong(), in.readLong());
    }
  }

  /** Bytes held by the columns. */
  long approxBytes() {
    return (long) ts.length * (8 + 4 + 8 + 2 + 1 + 2 + 8 + 8);
  }

  private int compare(long t, int s, long d, int r, byte f, short q, long p, long id, int slot) {
    int c = Long.compare(t, ts[slot]);
    if (c == 0) {
      c = Integer.compare(s, sensor[slot]);
    }
    if (c == 0) {
      c = Long.compare(d, dev[slot]);
    }
    if (c == 0) {
      c = Integer.compare(r, rssi[slot]);
    }
    if (c == 0) {
      c = Byte.compare(f, flags[slot]);
    }
    if (c == 0) {
      c = Short.compare(q, sn[slot]);
    }
    if (c == 0) {
      c = Long.compare(p, fp[slot]);
    }
    return c != 0 ? c : Long.compare(id, rid[slot]);
  }

  private int compareSlots(int a, int b) {
    return compare(ts[a], sensor[a], dev[a], rssi[a], flags[a], sn[a], fp[a], rid[a], b);
  }

  private void move(int from, int to) {
    set(to, ts[from], sensor[from], dev[from], rssi[from], flags[from], sn[from], fp[from], rid[from]);
  }

  private void set(int i, long t, int s, long d, int r, byte f, short q, long p, long id) {
    ts[i] = t;
    sensor[i] = s;
    dev[i] = d;
    rssi[i] = (short) r;
    flags[i] = f;
    sn[i] = q;
    fp[i] = p;
    rid[i] = id;
  }

  /**
   * Gives memory back once the buffer is mostly empty: after a stall or a replay it may have held a million
   * sightings, which at steady state it never needs again. Call once per watermark step, not per sighting.
   */
  void trim() {
    if (ts.length > MIN_CAPACITY && size * 4 < ts.length) {
      resize(Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(size, 1)) * 2));
    }
  }

  private void grow() {
    resize(ts.length * 2);
  }

  private void resize(int n) {
    ts = Arrays.copyOf(ts, n);
    sensor = Arrays.copyOf(sensor, n);
    dev = Arrays.copyOf(dev, n);
    rssi = Arrays.copyOf(rssi, n);
    flags = Arrays.copyOf(flags, n);
    sn = Arrays.copyOf(sn, n);
    fp = Arrays.copyOf(fp, n);
    rid = Arrays.copyOf(rid, n);
  }
}
