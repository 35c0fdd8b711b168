package io.footfall.alerts;

/**
 * When alerts are raised and cleared (docs/alerts.md). Defaults are in {@code footfall-defaults.yaml}.
 *
 * @param capacityRaiseRatio   a zone is over capacity from this share of its capacity on (default 1.0)
 * @param capacityClearRatio   and stays so until it falls below this share (default 0.9): the gap keeps the alert
 *                             from flapping while the crowd hovers around the limit
 * @param capacityGraceMs      after the rules resume from a snapshot (a restart, a takeover), no capacity alert is
 *                             raised for this much event time (default 180 000, the engine's default absence
 *                             timeout): the devices restored with them include phones that left while nobody counted,
 *                             and they are only dropped once that timeout has passed without a sighting
 * @param sensorSilentMs       a sensor that sent no batch for this much event time is silent (default 300 000)
 * @param unusualWeeks         the usual occupancy of a weekday and hour is taken from this many past weeks (default 4)
 * @param unusualMinWeeks      a zone-hour alerts only once that many of those weeks hold data for it (default 3)
 * @param unusualSpreads       occupancy is unusual beyond the median ± this many robust standard deviations
 *                             (1.4826 × MAD) of the past weeks' minutes (default 3)
 * @param unusualMinDeviation  ... but never closer to the median than this many devices, so that a small or steady
 *                             zone does not alert on a handful of phones (default 5)
 * @param unusualSustainMs     occupancy must stay beyond the bound this much event time to raise (default 600 000)
 * @param unusualClearRatio    an alert clears once occupancy is back within this share of the allowed deviation
 *                             (default 0.75), the hysteresis that keeps it from flapping at the bound
 * @param unusualRefreshMs     wall time between two recomputations of the usual levels in PostgreSQL (default 1 h)
 */
public record AlertsConfig(double capacityRaiseRatio, double capacityClearRatio, long capacityGraceMs,
                           long sensorSilentMs, int unusualWeeks, int unusualMinWeeks, double unusualSpreads,
                           double unusualMinDeviation, long unusualSustainMs, double unusualClearRatio,
                           long unusualRefreshMs) {

  public AlertsConfig {
    if (!(capacityRaiseRatio > 0)) {
      throw new IllegalArgumentException("alerts.capacityRaiseRatio must be positive, got " + capacityRaiseRatio);
    }
    if (!(capacityClearRatio > 0 && capacityClearRatio <= capacityRaiseRatio)) {
      throw new IllegalArgumentException("alerts.capacityClearRatio must be within (0, capacityRaiseRatio], got "
          + capacityClearRatio);
    }
    if (capacityGraceMs < 0) {
      throw new IllegalArgumentException("alerts.capacityGraceMs must not be negative, got " + capacityGraceMs);
    }
    if (sensorSilentMs < 1_000) {
      throw new IllegalArgumentException("alerts.sensorSilentMs must be at least 1000, got " + sensorSilentMs);
    }
    if (unusualWeeks < 1 || unusualWeeks > 52) {
      throw new IllegalArgumentException("alerts.unusualWeeks must be within [1, 52], got " + unusualWeeks);
    }
    if (unusualMinWeeks < 1 || unusualMinWeeks > unusualWeeks) {
      throw new IllegalArgumentException("alerts.unusualMinWeeks must be within [1, unusualWeeks], got "
          + unusualMinWeeks);
    }
    if (!(unusualSpreads > 0)) {
      throw new IllegalArgumentException("alerts.unusualSpreads must be positive, got " + unusualSpreads);
    }
    if (!(unusualMinDeviation >= 1)) {
      throw new IllegalArgumentException("alerts.unusualMinDeviation must be at least 1, got " + unusualMinDeviation);
    }
    if (unusualSustainMs < 0) {
      throw new IllegalArgumentException("alerts.unusualSustainMs must not be negative, got " + unusualSustainMs);
    }
    if (!(unusualClearRatio > 0 && unusualClearRatio <= 1)) {
      throw new IllegalArgumentException("alerts.unusualClearRatio must be within (0, 1], got " + unusualClearRatio);
    }
    if (unusualRefreshMs < 1_000) {
      throw new IllegalArgumentException("alerts.unusualRefreshMs must be at least 1000, got " + unusualRefreshMs);
    }
  }

  public static AlertsConfig defaults() {
    return new AlertsConfig(1.0, 0.9, 180_000, 300_000, 4, 3, 3.0, 5, 600_000, 0.75, 3_600_000);
  }
}
