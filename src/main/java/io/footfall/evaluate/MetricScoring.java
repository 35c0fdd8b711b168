package io.footfall.evaluate;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The store, flow, randomized-MAC and headcount rows of the evaluation, each read from its endpoint (issue 4) and
 * compared with the truth; a route that answers 404 gives an "n/a (not served)" row. Field names are read
 * leniently (docs/accuracy.md lists what each endpoint is expected to answer).
 */
final class MetricScoring {

  static final String NOT_SERVED = "n/a (not served)";
  static final String UNRECOGNISED = "n/a (answer without the expected fields)";
  /** A store visit of at least this long counts as a visitor unless the endpoint names its own minimum. */
  static final long DEFAULT_MIN_VISIT_MS = 300_000;
  private static final int TOP_TRANSITIONS = 20;

  private final Answers api;
  private final String sitePath;
  private final GroundTruth truth;
  private final long startMs;
  private final long endMs;

  MetricScoring(Answers api, String sitePath, GroundTruth truth, long startMs, long endMs) {
    this.api = api;
    this.sitePath = sitePath;
    this.truth = truth;
    this.startMs = startMs;
    this.endMs = endMs;
  }

  private String range() {
    return FootfallApi.range(startMs, endMs);
  }

  /** Visitors, passers-by, capture rate and dwell median, each averaged over the stores. */
  List<Score> stores(List<String> stores) {
    double visitorsErr = 0;
    double passersErr = 0;
    double captureErr = 0;
    double dwellErr = 0;
    int measured = 0;
    int dwellMeasured = 0;
    for (String store : stores) {
      Optional<JsonObject> answer = api.get(sitePath + "/stores/" + store + "/metrics?" + range())
          .map(Answers::object);
      if (answer.isEmpty()) {
        return storeRows(NOT_SERVED);
      }
      JsonObject json = answer.get();
      Double visitors = Answers.number(json, "visitors", "totals.visitors");
      Double passers = Answers.number(json, "passersBy", "passersby", "totals.passersBy");
      if (visitors == null || passers == null) {
        return storeRows(UNRECOGNISED);
      }
      Double minVisitSeconds = Answers.number(json, "minVisitSeconds", "settings.minVisitSeconds");
      long minVisitMs = minVisitSeconds == null ? DEFAULT_MIN_VISIT_MS : (long) (minVisitSeconds * 1000);
      List<Long> dwells = truth.visits.stream()
          .filter(v -> v.zone().equals(store) && "shopper".equals(v.kind()) && v.detectable())
          .filter(v -> v.enter() >= startMs && v.durationMs() >= minVisitMs)
          .map(GroundTruth.Visit::durationMs).sorted().toList();
      double trueVisitors = dwells.size();
      double truePassers = truth.passersBy.getOrDefault(store, 0);
      visitorsErr += relative(visitors, trueVisitors);
      passersErr += relative(passers, truePassers);
      captureErr += 100 * Math.abs(share(visitors, passers) - share(trueVisitors, truePassers));
      measured++;
      Double dwellSeconds = Answers.number(json, "dwell.medianSeconds", "dwellMedianSeconds", "dwell.median");
      if (dwellSeconds != null && !dwells.isEmpty()) {
        dwellErr += relative(dwellSeconds * 1000, dwells.get(dwells.size() / 2));
        dwellMeasured++;
      }
    }
    String detail = "mean over " + measured + " stores";
    List<Score> rows = new ArrayList<>();
    rows.add(Score.measured("visitors per store", 100 * visitorsErr / measured, null, "%", detail));
    rows.add(Score.measured("passers-by per store", 100 * passersErr / measured, null, "%", detail));
    rows.add(Score.measured("capture rate per store", captureErr / measured, 5.0, "pp", detail));
    rows.add(dwellMeasured == 0
        ? Score.unmeasured("dwell median per store", 15.0, "%", UNRECOGNISED)
        : Score.measured("dwell median per store", 100 * dwellErr / dwellMeasured, 15.0, "%",
            "mean over " + dwellMeasured + " stores"));
    return rows;
  }

  private static List<Score> storeRows(String why) {
    return List.of(
        Score.unmeasured("visitors per store", null, "%", why),
        Score.unmeasured("passers-by per store", null, "%", why),
        Score.unmeasured("capture rate per store", 5.0, "pp", why),
        Score.unmeasured("dwell median per store", 15.0, "%", why));
  }

