package io.footfall.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes a sightings batch in the wire format. Sensors and the simulator use it, so the server cannot tell
 * a simulated sensor from a real one.
 */
public final class WireEncoder {

  private WireEncoder() {
  }

  /**
   * @param rssiMissing how many sightings in the batch came from frames without an RSSI (0 to omit the field)
   */
  public static String batch(String sensor, long seq, List<Sighting> sightings, int rssiMissing) {
    StringBuilder sb = new StringBuilder(64 + sightings.size() * 64);
    sb.append("{\"sensor\":");
    string(sb, sensor);
    sb.append(",\"seq\":").append(seq);
    if (rssiMissing > 0) {
      sb.append(",\"rssiMissing\":").append(rssiMissing);
    }
    sb.append(",\"sightings\":[");
    for (int i = 0; i < sightings.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      sighting(sb, sightings.get(i));
    }
    return sb.append("]}").toString();
  }

  public static String batch(String sensor, long seq, List<Sighting> sightings) {
    return batch(sensor, seq, sightings, 0);
  }

  /**
   * A decoded batch written back in the wire format, as its sensor could have sent it; of a batch whose columns are
   * shorter than its size (what a dead letter may be), the sightings all its columns hold.
   */
  public static String batch(SightingBatch b) {
    int n = Math.min(b.size, Math.min(Math.min(b.dev.length, b.ts.length), Math.min(b.rssi.length,
        Math.min(Math.min(b.sn.length, b.fp.length), Math.min(b.flags.length, b.count.length)))));
    List<Sighting> sightings = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      sightings.add(new Sighting(DeviceKeys.hex(b.dev[i]), b.rssi[i] == SightingBatch.NO_RSSI ? null : (int) b.rssi[i],
          b.ts[i], b.isRandom(i) ? Boolean.TRUE : null, b.sn[i] == SightingBatch.NO_SN ? null : (int) b.sn[i],
          b.fp[i] == SightingBatch.NO_FP ? null : DeviceKeys.hex(b.fp[i]), b.count[i],
          b.rid(i) == SightingBatch.NO_RID ? null : DeviceKeys.hex(b.rid(i))));
    }
    return batch(b.sensor, b.seq, sightings, 0);
  }

  private static void sighting(StringBuilder sb, Sighting s) {
    sb.append("{\"dev\":");
    string(sb, s.dev());
    if (s.rssi() != null) {
      sb.append(",\"rssi\":").append(s.rssi().intValue());
    }
    sb.append(",\"ts\":").append(s.ts());
    if (s.rand() != null) {
      sb.append(",\"rand\":").append(s.rand().booleanValue());
    }
    if (s.sn() != null) {
      sb.append(",\"sn\":").append(s.sn().intValue());
    }
    if (s.fp() != null) {
      sb.append(",\"fp\":");
      string(sb, s.fp());
    }
    if (s.n() != 1) {
      sb.append(",\"n\":").append(s.n());
    }
    if (s.rid() != null) {
      sb.append(",\"rid\":");
      string(sb, s.rid());
    }
    sb.append('}');
  }

  private static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
