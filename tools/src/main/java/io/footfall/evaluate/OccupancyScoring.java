package io.footfall.evaluate;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Occupancy per zone: footfall's per-minute {@code devicesAvg} from {@code /zones/{zone}/series} against the true
 * number of detectable devices in the zone over that minute (the mean of the truth at the minute's start and end:
 * people carrying a detectable phone, staff included, plus fixed devices, since footfall counts devices).
 *
 * <p>Error = sum over zones and minutes of |footfall - truth| divided by the sum of the truth, in percent: the mean
 * absolute error as a share of the mean true occupancy. The first {@link #WARM_UP_MS} of the run are left out, as
 * a device present at the start cannot be known before its first probe (phones probe at least every 2 minutes).
 */
final class OccupancyScoring {

  static final String METRIC = "occupancy per zone (MAE)";
  static final long WARM_UP_MS = 120_000;
  private static final long MINUTE_MS = 60_000;

  private OccupancyScoring() {
  }

  /** Per-zone errors, for the detail of the report, and the overall score. */
  record Result(Score score, Map<String, double[]> perZone) {
  }

  static Result score(Answers api, String sitePath, List<String> zones, GroundTruth truth, long startMs, long endMs,
                      double targetPercent) {
    double absError = 0;
    double trueSum = 0;
    double measuredSum = 0;
    int minutes = 0;
    Map<String, double[]> perZone = new HashMap<>();
    for (String zone : zones) {
      Map<Long, Double> measured = series(api, sitePath, zone, startMs, endMs);
      Map<Long, Integer> actual = truth.detectableDevices.getOrDefault(zone, Map.of());
      double zoneAbs = 0;
      double zoneTrue = 0;
      for (long m = startMs + WARM_UP_MS; m + MINUTE_MS <= endMs; m += MINUTE_MS) {
        Integer atStart = actual.get(m);
        if (atStart == null) {
          continue;
        }
        double expected = (atStart + actual.getOrDefault(m + MINUTE_MS, atStart)) / 2.0;
        double got = measured.getOrDefault(m, 0.0);
        double error = Math.abs(got - expected);
        measuredSum += got;
        zoneAbs += error;
        zoneTrue += expected;
        minutes++;
      }
      perZone.put(zone, new double[] {zoneAbs, zoneTrue});
      absError += zoneAbs;
      trueSum += zoneTrue;
    }
    if (trueSum == 0) {
      return new Result(Score.unmeasured(METRIC, targetPercent, "%", "no devices in the truth"), perZone);
    }
    String detail = String.format(Locale.ROOT,
        "%d zone-minutes, mean true occupancy %.1f devices/zone, footfall/true %.2f",
        minutes, trueSum / minutes, measuredSum / trueSum);
    return new Result(Score.measured(METRIC, 100 * absError / trueSum, targetPercent, "%", detail), perZone);
  }

  private static Map<Long, Double> series(Answers api, String sitePath, String zone, long startMs, long endMs) {
    Map<Long, Double> perMinute = new HashMap<>();
    JsonArray rows = api.get(sitePath + "/zones/" + zone + "/series?" + FootfallApi.range(startMs, endMs))
        .map(Answers::array)
        .orElseThrow(() -> new IllegalStateException("footfall serves no series for zone " + zone));
    for (Object o : rows) {
      JsonObject row = Answers.object(o);
      perMinute.put(Instant.parse(row.getString("minute")).toEpochMilli(), row.getDouble("devicesAvg"));
    }
    return perMinute;
  }
}