  /** The 20 most common true zone-to-zone moves: sum of |footfall - truth| over sum of truth. */
  Score transitions() {
    String metric = "top-20 transitions";
    Optional<Object> answer = api.get(sitePath + "/flows?" + range());
    if (answer.isEmpty()) {
      return Score.unmeasured(metric, 15.0, "%", NOT_SERVED);
    }
    JsonArray rows = Answers.list(answer.get(), "transitions", "flows");
    if (rows == null) {
      return Score.unmeasured(metric, 15.0, "%", UNRECOGNISED);
    }
    Map<String, Double> measured = new HashMap<>();
    for (Object o : rows) {
      JsonObject row = Answers.object(o);
      Double count = Answers.number(row, "count", "devices", "transitions");
      if (row.getString("from") != null && count != null) {
        measured.merge(row.getString("from") + ">" + row.getString("to"), count, Double::sum);
      }
    }
    List<Map.Entry<String, Integer>> top = truth.transitions.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(TOP_TRANSITIONS).toList();
    double abs = 0;
    double sum = 0;
    for (Map.Entry<String, Integer> e : top) {
      abs += Math.abs(measured.getOrDefault(e.getKey(), 0.0) - e.getValue());
      sum += e.getValue();
    }
    return sum == 0 ? Score.unmeasured(metric, 15.0, "%", "no transitions in the truth")
        : Score.measured(metric, 100 * abs / sum, 15.0, "%", top.size() + " pairs, " + (long) sum + " true moves");
  }

  /**
   * Devices behind randomized MACs per zone and hour, from {@code /zones/{zone}/estimates}: sum of |estimate -
   * truth| over the sum of the truth.
   */
  Score randomDevices(List<String> zones) {
    String metric = "devices behind random MACs";
    double abs = 0;
    double sum = 0;
    for (String zone : zones) {
      Optional<Object> answer = api.get(sitePath + "/zones/" + zone + "/estimates?" + range());
      if (answer.isEmpty()) {
        return Score.unmeasured(metric, 15.0, "%", NOT_SERVED);
      }
      JsonArray rows = Answers.list(answer.get(), "hours", "estimates", "rows");
      if (rows == null) {
        return Score.unmeasured(metric, 15.0, "%", UNRECOGNISED);
      }
      Map<Long, Double> measured = new HashMap<>();
      for (Object o : rows) {
        JsonObject row = Answers.object(o);
        String hour = row.getString("hour", row.getString("from"));
        Double estimate = Answers.number(row, "randomDevices", "estimate", "devices");
        if (hour != null && estimate != null) {
          measured.put(Instant.parse(hour).toEpochMilli(), estimate);
        }
      }
      for (Map.Entry<Long, Integer> e : truth.randomDevicesHourly.getOrDefault(zone, Map.of()).entrySet()) {
        abs += Math.abs(measured.getOrDefault(e.getKey(), 0.0) - e.getValue());
        sum += e.getValue();
      }
    }
    return sum == 0 ? Score.unmeasured(metric, 15.0, "%", "no random-MAC devices in the truth")
        : Score.measured(metric, 100 * abs / sum, 15.0, "%", "zone-hours, " + (long) sum + " true devices");
  }

  /**
   * Headcount: one manual count per zone (the true people at the busiest minute mark) goes to
   * {@code POST /calibration}; then the estimated people per zone and minute ({@code peopleAvg} of the series) are
   * compared with the true people like the occupancy.
   */
  Score headcount(List<String> zones) {
    String metric = "people after calibration";
    for (String zone : zones) {
      Map<Long, Integer> people = truth.people.getOrDefault(zone, Map.of());
      Optional<Map.Entry<Long, Integer>> busiest = people.entrySet().stream()
          .filter(e -> e.getKey() >= startMs && e.getKey() < endMs)
          .max(Comparator.comparing(Map.Entry<Long, Integer>::getValue).thenComparing(Map.Entry::getKey));
      if (busiest.isEmpty() || busiest.get().getValue() == 0) {
        continue;
      }
      long at = busiest.get().getKey();
      JsonObject count = new JsonObject().put("zone", zone).put("from", Instant.ofEpochMilli(at).toString())
          .put("to", Instant.ofEpochMilli(at + 60_000).toString()).put("people", busiest.get().getValue());
      if (api.post(sitePath + "/calibration", count).isEmpty()) {
        return Score.unmeasured(metric, 10.0, "%", NOT_SERVED);
      }
    }
    double abs = 0;
    double sum = 0;
    for (String zone : zones) {
      JsonArray rows = api.get(sitePath + "/zones/" + zone + "/series?" + range()).map(Answers::array)
          .orElse(new JsonArray());
      Map<Long, Integer> people = truth.people.getOrDefault(zone, Map.of());
      for (Object o : rows) {
        JsonObject row = Answers.object(o);
        Double estimate = Answers.number(row, "peopleAvg", "people");
        long minute = Instant.parse(row.getString("minute")).toEpochMilli();
        if (estimate == null) {
          return Score.unmeasured(metric, 10.0, "%", UNRECOGNISED);
        }
        Integer actual = people.get(minute);
        if (actual != null && minute >= startMs + OccupancyScoring.WARM_UP_MS) {
          abs += Math.abs(estimate - actual);
          sum += actual;
        }
      }
    }
    return sum == 0 ? Score.unmeasured(metric, 10.0, "%", "no people in the truth")
        : Score.measured(metric, 100 * abs / sum, 10.0, "%", String.format(Locale.ROOT,
            "one count per zone, %.0f true person-minutes", sum));
  }

  private static double relative(double measured, double actual) {
    return actual == 0 ? (measured == 0 ? 0 : 1) : Math.abs(measured - actual) / actual;
  }

  private static double share(double visitors, double passers) {
    return visitors + passers == 0 ? 0 : visitors / (visitors + passers);
  }
}
