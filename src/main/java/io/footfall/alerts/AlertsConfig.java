package io.footfall.alerts;

/**
 * When alerts are raised and cleared (docs/alerts.md). Defaults are in {@code footfall-defaults.yaml}.
 *
 * @param capacityRaiseRatio a zone is over capacity from this share of its capacity on (default 1.0)
 * @param capacityClearRatio and stays so until it falls below this share (default 0.9): the gap keeps the alert
 *                           from flapping while the crowd hovers around the limit
 * @param sensorSilentMs     a sensor that sent no batch for this much event time is silent (default 300 000)
 */
public record AlertsConfig(double capacityRaiseRatio, double capacityClearRatio, long sensorSilentMs) {

  public AlertsConfig {
    if (!(capacityRaiseRatio > 0)) {
      throw new IllegalArgumentException("alerts.capacityRaiseRatio must be positive, got " + capacityRaiseRatio);
    }
    if (!(capacityClearRatio > 0 && capacityClearRatio <= capacityRaiseRatio)) {
      throw new IllegalArgumentException("alerts.capacityClearRatio must be within (0, capacityRaiseRatio], got "
          + capacityClearRatio);
    }
    if (sensorSilentMs < 1_000) {
      throw new IllegalArgumentException("alerts.sensorSilentMs must be at least 1000, got " + sensorSilentMs);
    }
  }

  public static AlertsConfig defaults() {
    return new AlertsConfig(1.0, 0.9, 300_000);
  }
}
