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
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store, flow, randomized-MAC and headcount rows of the evaluation, each read from its endpoint by the field
 * names docs/metrics.md (section 8) and docs/estimation.md document, and compared with the truth counted the way
 * footfall defines the figure (docs/accuracy.md). A route that answers 404 gives "n/a (not served)", an answer
 * without a documented field "n/a (answer lacks X)".
 */
final class MetricScoring {

  private static final Logger LOG = LoggerFactory.getLogger(MetricScoring.class);
  static final String NOT_SERVED = "n/a (not served)";
  static final String RANDOM_DEVICES = "devices behind random MACs";
  static final String RANDOM_DEVICES_SITE = "random-MAC devices, site";
  static final String TRANSITIONS = "top-20 transitions";
  private static final int TOP_TRANSITIONS = 20;
  private static final long HOUR = 3_600_000;

  private final Answers api;
  private final String sitePath;
  private final GroundTruth truth;
  private final long startMs;
  private final long endMs;
  private final long minStoreVisitMs;

  /** @param minStoreVisitMs the node's {@code metrics.minStoreVisitMs}: the truth counts the visits it would */
  MetricScoring(Answers api, String sitePath, GroundTruth truth, long startMs, long endMs, long minStoreVisitMs) {
    this.api = api;
    this.sitePath = sitePath;
    this.truth = truth;
    this.startMs = startMs;
    this.endMs = endMs;
    this.minStoreVisitMs = minStoreVisitMs;
  }

  private String range() {
    return FootfallApi.range(startMs, endMs);
  }

  private boolean inRun(long ts) {
    return ts >= startMs && ts < endMs;
  }

  /**
   * Visitors, passers-by, capture rate and dwell median, each averaged over the stores; the truth counts only
   * people whose detectable phone keeps its (globally administered) MAC, since footfall counts randomized
   * addresses apart as {@code random}.
   */
  List<Score> stores(List<String> stores) {
    Map<String, Long> truePassers = truth.passes.stream()
        .filter(p -> truth.fixedAddressPeople.contains(p.person()) && inRun(p.ts()))
        .collect(Collectors.groupingBy(GroundTruth.Pass::store, Collectors.counting()));
    double visitorsErr = 0;
    double passersErr = 0;
    double captureErr = 0;
    double dwellErr = 0;
    double[] totals = new double[4];
    int measured = 0;
    int dwellMeasured = 0;
    int dwellSuppressed = 0;
    for (String store : stores) {
      Optional<JsonObject> answer = api.get(sitePath + "/stores/" + store + "/metrics?" + range())
          .map(Answers::object);
      if (answer.isEmpty()) {
        return storeRows(NOT_SERVED, NOT_SERVED);
      }
      JsonObject json = answer.get();
      Double visitors = Answers.number(json, "fixedAddressVisitors");
      Double passers = Answers.number(json, "passersBy");
      if (visitors == null || passers == null) {
        return storeRows(Answers.lacks(visitors == null ? "fixedAddressVisitors" : "passersBy"),
            Answers.lacks("dwell"));
      }
      List<Long> dwells = trueVisitorDwells(store);
      double trueVisitors = trueVisitors(store);
      double trueStorePassers = truePassers.getOrDefault(store, 0L);
      totals[0] += visitors;
      totals[1] += trueVisitors;
      totals[2] += passers;
      totals[3] += trueStorePassers;
      visitorsErr += relative(visitors, trueVisitors);
      passersErr += relative(passers, trueStorePassers);
      captureErr += 100 * Math.abs(share(visitors, passers) - share(trueVisitors, trueStorePassers));
      measured++;
      LOG.debug("store scored [store: {}, visitors: {}/{}, passersBy: {}/{}, random: {}, dwell: {}/{} min]", store,
          visitors, dwells.size(), passers, (long) trueStorePassers, json.getValue("random"),
          Answers.number(json, "dwell.medianMin"), dwells.isEmpty() ? null : median(dwells) / 60_000);
      Double medianMin = Answers.number(json, "dwell.medianMin");
      if (medianMin == null) {
        dwellSuppressed++;
      } else if (!dwells.isEmpty()) {
        dwellErr += relative(medianMin * 60_000, median(dwells));
        dwellMeasured++;
      }
    }
    String detail = String.format(Locale.ROOT, "mean over %d stores; non-randomizing phones, visits >= %.1f min",
        measured, minStoreVisitMs / 60_000.0);
    List<Score> rows = new ArrayList<>();
    rows.add(Score.measured("visitors per store", 100 * visitorsErr / measured, null, "%",
        detail + String.format(Locale.ROOT, ", footfall/true %.0f/%.0f", totals[0], totals[1])));
    rows.add(Score.measured("passers-by per store", 100 * passersErr / measured, null, "%",
        detail + String.format(Locale.ROOT, ", footfall/true %.0f/%.0f", totals[2], totals[3])));
    rows.add(Score.measured("capture rate per store", captureErr / measured, 5.0, "pp", detail));
    rows.add(dwellMeasured == 0
        ? Score.unmeasured("dwell median per store", 15.0, "%",
            "n/a (dwell.medianMin null in " + dwellSuppressed + " stores: suppressed under k or no visits)")
        : Score.measured("dwell median per store", 100 * dwellErr / dwellMeasured, 15.0, "%",
            "mean over " + dwellMeasured + " stores, " + dwellSuppressed + " left out (medianMin null: under k)"));
    return rows;
  }

