package io.footfall.evaluate;

import io.footfall.site.PeopleModel;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * footfall and the naive baseline on each day with one count from another day: for every held-out day, each other
 * day whose fullest window held at least 5 people lends that window as the one calibration count, and the held-out
 * day is scored once per lent count. The people model ({@link PeopleModel}: background and exponent) is chosen
 * among {@link #CANDIDATES} on the other days only (the same leave-one-day-out among them), so nothing about the
 * held-out day decides it.
 */
final class LeaveOneDayOut {

  /** The models tried: the plain factor, and backgrounds of 0-3 devices with exponents from 1 down to 0.2. */
  static final List<PeopleModel> CANDIDATES = candidates();

  record Day(String name, List<RealWindows> windows) {
  }

  /** One held-out day's scores, pooled over the counts lent by the other days, and the model chosen without it. */
  record DayResult(String name, int windows, double meanPeople, PeopleModel model, RealScore footfall,
                   RealScore naive, double footfallMaeMin, double footfallMaeMax, int calibrations) {
  }

  record Result(List<DayResult> days, RealScore footfall, RealScore naive, List<Double> footfallMaeByCount,
                List<Double> naiveMaeByCount) {
  }

  private LeaveOneDayOut() {
  }

  static Result run(List<Day> days, long windowMs) {
    List<DayResult> results = new ArrayList<>();
    RealScore.Sum footfall = new RealScore.Sum();
    RealScore.Sum naive = new RealScore.Sum();
    int n = days.size();
    RealScore.Sum[] footfallByCount = new RealScore.Sum[n];
    RealScore.Sum[] naiveByCount = new RealScore.Sum[n];
    for (int i = 0; i < n; i++) {
      footfallByCount[i] = new RealScore.Sum();
      naiveByCount[i] = new RealScore.Sum();
    }
    for (int held = 0; held < n; held++) {
      int h = held;
      List<Day> training = new ArrayList<>(days);
      training.remove(h);
      PeopleModel model = choose(training, windowMs);
      RealScore.Sum dayFootfall = new RealScore.Sum();
      RealScore.Sum dayNaive = new RealScore.Sum();
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      int calibrations = 0;
      for (int c = 0; c < n; c++) {
        Validation.Count count = c == h ? null : Validation.busiestWindow(days.get(c).windows(), windowMs);
        if (count == null) {
          continue;
        }
        List<Validation.Estimate> estimates = Validation.estimate(days.get(h).windows(), List.of(count), model);
        if (estimates.isEmpty()) {
          continue;
        }
        calibrations++;
        RealScore.Sum f = Validation.sum(estimates, Validation.Estimate::footfall);
        RealScore.Sum b = Validation.sum(estimates, Validation.Estimate::naive);
        dayFootfall.addAll(f);
        dayNaive.addAll(b);
        footfallByCount[c].addAll(f);
        naiveByCount[c].addAll(b);
        min = Math.min(min, f.score().mae());
        max = Math.max(max, f.score().mae());
      }
      footfall.addAll(dayFootfall);
      naive.addAll(dayNaive);
      Day day = days.get(h);
      results.add(new DayResult(day.name(), day.windows().size(),
          day.windows().stream().mapToDouble(RealWindows::people).average().orElse(0), model, dayFootfall.score(),
          dayNaive.score(), min, max, calibrations));
    }
    List<Double> f = new ArrayList<>();
    List<Double> b = new ArrayList<>();
    for (int c = 0; c < n; c++) {
      if (footfallByCount[c].score().windows() > 0) {
        f.add(footfallByCount[c].score().mae());
        b.add(naiveByCount[c].score().mae());
      }
    }
    f.sort(Comparator.naturalOrder());
    b.sort(Comparator.naturalOrder());
    return new Result(results, footfall.score(), naive.score(), f, b);
  }

  /** The candidate with the lowest pooled MAE over the given days, each scored with every other day's count. */
  static PeopleModel choose(List<Day> days, long windowMs) {
    PeopleModel best = PeopleModel.LINEAR;
    double bestMae = Double.POSITIVE_INFINITY;
    for (PeopleModel model : CANDIDATES) {
      RealScore.Sum sum = new RealScore.Sum();
      for (int d = 0; d < days.size(); d++) {
        for (int c = 0; c < days.size(); c++) {
          Validation.Count count = c == d ? null : Validation.busiestWindow(days.get(c).windows(), windowMs);
          if (count != null) {
            sum.addAll(Validation.sum(Validation.estimate(days.get(d).windows(), List.of(count), model),
                Validation.Estimate::footfall));
          }
        }
      }
      double mae = sum.score().mae();
      if (mae < bestMae) {
        bestMae = mae;
        best = model;
      }
    }
    return best;
  }

  private static List<PeopleModel> candidates() {
    List<PeopleModel> models = new ArrayList<>();
    for (double background : new double[] {0, 0.5, 1, 2, 3}) {
      for (double exponent : new double[] {1, 0.75, 0.5, 0.4, 0.3, 0.2}) {
        models.add(new PeopleModel(background, exponent));
      }
    }
    return List.copyOf(models);
  }

  static String markdown(Result r, String command, String measured) {
    StringBuilder md = new StringBuilder();
    md.append("Measured ").append(measured).append(" with `").append(command).append("`.\n\n");
    md.append("| held-out day | windows | mean people | model (background, exponent) | footfall MAE | (range over"
        + " counts) | footfall MAPE | footfall bias | footfall empty | naive MAE | naive MAPE | naive bias |"
        + " naive empty |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (DayResult d : r.days()) {
      md.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %s, %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
          d.name(), d.windows(), d.meanPeople(), num(d.model().backgroundDevices()), num(d.model().exponent()),
          f2(d.footfall().mae()), d.calibrations() == 0 ? "-" : f2(d.footfallMaeMin()) + "-" + f2(d.footfallMaeMax()),
          pct(d.footfall().mape()), f2(d.footfall().bias()), f2(d.footfall().emptyError()),
          f2(d.naive().mae()), pct(d.naive().mape()), f2(d.naive().bias()), f2(d.naive().emptyError())));
    }
    md.append(String.format(Locale.ROOT, "| **pooled** | %d | | | **%s** | | **%s** | %s | **%s** | **%s** | %s | %s | %s |%n",
        r.footfall().windows(), f2(r.footfall().mae()), pct(r.footfall().mape()), f2(r.footfall().bias()),
        f2(r.footfall().emptyError()), f2(r.naive().mae()), pct(r.naive().mape()), f2(r.naive().bias()),
        f2(r.naive().emptyError())));
    md.append(String.format(Locale.ROOT, "%nPooled MAE by the day that lent the count (min / median / max):"
            + " footfall %s / %s / %s, naive %s / %s / %s. footfall's pooled MAE is %s below the naive baseline's.%n",
        f2(r.footfallMaeByCount().get(0)), f2(median(r.footfallMaeByCount())),
        f2(r.footfallMaeByCount().get(r.footfallMaeByCount().size() - 1)), f2(r.naiveMaeByCount().get(0)),
        f2(median(r.naiveMaeByCount())), f2(r.naiveMaeByCount().get(r.naiveMaeByCount().size() - 1)),
        pct(100 * (1 - r.footfall().mae() / r.naive().mae()))));
    return md.toString();
  }

  static JsonObject json(Result r) {
    JsonArray days = new JsonArray();
    for (DayResult d : r.days()) {
      days.add(new JsonObject().put("day", d.name()).put("windows", d.windows())
          .put("meanPeople", Validation.round(d.meanPeople()))
          .put("model", new JsonObject().put("backgroundDevices", d.model().backgroundDevices())
              .put("exponent", d.model().exponent()))
          .put("calibrations", d.calibrations())
          .put("footfall", d.footfall().json()).put("naive", d.naive().json()));
    }
    return new JsonObject().put("days", days).put("pooled", new JsonObject().put("footfall", r.footfall().json())
        .put("naive", r.naive().json())).put("footfallMaeByCount", new JsonArray(r.footfallMaeByCount()))
        .put("naiveMaeByCount", new JsonArray(r.naiveMaeByCount()));
  }

  private static double median(List<Double> sorted) {
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  static String f2(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
  }

  static String pct(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f %%", v);
  }

  private static String num(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }
}
