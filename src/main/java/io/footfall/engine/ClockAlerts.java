package io.footfall.engine;

import io.footfall.alerts.AlertChange;
import io.footfall.analytics.SensorClock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@link AlertChange#SENSOR_CLOCK} alerts of one site: raised, at the watermark, for a sensor whose clock is
 * wrong (it sent sightings from the future within the last {@link #CLOCK_ALERT_MS}, or runs ahead
 * enough to be corrected), and cleared once it is right again. Remembers when each open one was raised so that the
 * clearing change carries it.
 */
final class ClockAlerts {

  /** How long a refused sighting from the future keeps its sensor's clock reported wrong. */
  static final long CLOCK_ALERT_MS = 300_000;

  private final String site;
  private final long maxClockAheadMs;
  private final long[] raisedAt;

  ClockAlerts(String site, int sensors, long maxClockAheadMs) {
    this.site = site;
    this.maxClockAheadMs = maxClockAheadMs;
    this.raisedAt = new long[sensors];
    Arrays.fill(raisedAt, Long.MIN_VALUE);
  }

  /** The alerts raised or cleared now; {@code clocks} in the site's sensor order. */
  List<AlertChange> changes(List<SensorClock> clocks, long watermark, long nowWallMs) {
    List<AlertChange> changes = new ArrayList<>(0);
    for (int s = 0; s < clocks.size() && s < raisedAt.length; s++) {
      SensorClock clock = clocks.get(s);
      boolean wrong = clock.wrongAt(nowWallMs, CLOCK_ALERT_MS);
      if (wrong && raisedAt[s] == Long.MIN_VALUE) {
        raisedAt[s] = watermark;
        changes.add(new AlertChange(site, AlertChange.SENSOR_CLOCK, clock.sensor(), watermark, null, clock.leadMs(),
            maxClockAheadMs));
      } else if (!wrong && raisedAt[s] != Long.MIN_VALUE) {
        changes.add(new AlertChange(site, AlertChange.SENSOR_CLOCK, clock.sensor(), raisedAt[s], watermark,
            clock.leadMs(), maxClockAheadMs));
        raisedAt[s] = Long.MIN_VALUE;
      }
    }
    return changes;
  }
}