  /**
   * The true visitors as footfall counts them, when their visit qualifies: visits that reached the minimum length
   * within the run, ended or still going on at its end (docs/metrics.md section 3).
   */
  private long trueVisitors(String store) {
    return shopperVisits(store)
        .filter(v -> v.durationMs() >= minStoreVisitMs && inRun(v.enter() + minStoreVisitMs))
        .count();
  }

  /** Durations of the true qualifying visits that ended in the run, sorted: a dwell is known when a visit ends. */
  private List<Long> trueVisitorDwells(String store) {
    return shopperVisits(store)
        .filter(v -> v.closed() && inRun(v.exit()) && v.durationMs() >= minStoreVisitMs)
        .map(GroundTruth.Visit::durationMs).sorted().toList();
  }

  private Stream<GroundTruth.Visit> shopperVisits(String store) {
    return truth.visits.stream()
        .filter(v -> v.zone().equals(store) && "shopper".equals(v.kind()) && v.detectable())
        .filter(v -> truth.fixedAddressPeople.contains(v.person()));
  }

  private static double median(List<Long> sorted) {
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
  }

  private static List<Score> storeRows(String why, String dwellWhy) {
    return List.of(
        Score.unmeasured("visitors per store", null, "%", why),
        Score.unmeasured("passers-by per store", null, "%", why),
        Score.unmeasured("capture rate per store", 5.0, "pp", why),
        Score.unmeasured("dwell median per store", 15.0, "%", dwellWhy));
  }

  /**
   * The 20 most common true zone-to-zone moves against the {@code cells} of {@code /flows}, summed over the
   * hours: sum of |footfall - truth| over sum of truth. A suppressed cell (1 to k-1 transitions, shown as null)
   * counts as 0, as a reader of the API sees it; the detail says how many there were.
   */
  Score transitions() {
    String metric = TRANSITIONS;
    Optional<Object> answer = api.get(sitePath + "/flows?" + range() + "&paths=0");
    if (answer.isEmpty()) {
      return Score.unmeasured(metric, 15.0, "%", NOT_SERVED);
    }
    JsonArray cells = Answers.list(answer.get(), "cells");
    if (cells == null) {
      return Score.unmeasured(metric, 15.0, "%", Answers.lacks("cells"));
    }
    Map<String, Double> measured = new HashMap<>();
    Map<String, Integer> suppressed = new HashMap<>();
    for (Object o : cells) {
      JsonObject cell = Answers.object(o);
      String pair = cell.getString("from") + ">" + cell.getString("to");
      Double count = Answers.number(cell, "transitions");
      if (count != null) {
        measured.merge(pair, count, Double::sum);
      } else if (Boolean.TRUE.equals(cell.getBoolean("suppressed"))) {
        suppressed.merge(pair, 1, Integer::sum);
      } else {
        return Score.unmeasured(metric, 15.0, "%", Answers.lacks("cells[].transitions"));
      }
    }
    Map<String, Long> moves = truth.transitions.stream().filter(m -> inRun(m.ts()))
        .collect(Collectors.groupingBy(m -> m.from() + ">" + m.to(), Collectors.counting()));
    List<Map.Entry<String, Long>> top = moves.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(TOP_TRANSITIONS).toList();
    double abs = 0;
    double sum = 0;
    double got = 0;
    int hidden = 0;
    for (Map.Entry<String, Long> e : top) {
      abs += Math.abs(measured.getOrDefault(e.getKey(), 0.0) - e.getValue());
      got += measured.getOrDefault(e.getKey(), 0.0);
      LOG.debug("transition scored [pair: {}, footfall: {}, truth: {}]", e.getKey(), measured.get(e.getKey()),
          e.getValue());
      sum += e.getValue();
      hidden += suppressed.getOrDefault(e.getKey(), 0);
    }
    return sum == 0 ? Score.unmeasured(metric, 15.0, "%", "no transitions in the truth")
        : Score.measured(metric, 100 * abs / sum, 15.0, "%", top.size() + " pairs, " + (long) sum
            + " true moves, footfall/true " + String.format(Locale.ROOT, "%.2f", got / sum) + ", " + hidden
            + " suppressed hour cells counted as 0");
  }

