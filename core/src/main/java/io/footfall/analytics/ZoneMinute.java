package io.footfall.analytics;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The figures of one zone for one minute of event time, as written to PostgreSQL.
 *
 * @param minute       epoch ms of the minute's start (UTC, aligned to 60 000)
 * @param devicesAvg   time-weighted mean of devices present during the minute
 * @param devicesMax   most devices present at any instant of the minute
 * @param entries      devices that entered the zone during the minute
 * @param exits        devices that left the zone during the minute
 * @param uniques      distinct devices present at some time during the minute
 * @param revision     0 for the figures the minute was first final (or provisional) with; each amendment by late
 *                     sightings within the late horizon sends the minute again with a higher revision, which
 *                     replaces a lower one wherever it is stored
 */
public record ZoneMinute(String site, String zone, long minute, double devicesAvg, int devicesMax,
                         int entries, int exits, int uniques, int revision) {

  /** Figures as first final: revision 0. */
  public ZoneMinute(String site, String zone, long minute, double devicesAvg, int devicesMax, int entries, int exits,
                    int uniques) {
    this(site, zone, minute, devicesAvg, devicesMax, entries, exits, uniques, 0);
  }

  /** Whether the figures (not the revision) are the same. */
  boolean sameFigures(ZoneMinute other) {
    return devicesAvg == other.devicesAvg && devicesMax == other.devicesMax && entries == other.entries
        && exits == other.exits && uniques == other.uniques;
  }

  /** Writes the figures only: each snapshot format names the site and the zone its own way. */
  public void writeFigures(DataOutput out) throws IOException {
    out.writeLong(minute);
    out.writeDouble(devicesAvg);
    out.writeInt(devicesMax);
    out.writeInt(entries);
    out.writeInt(exits);
    out.writeInt(uniques);
    out.writeInt(revision);
  }

  /** Reads the figures {@link #writeFigures} wrote, for the given site and zone. */
  public static ZoneMinute readFigures(String site, String zone, DataInput in) throws IOException {
    return new ZoneMinute(site, zone, in.readLong(), in.readDouble(), in.readInt(), in.readInt(), in.readInt(),
        in.readInt(), in.readInt());
  }
}
