package io.footfall.analytics;

/**
 * Every threshold of {@link SiteAnalytics}. All durations are event time (the sightings' own timestamps) except
 * {@code idleSensorMs}, {@code idleAdvanceMs} and {@code maxClockAheadMs}, which are server time.
 *
 * @param allowedLatenessMs how far behind the slowest active sensor the watermark trails; sightings at or below
 *                          the processed watermark are late and dropped (default 5 000)
 * @param idleSensorMs      a sensor none of whose batches arrived for this long (server time, against the newest
 *                          arrival at the site) no longer holds the watermark back (default 15 000)
 * @param idleAdvanceMs     wall time without any sighting after which {@link SiteAnalytics#tick} moves event time
 *                          on by itself, so a quiet night still closes minutes (default 10 000)
 * @param absenceTimeoutMs  a device not heard for this long has left the site (default 180 000; phones probe every
 *                          15-120 s, sometimes less often when idle)
 * @param exitGraceMs       a departed device's exit is dated this long after it was last heard, capped at the
 *                          absence timeout and at the typical stay of its zone (default 60 000, about half a
 *                          typical probe interval)
 * @param burstMs           sightings of a device no further apart than this are one burst of probe requests; a
 *                          device's zone is decided once per burst, from every sensor that heard the burst
 *                          (default 1 000: a phone sends a burst's frames within about 100 ms, and sensors on
 *                          other channels hear them up to a few hundred ms apart)
 * @param rssiFloorDbm      sightings weaker than this are counted as weak and ignored (default -85); a zone whose
 *                          sensors did not hear a burst counts at this strength when bursts are compared
 * @param defaultRssiDbm    the strength assumed for a sighting that carried no RSSI (default -75)
 * @param switchMarginDb    a burst that puts another zone this much above the current zone moves the device at
 *                          once (default 10)
 * @param hysteresisDb      a burst that puts another zone at least this much (and less than
 *                          {@code switchMarginDb}) above the current zone makes it the challenger; the device moves
 *                          when the next burst confirms the same challenger, dated back to the first (default 2;
 *                          see docs/metrics.md section 1)
 * @param sweepIntervalMs   event time between two expiry sweeps of the whole device table (default 5 000); rollups
 *                          of a minute are final up to this much later than {@code absenceTimeoutMs} after its end
 * @param stayMarginDb      both margins grow by this much per nat of prior odds against the device having left its
 *                          zone in the silence before the burst, given the zone's typical stay (default 1; 0 turns
 *                          it off; see docs/metrics.md section 1)
 * @param maxClockAheadMs   a sighting dated more than this after its batch arrived is refused as coming from a wrong
 *                          clock; a sensor whose clock runs ahead (or, settled, behind) by less has its times
 *                          corrected (default 300 000)
 * @param lateHorizonMs     a sighting at most this far behind the watermark when it arrives is still applied, and
 *                          amends the minutes it changes (sent again with a higher revision); older ones are late
 *                          and dropped. At most 24 h; up to {@code absenceTimeoutMs} no final minute can change
 *                          (default 900 000)
 */