  /**
   * Devices behind randomized MACs per zone and hour: {@code estimatedDevices - (devices - randomMacs)} of the
   * hour rows of {@code /estimates} (the estimated devices minus the globally administered ones, which are
   * devices as they are: the chains the random MACs were linked into) against {@code random-devices-hour.csv}
   * {@code devices}; sum of |estimate - truth| over the sum of the truth.
   */
  Score randomDevices(List<String> zones) {
    String metric = RANDOM_DEVICES;
    double estimated = 0;
    double abs = 0;
    double sum = 0;
    double rawAbs = 0;
    for (String zone : zones) {
      Map<Long, double[]> hours;
      try {
        hours = randomHours("zone=" + zone + "&");
      } catch (Unmeasured e) {
        return Score.unmeasured(metric, 15.0, "%", e.getMessage());
      }
      for (Map.Entry<Long, Integer> e : truth.randomDevicesHourly.getOrDefault(zone, Map.of()).entrySet()) {
        if (e.getKey() >= startMs - HOUR + 1 && e.getKey() < endMs) {
          double[] hour = hours.getOrDefault(e.getKey(), new double[2]);
          LOG.debug("random devices scored [zone: {}, hour: {}, chains: {}, randomMacs: {}, truth: {}]", zone,
              Instant.ofEpochMilli(e.getKey()), hour[0], hour[1], e.getValue());
          abs += Math.abs(hour[0] - e.getValue());
          rawAbs += Math.abs(hour[1] - e.getValue());
          estimated += hour[0];
          sum += e.getValue();
        }
      }
    }
    return sum == 0 ? Score.unmeasured(metric, 15.0, "%", "no random-MAC devices in the truth")
        : Score.measured(metric, 100 * abs / sum, 15.0, "%", String.format(Locale.ROOT,
            "zone-hours, %.0f true devices, footfall/true %.2f; raw randomMacs would be %.1f %%", sum,
            estimated / sum, 100 * rawAbs / sum));
  }

  /**
   * The same over the whole site (the estimates' site rows, {@code zone} omitted), where no zone placement error
   * enters: against the distinct randomizing phones that started a MAC in the hour (devices.csv).
   */
  Score randomDevicesSite() {
    String metric = RANDOM_DEVICES_SITE;
    Map<Long, double[]> hours;
    try {
      hours = randomHours("");
    } catch (Unmeasured e) {
      return Score.unmeasured(metric, 15.0, "%", e.getMessage());
    }
    double estimated = 0;
    double abs = 0;
    double sum = 0;
    double rawAbs = 0;
    for (Map.Entry<Long, java.util.Set<String>> e : truth.randomPhonesHourly.entrySet()) {
      if (e.getKey() >= startMs - HOUR + 1 && e.getKey() < endMs) {
        double[] hour = hours.getOrDefault(e.getKey(), new double[2]);
        abs += Math.abs(hour[0] - e.getValue().size());
        rawAbs += Math.abs(hour[1] - e.getValue().size());
        estimated += hour[0];
        sum += e.getValue().size();
      }
    }
    return sum == 0 ? Score.unmeasured(metric, 15.0, "%", "no random-MAC devices in the truth")
        : Score.measured(metric, 100 * abs / sum, 15.0, "%", String.format(Locale.ROOT,
            "site-hours, %.0f true phones, footfall/true %.2f; raw randomMacs would be %.1f %%", sum,
            estimated / sum, 100 * rawAbs / sum));
  }

  /** Hour start -> {chains, randomMacs} of the hour estimates; {@code zoneParam} empty for the site. */
  private Map<Long, double[]> randomHours(String zoneParam) {
    Optional<Object> answer = api.get(sitePath + "/estimates?" + zoneParam + "resolution=hour&" + range());
    if (answer.isEmpty()) {
      throw new Unmeasured(NOT_SERVED);
    }
    JsonArray rows = Answers.list(answer.get(), "rows");
    if (rows == null) {
      throw new Unmeasured(Answers.lacks("rows"));
    }
    Map<Long, double[]> hours = new HashMap<>();
    for (Object o : rows) {
      JsonObject row = Answers.object(o);
      Double estimated = Answers.number(row, "estimatedDevices");
      Double devices = Answers.number(row, "devices");
      Double macs = Answers.number(row, "randomMacs");
      if (row.getString("start") == null || estimated == null || devices == null || macs == null) {
        throw new Unmeasured(Answers.lacks("rows[].start, devices, randomMacs or estimatedDevices"));
      }
      hours.put(Instant.parse(row.getString("start")).toEpochMilli(),
          new double[] {estimated - (devices - macs), macs});
    }
    return hours;
  }

