package io.footfall.analytics;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Sightings waiting for the watermark, released in a total order (time, sensor, device, strength, flags, sequence
 * number, fingerprint, repeat-visit id), so the analytics see the same sequence however batches interleaved.
 *
 * <p>A sensor's batch is nearly always in time order already, so the sightings added between two reads form a
 * <em>run</em> that is sorted once (usually a check that it is) and the runs are merged through a min-heap of their
 * heads: releasing a sighting costs a comparison per level of a heap of a few hundred runs, and no sighting is moved
 * while it waits. A single heap of sightings cost a sift through eight columns per sighting added and again per
 * sighting released, a third of the engine's time at 60k sightings/s. Spent runs are reused, so a steady stream
 * allocates nothing.
 */
final class PendingSightings {

  /** Spent runs kept for reuse; a burst of runs beyond this is left to the collector. */
  private static final int MAX_POOLED_RUNS = 128;
  /** A run grown beyond this (a replay's batch of thousands) is not kept for reuse. */
  private static final int MAX_POOLED_CAPACITY = 1024;
  /** Runs of up to this many sightings are sorted by insertion, longer ones by merging. */
  private static final int INSERTION_SORT_MAX = 32;

  private Run[] heap = new Run[64];
  private int runs;
  /** The run taking {@link #add}s, sealed into the heap before the next read. */
  private Run open;
  private Run[] pool = new Run[MAX_POOLED_RUNS];
  private int pooled;
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

  /** Sightings the runs waiting to be released have room for. */
  int capacity() {
    int capacity = open == null ? 0 : open.ts.length;
    for (int i = 0; i < runs; i++) {
      capacity += heap[i].ts.length;
    }
    return capacity;
  }

  /** Time of the earliest pending sighting; only valid when not empty. */
  long peekTs() {
    seal();
    Run top = heap[0];
    return top.ts[top.order[top.cursor]];
  }

  void add(long t, int s, long d, int r, byte f, short q, long p, long id) {
    if (open == null) {
      open = obtain();
    }
    open.append(t, s, d, r, f, q, p, id);
    size++;
  }

  /** Removes the earliest sighting into the {@code polled*} fields. */
  void poll() {
    seal();
    Run top = heap[0];
    int i = top.order[top.cursor++];
    polledTs = top.ts[i];
    polledSensor = top.sensor[i];
    polledDev = top.dev[i];
    polledRssi = top.rssi[i];
    polledFlags = top.flags[i];
    polledSn = top.sn[i];
    polledFp = top.fp[i];
    polledRid = top.rid[i];
    size--;
    if (top.cursor == top.size) {
      Run last = heap[--runs];
      heap[runs] = null;
      recycle(top);
      if (runs > 0 && last != top) {
        heap[0] = last;
        siftDown(0);
      }
    } else {
      siftDown(0);
    }
  }

  /** Visits a pending sighting. */
  interface Visitor {
    void accept(long ts, int sensor, long dev, int rssi, byte flags, short sn, long fp, long rid) throws IOException;
  }

  /** Visits the pending sightings in release order, leaving them pending. */
  void forEach(Visitor visitor) throws IOException {
    Run all = new Run(Math.max(1, size));
    for (int r = 0; r < runs; r++) {
      all.appendRest(heap[r]);
    }
    if (open != null) {
      all.appendRest(open);
    }
    all.sort();
    for (int k = 0; k < all.size; k++) {
      int i = all.order[k];
      visitor.accept(all.ts[i], all.sensor[i], all.dev[i], all.rssi[i], all.flags[i], all.sn[i], all.fp[i],
          all.rid[i]);
    }
  }

