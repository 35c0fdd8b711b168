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
 * day whose fullest window held at least {@value Validation#LENT_COUNT_MIN} people lends that window as the one calibration count, and the held-out
 * day is scored once per lent count. The node's settings (one of the configurations the days were replayed with,
 * e.g. RSSI floors) and the people model ({@link PeopleModel}: background and exponent, among {@link #MODELS}) are
 * chosen on the other days only (the same leave-one-day-out among them), so nothing about the held-out day decides
 * them.
 */
final class LeaveOneDayOut {

  /** The models tried: the plain factor, and backgrounds of 0-5 devices with exponents from 1 down to 0.1. */
  static final List<PeopleModel> MODELS = models();

  /**
   * One day's windows as each configuration's node saw them (same windows, same counts and addresses; footfall's
   * devices differ).
   */
  record Day(String name, List<List<RealWindow>> byConfig) {

    List<RealWindow> windows() {
      return byConfig.get(0);
    }
  }

  /** A configuration (index into the days' {@code byConfig}) and a people model. */
  record Choice(int config, PeopleModel model) {
  }

  /** One held-out day's scores, pooled over the counts lent by the other days, and the choice made without it. */
  record DayResult(String name, int windows, double meanPeople, Choice choice, RealScore footfall,
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
      Choice choice = choose(training, windowMs);
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
        Validation.Count lent = Validation.busiestWindow(days.get(c).byConfig().get(choice.config()), windowMs);
        List<Validation.Estimate> estimates = Validation.estimate(days.get(h).byConfig().get(choice.config()),
            List.of(lent), choice.model());
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
          day.windows().stream().mapToDouble(RealWindow::people).average().orElse(0), choice, dayFootfall.score(),
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

  /** The configuration and model with the lowest pooled MAE over the given days, each scored with every other day's count. */
  static Choice choose(List<Day> days, long windowMs) {
    Choice best = new Choice(0, PeopleModel.LINEAR);
    double bestMae = Double.POSITIVE_INFINITY;
    for (int config = 0; config < days.get(0).byConfig().size(); config++) {
      for (PeopleModel model : MODELS) {
        RealScore.Sum sum = new RealScore.Sum();
        for (int d = 0; d < days.size(); d++) {
          for (int c = 0; c < days.size(); c++) {
            Validation.Count count = c == d ? null
                : Validation.busiestWindow(days.get(c).byConfig().get(config), windowMs);
            if (count != null) {
              sum.addAll(Validation.sum(Validation.estimate(days.get(d).byConfig().get(config), List.of(count), model),
                  Validation.Estimate::footfall));
            }
          }
        }
        double mae = sum.score().mae();
        if (mae < bestMae) {
          bestMae = mae;
          best = new Choice(config, model);
        }
      }
    }
    return best;
  }

  private static List<PeopleModel> models() {
    List<PeopleModel> models = new ArrayList<>();
    for (double background : new double[] {0, 0.5, 1, 2, 3, 4, 5}) {
      for (double exponent : new double[] {1, 0.75, 0.5, 0.4, 0.3, 0.2, 0.15, 0.1}) {
        models.add(new PeopleModel(background, exponent));
      }
    }
    return List.copyOf(models);
  }

  /** The same runs with one configuration each, the model still chosen without the held-out day. */
  static List<Result> perConfig(List<Day> days, long windowMs) {
    List<Result> results = new ArrayList<>();
    for (int config = 0; config < days.get(0).byConfig().size(); config++) {
      int c = config;
      results.add(run(days.stream().map(d -> new Day(d.name(), List.of(d.byConfig().get(c)))).toList(), windowMs));
    }
    return results;
  }

  static String markdown(Result r, List<Result> perConfig, List<String> configs, String command, String measured) {
    StringBuilder md = new StringBuilder();
    md.append("Measured ").append(measured).append(" with `").append(command).append("`.\n\n");
    if (configs.size() > 1) {
      md.append("Each configuration alone (the people model still chosen on the other days):\n\n");
      md.append("| configuration | footfall MAE | MAPE | bias | empty room | naive MAE |\n|---|---|---|---|---|---|\n");
      for (int c = 0; c < configs.size(); c++) {
        RealScore f = perConfig.get(c).footfall();
        md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", configs.get(c), f2(f.mae()),
            pct(f.mape()), f2(f.bias()), f2(f.emptyError()), f2(perConfig.get(c).naive().mae())));
      }
      md.append("\nThe configuration too chosen on the other days, per held-out day:\n\n");
    }
    md.append("| held-out day | windows | mean people | configuration, model (background, exponent) | footfall MAE | (range over"
        + " counts) | footfall MAPE | footfall bias | footfall empty | naive MAE | naive MAPE | naive bias |"
        + " naive empty |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (DayResult d : r.days()) {
      md.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %s, %s, %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
          d.name(), d.windows(), d.meanPeople(), configs.get(d.choice().config()),
          num(d.choice().model().backgroundDevices()), num(d.choice().model().exponent()),
          f2(d.footfall().mae()), d.calibrations() == 0 ? "-" : f2(d.footfallMaeMin()) + "-" + f2(d.footfallMaeMax()),
          pct(d.footfall().mape()), f2(d.footfall().bias()), f2(d.footfall().emptyError()),
          f2(d.naive().mae()), pct(d.naive().mape()), f2(d.naive().bias()), f2(d.naive().emptyError())));
    }
    md.append(String.format(Locale.ROOT, "| **pooled** | %d | | | **%s** | | **%s** | %s | **%s** | **%s** | %s | %s | %s |%n",
        r.days().stream().mapToInt(DayResult::windows).sum(), f2(r.footfall().mae()), pct(r.footfall().mape()), f2(r.footfall().bias()),
        f2(r.footfall().emptyError()), f2(r.naive().mae()), pct(r.naive().mape()), f2(r.naive().bias()),
        f2(r.naive().emptyError())));
    md.append(String.format(Locale.ROOT, "%nPooled: every window of every held-out day once per count lent to it,"
        + " %d scorings.", r.footfall().windows()));
    md.append(String.format(Locale.ROOT, " Pooled MAE by the day that lent the count (min / median / max):"
            + " footfall %s / %s / %s, naive %s / %s / %s. footfall's pooled MAE is %s below the naive baseline's.%n",
        f2(r.footfallMaeByCount().get(0)), f2(median(r.footfallMaeByCount())),
        f2(r.footfallMaeByCount().get(r.footfallMaeByCount().size() - 1)), f2(r.naiveMaeByCount().get(0)),
        f2(median(r.naiveMaeByCount())), f2(r.naiveMaeByCount().get(r.naiveMaeByCount().size() - 1)),
        pct(100 * (1 - r.footfall().mae() / r.naive().mae()))));
    return md.toString();
  }

  static JsonObject json(Result r, List<String> configs) {
    JsonArray days = new JsonArray();
    for (DayResult d : r.days()) {
      days.add(new JsonObject().put("day", d.name()).put("windows", d.windows())
          .put("meanPeople", Validation.round(d.meanPeople()))
          .put("configuration", configs.get(d.choice().config()))
          .put("model", new JsonObject().put("backgroundDevices", d.choice().model().backgroundDevices())
              .put("exponent", d.choice().model().exponent()))
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