  /** Why a row cannot be measured, thrown out of a reading helper. */
  private static final class Unmeasured extends RuntimeException {
    Unmeasured(String why) {
      super(why, null, false, false);
    }
  }

  /**
   * Headcount: one manual count per zone, all taken at the site's busiest minute mark (the true people in each zone
   * then), goes to {@code POST /calibration}; then {@code estimatedPeople} of the zone's minute estimates is compared
   * with the true people at each minute mark after the warm-up, a minute without a row counting as 0 people. Counting
   * every zone at one moment, as staff walking the mall would, rather than each at its own busiest minute: choosing
   * a zone's minute by its true maximum picks the minutes where the truth is at a random high, which biases any fit.
   */
  Score headcount(List<String> zones) {
    String metric = "people after calibration";
    int counts = 0;
    int refusedCounts = 0;
    Map<Long, Integer> sitePeople = new HashMap<>();
    for (String zone : zones) {
      truth.people.getOrDefault(zone, Map.of())
          .forEach((minute, people) -> sitePeople.merge(minute, people, Integer::sum));
    }
    Optional<Long> busiest = sitePeople.entrySet().stream()
        .filter(e -> e.getKey() >= startMs + OccupancyScoring.WARM_UP_MS && e.getKey() < endMs)
        .max(Comparator.comparing(Map.Entry<Long, Integer>::getValue).thenComparing(Map.Entry::getKey))
        .map(Map.Entry::getKey);
    for (String zone : zones) {
      int people = busiest.map(at -> truth.people.getOrDefault(zone, Map.of()).getOrDefault(at, 0)).orElse(0);
      if (people == 0) {
        continue;
      }
      long at = busiest.get();
      JsonObject count = new JsonObject().put("zone", zone).put("from", Instant.ofEpochMilli(at).toString())
          .put("to", Instant.ofEpochMilli(at + 60_000).toString()).put("people", people);
      try {
        if (api.post(sitePath + "/calibration", count).isEmpty()) {
          return Score.unmeasured(metric, 10.0, "%", NOT_SERVED);
        }
        counts++;
      } catch (IllegalStateException refused) {
        // 400 no-estimates: footfall stored no estimate for that minute; the zone goes without a count
        refusedCounts++;
      }
    }
    double abs = 0;
    double sum = 0;
    for (String zone : zones) {
      Optional<Object> answer = api.get(sitePath + "/estimates?zone=" + zone + "&resolution=minute&" + range());
      JsonArray rows = answer.map(a -> Answers.list(a, "rows")).orElse(null);
      if (rows == null) {
        return Score.unmeasured(metric, 10.0, "%", answer.isEmpty() ? NOT_SERVED : Answers.lacks("rows"));
      }
      Map<Long, JsonObject> byMinute = rows.stream().map(Answers::object)
          .collect(Collectors.toMap(r -> Instant.parse(r.getString("start")).toEpochMilli(), Function.identity(),
              (a, b) -> a));
      for (Map.Entry<Long, Integer> truePeople : truth.people.getOrDefault(zone, Map.of()).entrySet()) {
        long minute = truePeople.getKey();
        if (minute < startMs + OccupancyScoring.WARM_UP_MS || minute >= endMs) {
          continue;
        }
        JsonObject row = byMinute.get(minute);
        Double estimate = row == null ? Double.valueOf(0) : Answers.number(row, "estimatedPeople");
        if (estimate == null) {
          return Score.unmeasured(metric, 10.0, "%", Answers.lacks("rows[].estimatedPeople"));
        }
        abs += Math.abs(estimate - truePeople.getValue());
        sum += truePeople.getValue();
      }
    }
    return sum == 0 ? Score.unmeasured(metric, 10.0, "%", "no people in the truth")
        : Score.measured(metric, 100 * abs / sum, 10.0, "%", String.format(Locale.ROOT,
            "%d counts (one per zone at the site's busiest minute, %d refused), %.0f true person-minutes", counts,
            refusedCounts, sum));
  }

  private static double relative(double measured, double actual) {
    return actual == 0 ? (measured == 0 ? 0 : 1) : Math.abs(measured - actual) / actual;
  }

  private static double share(double visitors, double passers) {
    return visitors + passers == 0 ? 0 : visitors / (visitors + passers);
  }
}
