package io.footfall.wire;

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
  /** Sensor index in the site, resolved once per batch by the ingest; -1 when not resolved. */
  public final int sensorIndex;
  /** Time the ingest accepted the batch, wall clock epoch ms, for lag metrics only (never for analytics). */
  public final long receivedAt;

  public SightingBatch(String site, String sensor, long seq, int size, long[] dev, long[] ts, short[] rssi,
                       short[] sn, long[] fp, byte[] flags, int[] count, int sensorIndex, long receivedAt) {
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
    this.sensorIndex = sensorIndex;
    this.receivedAt = receivedAt;
  }

  /** The same sightings attributed to a resolved sensor index, stamped with the time of acceptance. */
  public SightingBatch resolved(String siteId, int index, long acceptedAt) {
    return new SightingBatch(siteId, sensor, seq, size, dev, ts, rssi, sn, fp, flags, count, index, acceptedAt);
  }

  public boolean isRandom(int i) {
    return (flags[i] & FLAG_RANDOM) != 0;
  }
}
