package io.footfall.engine;

import io.footfall.analytics.AnalyticsSettings;

/**
 * The site engine: how event time advances, how devices are placed in zones and how long they count as present.
 * Defaults are in {@code footfall-defaults.yaml}; {@code docs/metrics.md} (section 1) explains them.
 *
 * @param allowedLatenessMs sightings older than the watermark are late and dropped; the watermark trails the
 *                          slowest active sensor by this much
 * @param absenceTimeoutMs  a device not heard for this long has left
 * @param exitGraceMs       a departed device's exit is dated this long after it was last heard, or its zone's
 *                          typical stay when shorter
 * @param idleSensorMs      a sensor that sent nothing for this long (server time) no longer holds event time back
 * @param idleAdvanceMs     wall time without sightings after which event time follows the wall clock
 * @param burstMs           sightings of a device no further apart than this are one burst, placed as a whole
 * @param rssiFloorDbm      weaker sightings are counted and ignored
 * @param defaultRssiDbm    strength assumed for a sighting without RSSI
 * @param switchMarginDb    a burst this much stronger in another zone moves a device at once
 * @param hysteresisDb      a burst this much stronger in another zone moves a device if the next burst agrees
 * @param sweepIntervalMs   event time between two sweeps for departed devices
 * @param publishIntervalMs wall time between two live updates and rollup hand-overs
 * @param snapshotIntervalMs wall time between two snapshots of each site's state to {@code <dataDir>/snapshots},
 *                          from which a node recovers after a crash; must exceed the database flush interval
 * @param stayMarginDb      the margins grow by this much per nat of prior odds against a device having left its
 *                          zone since its last burst, given the zone's typical stay
 * @param maxClockAheadMs   sightings dated further than this after their arrival are refused (a wrong clock)
 * @param lateHorizonMs     sightings up to this far behind the watermark still count and amend the minutes written;
 *                          older ones are late and dropped
 * @param liveIntervalMs    wall time between two live occupancy frames of a site while sightings move its devices:
 *                          the live view's moves on arrival, before the watermark makes them final
 */
public record EngineConfig(long allowedLatenessMs, long absenceTimeoutMs, long exitGraceMs, long idleSensorMs,
                           long idleAdvanceMs, long burstMs, int rssiFloorDbm, int defaultRssiDbm,
                           int switchMarginDb, int hysteresisDb, long sweepIntervalMs, long publishIntervalMs,
                           long snapshotIntervalMs, double stayMarginDb,
                           long maxClockAheadMs, long lateHorizonMs, long liveIntervalMs) {

  /** The default snapshot interval, as in {@code footfall-defaults.yaml}. */
  public static final long DEFAULT_SNAPSHOT_INTERVAL_MS = 10_000;
  /** The default live interval, as in {@code footfall-defaults.yaml}. */
  public static final long DEFAULT_LIVE_INTERVAL_MS = 100;

  public EngineConfig(long allowedLatenessMs, long absenceTimeoutMs, long exitGraceMs, long idleSensorMs,
                      long idleAdvanceMs, long burstMs, int rssiFloorDbm, int defaultRssiDbm, int switchMarginDb,
                      int hysteresisDb, long sweepIntervalMs, long publishIntervalMs) {
    this(allowedLatenessMs, absenceTimeoutMs, exitGraceMs, idleSensorMs, idleAdvanceMs, burstMs, rssiFloorDbm,
        defaultRssiDbm, switchMarginDb, hysteresisDb, sweepIntervalMs, publishIntervalMs, DEFAULT_SNAPSHOT_INTERVAL_MS,
        AnalyticsSettings.DEFAULT_STAY_MARGIN_DB,
        AnalyticsSettings.DEFAULT_MAX_CLOCK_AHEAD_MS, AnalyticsSettings.DEFAULT_LATE_HORIZON_MS,
        DEFAULT_LIVE_INTERVAL_MS);
  }

  public EngineConfig {
    try {
      // the compact constructor's fields are not assigned yet: build from the parameters
      new AnalyticsSettings(allowedLatenessMs, idleSensorMs, idleAdvanceMs, absenceTimeoutMs, exitGraceMs, burstMs,
          rssiFloorDbm, defaultRssiDbm, switchMarginDb, hysteresisDb, sweepIntervalMs, stayMarginDb, maxClockAheadMs,
          lateHorizonMs);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("engine." + e.getMessage(), e);
    }
    if (publishIntervalMs < 50 || publishIntervalMs > 60_000) {
      throw new IllegalArgumentException("engine.publishIntervalMs must be within 50..60000, got " + publishIntervalMs);
    }
    if (liveIntervalMs < 10 || liveIntervalMs > 60_000) {
      throw new IllegalArgumentException("engine.liveIntervalMs must be within 10..60000, got " + liveIntervalMs);
    }
    if (snapshotIntervalMs < 100 || snapshotIntervalMs > 600_000) {
      throw new IllegalArgumentException("engine.snapshotIntervalMs must be within 100..600000, got " + snapshotIntervalMs);
    }
  }

  /** The analytics thresholds of this configuration. */
  public AnalyticsSettings analytics() {
    return new AnalyticsSettings(allowedLatenessMs, idleSensorMs, idleAdvanceMs, absenceTimeoutMs, exitGraceMs,
        burstMs, rssiFloorDbm, defaultRssiDbm, switchMarginDb, hysteresisDb, sweepIntervalMs, stayMarginDb,
        maxClockAheadMs, lateHorizonMs);
  }
}
