package io.footfall.wire;

/**
 * One sighting as a sensor or simulator builds it before encoding. Off the server's hot path, so a record.
 *
 * @param dev  opaque device id: a keyed hash of the MAC (16 hex digits from footfall's sensors)
 * @param rssi dBm, or null when the radio did not report it
 * @param ts   epoch milliseconds of the frame
 * @param rand whether the source address was locally administered, or null when unknown
 * @param sn   802.11 sequence number, or null
 * @param fp   fingerprint of the probe's information elements, or null
 * @param n    how many frames of this device this sighting stands for (1 unless merged)
 * @param rid  repeat-visit id (16 hex digits) of a globally administered address, or null
 */
public record Sighting(String dev, Integer rssi, long ts, Boolean rand, Integer sn, String fp, int n, String rid) {

  /** A sighting without a repeat-visit id. */
  public Sighting(String dev, Integer rssi, long ts, Boolean rand, Integer sn, String fp, int n) {
    this(dev, rssi, ts, rand, sn, fp, n, null);
  }

  public static Sighting of(String dev, int rssi, long ts) {
    return new Sighting(dev, rssi, ts, null, null, null, 1);
  }
}
