package io.footfall.evaluate;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The returning share per store ({@code /repeat?zone=}, docs/metrics.md section 9) against the truth: among the
 * shoppers carrying a phone with a globally administered MAC who visited a store for at least the minimum store
 * visit during the run, the share who did so on two or more local days. Informational (the issue sets no target).
 * Stores whose answer is suppressed (fewer than k visitors) are left out.
 */
final class RepeatScoring {

  static final String METRIC = "returning share per store";
  /** The default {@code metrics.minStoreVisitMs}: the truth counts the visits footfall would. */
  static final long MIN_STORE_VISIT_MS = 120_000;

  private final Answers api;
  private final String sitePath;
  private final GroundTruth truth;
  private final long startMs;
  private final long endMs;
  private final ZoneId timezone;

  RepeatScoring(Answers api, String sitePath, GroundTruth truth, long startMs, long endMs, ZoneId timezone) {
    this.api = api;
    this.sitePath = sitePath;
    this.truth = truth;
    this.startMs = startMs;
    this.endMs = endMs;
    this.timezone = timezone;
  }

  /** Mean absolute difference of the returning share, in percentage points, over the stores footfall shows. */
  Score score(List<String> stores) {
    Map<String, Map<String, Set<LocalDate>>> daysOf = trueVisitDays();
    double diff = 0;
    int measured = 0;
    for (String store : stores) {
      Optional<JsonObject> answer = api.get(sitePath + "/repeat?zone=" + store + "&" + FootfallApi.range(startMs, endMs))
          .map(Answers::object);
      if (answer.isEmpty()) {
        return Score.unmeasured(METRIC, null, "pp", MetricScoring.NOT_SERVED);
      }
      Double share = Answers.number(answer.get(), "returningShare");
      Map<String, Set<LocalDate>> visitors = daysOf.getOrDefault(store, Map.of());
      if (share == null || visitors.isEmpty()) {
        continue;
      }
      long returning = visitors.values().stream().filter(days -> days.size() >= 2).count();
      diff += 100 * Math.abs(share - (double) returning / visitors.size());
      measured++;
    }
    return measured == 0 ? Score.unmeasured(METRIC, null, "pp", "no store with enough visitors to show")
        : Score.measured(METRIC, diff / measured, null, "pp", "mean over " + measured
            + " stores, globally administered addresses only");
  }

  /**
   * Store -> person -> local days of their visits that qualified in the run (the day it qualified, as footfall
   * counts a visitor), for shoppers whose phone keeps its MAC.
   */
  private Map<String, Map<String, Set<LocalDate>>> trueVisitDays() {
    Map<String, Map<String, Set<LocalDate>>> days = new HashMap<>();
    for (GroundTruth.Visit v : truth.visits) {
      long qualified = v.enter() + MIN_STORE_VISIT_MS;
      if ("shopper".equals(v.kind()) && v.detectable() && truth.fixedAddressPeople.contains(v.person())
          && qualified >= startMs && qualified < endMs && v.durationMs() >= MIN_STORE_VISIT_MS) {
        days.computeIfAbsent(v.zone(), z -> new HashMap<>()).computeIfAbsent(v.person(), p -> new HashSet<>())
            .add(LocalDate.ofInstant(Instant.ofEpochMilli(qualified), timezone));
      }
    }
    return days;
  }
}