  /**
   * Writes the pending sightings in release order, so that the bytes depend only on what is pending, not on how it
   * arrived, and reading them back needs no re-ordering.
   */
  void writeTo(DataOutput out) throws IOException {
    out.writeInt(size);
    forEach((t, s, d, r, f, q, p, id) -> {
      out.writeLong(t);
      out.writeShort(s);
      out.writeLong(d);
      out.writeShort(r);
      out.writeByte(f);
      out.writeShort(q);
      out.writeLong(p);
      out.writeLong(id);
    });
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

  /** Bytes held by the runs, the pending and the reusable ones. */
  long approxBytes() {
    long slots = capacity();
    for (int i = 0; i < pooled; i++) {
      slots += pool[i].ts.length;
    }
    return slots * Run.BYTES_PER_SLOT + (long) (heap.length + pool.length) * 8;
  }

  /**
   * Gives memory back once the buffer is mostly empty: after a stall or a replay a run may have held a million
   * sightings, which at steady state the buffer never needs again. Call once per watermark step, not per sighting.
   */
  void trim() {
    for (int r = 0; r < runs; r++) {
      heap[r].compact();
    }
    if (heap.length > 64 && runs * 4 < heap.length) {
      heap = Arrays.copyOf(heap, Math.max(64, Integer.highestOneBit(Math.max(runs, 1)) * 2));
    }
  }

  private void seal() {
    if (open == null) {
      return;
    }
    Run run = open;
    open = null;
    run.sort();
    if (runs == heap.length) {
      heap = Arrays.copyOf(heap, runs * 2);
    }
    int i = runs++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (Run.compareHeads(run, heap[parent]) >= 0) {
        break;
      }
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = run;
  }

  private void siftDown(int i) {
    Run run = heap[i];
    int half = runs >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      int right = child + 1;
      if (right < runs && Run.compareHeads(heap[right], heap[child]) < 0) {
        child = right;
      }
      if (Run.compareHeads(run, heap[child]) <= 0) {
        break;
      }
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = run;
  }

  private Run obtain() {
    if (pooled == 0) {
      return new Run(32);
    }
    Run run = pool[--pooled];
    pool[pooled] = null;
    return run;
  }

  private void recycle(Run run) {
    if (pooled < pool.length && run.ts.length <= MAX_POOLED_CAPACITY) {
      run.size = 0;
      run.cursor = 0;
      run.sealed = false;
      pool[pooled++] = run;
    }
  }

  /** Sightings added together, as columns, with the order in which they are released from {@code cursor} on. */
  private static final class Run {

    static final int BYTES_PER_SLOT = 8 + 4 + 8 + 2 + 1 + 2 + 8 + 8 + 4;

    long[] ts;
    int[] sensor;
    long[] dev;
    short[] rssi;
    byte[] flags;
    short[] sn;
    long[] fp;
    long[] rid;
    int[] order;
    int size;
    int cursor;
    /** Whether {@code order} is valid: the run was sorted and may be in the heap. */
    boolean sealed;

    Run(int capacity) {
      allocate(capacity);
    }

    private void allocate(int capacity) {
      ts = new long[capacity];
      sensor = new int[capacity];
      dev = new long[capacity];
      rssi = new short[capacity];
      flags = new byte[capacity];
      sn = new short[capacity];
      fp = new long[capacity];
      rid = new long[capacity];
      order = new int[capacity];
    }

    void append(long t, int s, long d, int r, byte f, short q, long p, long id) {
      if (size == ts.length) {
        resize(size * 2);
      }
      int i = size++;
      ts[i] = t;
      sensor[i] = s;
      dev[i] = d;
      rssi[i] = (short) r;
      flags[i] = f;
      sn[i] = q;
      fp[i] = p;
      rid[i] = id;
    }

    /** Appends what {@code other} has not released yet, in its release order. */
    void appendRest(Run other) {
      for (int k = other.cursor; k < other.size; k++) {
        int i = other.sealed ? other.order[k] : k;
        append(other.ts[i], other.sensor[i], other.dev[i], other.rssi[i], other.flags[i], other.sn[i], other.fp[i],
            other.rid[i]);
      }
    }

    /** Orders the run: usually only a check that the sensor sent it in order. */
    void sort() {
      for (int k = 0; k < size; k++) {
        order[k] = k;
      }
      cursor = 0;
      sealed = true;
      boolean sorted = true;
      for (int k = 1; k < size && sorted; k++) {
        sorted = compare(k - 1, k) <= 0;
      }
      if (sorted) {
        return;
      }
      if (size <= INSERTION_SORT_MAX) {
        insertionSort(0, size);
      } else {
        mergeSort(order, new int[size], 0, size);
      }
    }

    private void insertionSort(int from, int to) {
      for (int k = from + 1; k < to; k++) {
        int moving = order[k];
        int j = k - 1;
        while (j >= from && compare(order[j], moving) > 0) {
          order[j + 1] = order[j];
          j--;
        }
        order[j + 1] = moving;
      }
    }

    private void mergeSort(int[] a, int[] scratch, int from, int to) {
      if (to - from <= INSERTION_SORT_MAX) {
        insertionSort(from, to);
        return;
      }
      int mid = (from + to) >>> 1;
      mergeSort(a, scratch, from, mid);
      mergeSort(a, scratch, mid, to);
      if (compare(a[mid - 1], a[mid]) <= 0) {
        return;
      }
      System.arraycopy(a, from, scratch, from, to - from);
      int left = from;
      int right = mid;
      for (int k = from; k < to; k++) {
        if (right >= to || left < mid && compare(scratch[left], scratch[right]) <= 0) {
          a[k] = scratch[left++];
        } else {
          a[k] = scratch[right++];
        }
      }
    }

    /** Keeps only what is not released yet, in smaller columns, once most of a big run is gone. */
    void compact() {
      int rest = size - cursor;
      if (ts.length <= MAX_POOLED_CAPACITY || rest * 4 >= ts.length) {
        return;
      }
      Run kept = new Run(Math.max(32, Integer.highestOneBit(Math.max(rest, 1)) * 2));
      kept.appendRest(this);
      ts = kept.ts;
      sensor = kept.sensor;
      dev = kept.dev;
      rssi = kept.rssi;
      flags = kept.flags;
      sn = kept.sn;
      fp = kept.fp;
      rid = kept.rid;
      order = kept.order;
      size = rest;
      cursor = 0;
      for (int k = 0; k < size; k++) {
        order[k] = k;
      }
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
      order = Arrays.copyOf(order, n);
    }

    private int compare(int a, int b) {
      return compare(this, a, this, b);
    }

    static int compareHeads(Run x, Run y) {
      return compare(x, x.order[x.cursor], y, y.order[y.cursor]);
    }

    private static int compare(Run x, int a, Run y, int b) {
      int c = Long.compare(x.ts[a], y.ts[b]);
      if (c == 0) {
        c = Integer.compare(x.sensor[a], y.sensor[b]);
      }
      if (c == 0) {
        c = Long.compare(x.dev[a], y.dev[b]);
      }
      if (c == 0) {
        c = Integer.compare(x.rssi[a], y.rssi[b]);
      }
      if (c == 0) {
        c = Byte.compare(x.flags[a], y.flags[b]);
      }
      if (c == 0) {
        c = Short.compare(x.sn[a], y.sn[b]);
      }
      if (c == 0) {
        c = Long.compare(x.fp[a], y.fp[b]);
      }
      return c != 0 ? c : Long.compare(x.rid[a], y.rid[b]);
    }
  }
}
