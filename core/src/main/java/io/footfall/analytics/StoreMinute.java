package io.footfall.analytics;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Visitor figures of one store (or of the whole site, zone {@link #SITE}) for one minute of event time: the visits
 * and frontage passes that ended in that minute. See {@code docs/metrics.md}.
 *
 * @param minute       epoch ms of the minute's start (UTC)
 * @param visitors     visits of at least the minimum length by shopper devices
 * @param passersBy    frontage passes without a visit (for the site: trips shorter than a site visit)
 * @param excluded     visits of at least the minimum length by staff and fixed devices
 * @param random       visits of at least the minimum length by randomized addresses, left out of the others
 * @param dwellBuckets visitors per dwell bucket: under 5 min, 5-20, 20-60, 1-6 h, over 6 h
 * @param dwellFine    visitors per whole minute of dwell, sparse: pairs (minute, visitors) in minute order;
 *                     minute {@value Dwell#OVERFLOW_BIN} holds every dwell of 6 h or more
 * @param dwellTotalMs sum of the visitors' dwell times, for an exact mean
 */
public record StoreMinute(String site, String zone, long minute, int visitors, int passersBy, int excluded,
                          int random, int[] dwellBuckets, int[] dwellFine, long dwellTotalMs) {

  /** Zone id of the site-wide row. */
  public static final String SITE = "";

  /** Writes every field but the site, for a snapshot. */
  void writeFigures(DataOutput out) throws IOException {
    out.writeUTF(zone);
    out.writeLong(minute);
    out.writeInt(visitors);
    out.writeInt(passersBy);
    out.writeInt(excluded);
    out.writeInt(random);
    writeInts(out, dwellBuckets);
    writeInts(out, dwellFine);
    out.writeLong(dwellTotalMs);
  }

  /** Reads the row {@link #writeFigures} wrote, of the given site. */
  static StoreMinute readFigures(String site, DataInput in) throws IOException {
    return new StoreMinute(site, in.readUTF(), in.readLong(), in.readInt(), in.readInt(), in.readInt(), in.readInt(),
        readInts(in), readInts(in), in.readLong());
  }

  private static void writeInts(DataOutput out, int[] values) throws IOException {
    out.writeInt(values.length);
    for (int v : values) {
      out.writeInt(v);
    }
  }

  private static int[] readInts(DataInput in) throws IOException {
    int[] values = new int[SparseArrays.count(in, 1 << 24)];
    for (int i = 0; i < values.length; i++) {
      values[i] = in.readInt();
    }
    return values;
  }
}
