package io.footfall.evaluate;

import java.util.Locale;

/**
 * One row of the evaluation table: a measured error (or a reason it could not be measured) beside its target.
 *
 * @param metric   what was compared, e.g. "occupancy per zone (MAE)"
 * @param measured the error, in {@code unit}; null when not measured
 * @param target   the largest acceptable error in {@code unit}; null when the issue sets none (informational row)
 * @param unit     "%" (relative error in percent) or "pp" (percentage points)
 * @param detail   how the value was obtained, or why there is none
 */
record Score(String metric, Double measured, Double target, String unit, String detail) {

  static Score measured(String metric, double value, Double target, String unit, String detail) {
    return new Score(metric, value, target, unit, detail);
  }

  static Score unmeasured(String metric, Double target, String unit, String why) {
    return new Score(metric, null, target, unit, why);
  }

  boolean isMeasured() {
    return measured != null && !measured.isNaN();
  }

  /** True when measured and above its target. */
  boolean missed() {
    return isMeasured() && target != null && measured > target;
  }

  String measuredText() {
    return isMeasured() ? String.format(Locale.ROOT, "%.1f %s", measured, unit) : "n/a";
  }

  String targetText() {
    return target == null ? "-" : String.format(Locale.ROOT, "<= %.0f %s", target, unit);
  }

  String verdict() {
    if (!isMeasured()) {
      return "n/a";
    }
    if (target == null) {
      return "info";
    }
    return missed() ? "MISSED" : "ok";
  }
}
