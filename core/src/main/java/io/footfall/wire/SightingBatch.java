package io.footfall.wire;

import java.util.function.LongPredicate;

/**
 * One decoded sensor batch in columnar form, so that the hot path handles primitives only: a batch of
 * thousands of sightings is a handful of arrays, not thousands of objects.
 *
 * <p>Device ids and fingerprints arrive as strings and are folded into 64-bit keys by {@link DeviceKeys}.
 * Instances are filled by {@link WireDecoder} and then only read.
 */
public final class SightingBatch {

  /** {@link #rssi} value of a sighting that carried no RSSI. */
  public static final short NO_RSSI = Short.MIN_VALUE;
  /** {@link #sn} value of a sighting that carried no 802.11 sequence number. */
  public static final short NO_SN = -1;
  /** {@link #fp} value of a sighting that carried no fingerprint. */
  public static final long NO_FP = 0L;
  /** Bit in {@link #flags}: the source address was locally administered (randomized). */
  public static final byte FLAG_RANDOM = 1;
  /** {@link #rid(int)} of a sighting that carried no repeat-visit id. */
  public static final long NO_RID = 0L;

  public final String site;
  public final String sensor;
  public final long seq;
  public final int size;
  public final long[] dev;
  public final long[] ts;
  public final short[] rssi;
  public final short[] sn;
  public final long[] fp;
  public final byte[] flags;
  /** How many frames a sighting stands for (a sensor may merge repeats of a device within a batch). */
  public final int[] count;
  /**
   * Repeat-visit ids ({@code rid}: a pseudonym of a globally administered MAC under a key that lives for weeks),
   * {@link #NO_RID} where absent; null when no sighting of the batch carried one. Read it through {@link #rid(int)}.
   */
  public final long[] rid;
  /** Sensor index in the site, resolved once per batch by the ingest; -1 when not resolved. */
  public final int sensorIndex;
  /** Time the ingest accepted the batch, wall clock epoch ms, for lag metrics only (never for analytics). */
  public final long receivedAt;

  /** A batch without repeat-visit ids. */
  public SightingBatch(String site, String sensor, long seq, int size, long[] dev, long[] ts, short[] rssi,
                       short[] sn, long[] fp, byte[] flags, int[] count, int sensorIndex, long receivedAt) {
    this(site, sensor, seq, size, dev, ts, rssi, sn, fp, flags, count, null, sensorIndex, receivedAt);
  }

  /** @param rid repeat-visit ids, {@link #NO_RID} where absent, or null when there are none at all */
  public SightingBatch(String site, String sensor, long seq, int size, long[] dev, long[] ts, short[] rssi,
                       short[] sn, long[] fp, byte[] flags, int[] count, long[] rid, int sensorIndex,
                       long receivedAt) {
    this.site = site;
    this.sensor = sensor;
    this.seq = seq;
    this.size = size;
    this.dev = dev;
    this.ts = ts;
    this.rssi = rssi;
    this.sn = sn;
    this.fp = fp;
    this.flags = flags;
    this.count = count;
    this.rid = rid;
    this.sensorIndex = sensorIndex;
    this.receivedAt = receivedAt;
  }

  /** The same sightings attributed to a resolved sensor index, stamped with the time of acceptance. */
  public SightingBatch resolved(String siteId, int index, long acceptedAt) {
    return new SightingBatch(siteId, sensor, seq, size, dev, ts, rssi, sn, fp, flags, count, rid, index, acceptedAt);
  }

  /**
   * The batch without the sightings whose device {@code drop} accepts, every column carried (possibly none left: an
   * empty batch still tells the engine the sensor is alive); the batch itself when nothing is dropped.
   */
  public SightingBatch without(LongPredicate drop) {
    int first = 0;
    while (first < size && !drop.test(dev[first])) {
      first++;
    }
    if (first == size) {
      return this;
    }
    // only a batch that loses sightings pays for a copy
    int kept = 0;
    int[] keep = new int[size];
    for (int i = 0; i < size; i++) {
      if (i != first && !drop.test(dev[i])) {
        keep[kept++] = i;
      }
    }
    long[] d = new long[kept];
    long[] t = new long[kept];
    short[] r = new short[kept];
    short[] s = new short[kept];
    long[] f = new long[kept];
    byte[] fl = new byte[kept];
    int[] c = new int[kept];
    long[] ri = rid == null ? null : new long[kept];
    for (int k = 0; k < kept; k++) {
      int i = keep[k];
      d[k] = dev[i];
      t[k] = ts[i];
      r[k] = rssi[i];
      s[k] = sn[i];
      f[k] = fp[i];
      fl[k] = flags[i];
      c[k] = count[i];
      if (ri != null) {
        ri[k] = rid[i];
      }
    }
    return new SightingBatch(site, sensor, seq, kept, d, t, r, s, f, fl, c, ri, sensorIndex, receivedAt);
  }

  public boolean isRandom(int i) {
    return (flags[i] & FLAG_RANDOM) != 0;
  }

  /** The repeat-visit id of sighting {@code i}, or {@link #NO_RID}. */
  public long rid(int i) {
    return rid == null ? NO_RID : rid[i];
  }
}
