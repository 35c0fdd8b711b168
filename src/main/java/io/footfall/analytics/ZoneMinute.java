package io.footfall.analytics;

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
}
