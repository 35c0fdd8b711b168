package io.footfall.analytics;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The final figures of one zone for one minute of event time, as written to PostgreSQL.
 *
 * @param minute       epoch ms of the minute's start (UTC, aligned to 60 000)
 * @param devicesAvg   time-weighted mean of devices present during the minute
 * @param devicesMax   most devices present at any instant of the minute
 * @param entries      devices that entered the zone during the minute
 * @param exits        devices that left the zone during the minute
 * @param uniques      distinct devices present at some time during the minute
 */
public record ZoneMinute(String site, String zone, long minute, double devicesAvg, int devicesMax,
                         int entries, int exits, int uniques) {

  /** Writes the figures only: each snapshot format names the site and the zone its own way. */
  public void writeFigures(DataOutput out) throws IOException {
    out.writeLong(minute);
    out.writeDouble(devicesAvg);
    out.writeInt(devicesMax);
    out.writeInt(entries);
    out.writeInt(exits);
    out.writeInt(uniques);
  }

  /** Reads the figures {@link #writeFigures} wrote, for the given site and zone. */
  public static ZoneMinute readFigures(String site, String zone, DataInput in) throws IOException {
    return new ZoneMinute(site, zone, in.readLong(), in.readDouble(), in.readInt(), in.readInt(), in.readInt(),
        in.readInt());
  }
}