public record AnalyticsSettings(long allowedLatenessMs, long idleSensorMs, long idleAdvanceMs, long absenceTimeoutMs,
                                long exitGraceMs, long burstMs, int rssiFloorDbm, int defaultRssiDbm,
                                int switchMarginDb, int hysteresisDb, long sweepIntervalMs, double stayMarginDb,
                                long maxClockAheadMs, long lateHorizonMs) {

  /** The default of {@code stayMarginDb}. */
  public static final double DEFAULT_STAY_MARGIN_DB = 1.0;
  /** The default of {@code maxClockAheadMs}: a few minutes, more than any batching or network delay. */
  public static final long DEFAULT_MAX_CLOCK_AHEAD_MS = 300_000;
  /** The default of {@code lateHorizonMs}: a sensor's backlog after a quarter of an hour cut off still amends. */
  public static final long DEFAULT_LATE_HORIZON_MS = 900_000;

  /** Settings with the default late horizon. */
  public AnalyticsSettings(long allowedLatenessMs, long idleSensorMs, long idleAdvanceMs, long absenceTimeoutMs,
                           long exitGraceMs, long burstMs, int rssiFloorDbm, int defaultRssiDbm, int switchMarginDb,
                           int hysteresisDb, long sweepIntervalMs, double stayMarginDb, long maxClockAheadMs) {
    this(allowedLatenessMs, idleSensorMs, idleAdvanceMs, absenceTimeoutMs, exitGraceMs, burstMs, rssiFloorDbm,
        defaultRssiDbm, switchMarginDb, hysteresisDb, sweepIntervalMs, stayMarginDb, maxClockAheadMs,
        DEFAULT_LATE_HORIZON_MS);
  }

  /** Settings with the default clock budget. */
  public AnalyticsSettings(long allowedLatenessMs, long idleSensorMs, long idleAdvanceMs, long absenceTimeoutMs,
                           long exitGraceMs, long burstMs, int rssiFloorDbm, int defaultRssiDbm, int switchMarginDb,
                           int hysteresisDb, long sweepIntervalMs, double stayMarginDb) {
    this(allowedLatenessMs, idleSensorMs, idleAdvanceMs, absenceTimeoutMs, exitGraceMs, burstMs, rssiFloorDbm,
        defaultRssiDbm, switchMarginDb, hysteresisDb, sweepIntervalMs, stayMarginDb, DEFAULT_MAX_CLOCK_AHEAD_MS);
  }

  public AnalyticsSettings {
    requireAtLeast("allowedLatenessMs", allowedLatenessMs, 0);
    requireAtLeast("idleSensorMs", idleSensorMs, 1_000);
    requireAtLeast("idleAdvanceMs", idleAdvanceMs, 100);
    requireAtLeast("absenceTimeoutMs", absenceTimeoutMs, 10_000);
    requireAtLeast("exitGraceMs", exitGraceMs, 0);
    requireAtLeast("burstMs", burstMs, 1);
    requireAtLeast("sweepIntervalMs", sweepIntervalMs, 100);
    requireAtLeast("hysteresisDb", hysteresisDb, 0);
    requireAtLeast("maxClockAheadMs", maxClockAheadMs, 10_000);
    requireAtLeast("lateHorizonMs", lateHorizonMs, 0);
    if (lateHorizonMs > 86_400_000) {
      throw new IllegalArgumentException("lateHorizonMs must be at most 86400000 (a day), got " + lateHorizonMs);
    }
    if (!(stayMarginDb >= 0 && stayMarginDb <= 10)) {
      throw new IllegalArgumentException("stayMarginDb must be within 0..10, got " + stayMarginDb);
    }
    if (rssiFloorDbm < -127 || rssiFloorDbm > 0) {
      throw new IllegalArgumentException("rssiFloorDbm must be within -127..0, got " + rssiFloorDbm);
    }
    if (defaultRssiDbm < -127 || defaultRssiDbm > 0) {
      throw new IllegalArgumentException("defaultRssiDbm must be within -127..0, got " + defaultRssiDbm);
    }
    if (switchMarginDb < hysteresisDb) {
      throw new IllegalArgumentException("switchMarginDb must be at least hysteresisDb");
    }
    if (burstMs * 2 > absenceTimeoutMs) {
      throw new IllegalArgumentException("burstMs must not exceed half of absenceTimeoutMs");
    }
    if (sweepIntervalMs > absenceTimeoutMs) {
      throw new IllegalArgumentException("sweepIntervalMs must not exceed absenceTimeoutMs");
    }
  }

  /** The defaults documented on each component. */
  public static AnalyticsSettings defaults() {
    return new AnalyticsSettings(5_000, 15_000, 10_000, 180_000, 60_000, 1_000, -85, -75, 10, 2, 5_000,
        DEFAULT_STAY_MARGIN_DB);
  }

  /** The exit of a departed device is dated at most this long after it was last heard. */
  long exitDelayMs() {
    return Math.min(exitGraceMs, absenceTimeoutMs);
  }

  private static void requireAtLeast(String name, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + ", got " + value);
    }
  }
}
