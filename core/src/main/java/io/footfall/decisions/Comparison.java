package io.footfall.decisions;

import io.footfall.analytics.Dwell;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * A before/after comparison of one zone over two periods of whole local days (docs/decisions.md, "Before and
 * after").
 *
 * <p>Like is compared with like: only the weekday-hours (Monday 10:00-11:00, ...) recorded in both periods count, so
 * a period with more Saturdays, or a store that now opens an hour later, does not pass for a change. Each day's
 * figure is divided by the before period's mean of the same weekday (its index: 1.0 is a usual day for that
 * weekday); the change is the after days' mean index minus 1, and its 95 % margin a Welch t-interval over the
 * indices of both periods: the day-to-day spread of the after days around their level, plus the uncertainty of the
 * before level they are measured against. Counting noise of the estimate itself is part of that daily spread; a
 * constant bias of the estimate (a headcount factor) cancels in the ratio.
 *
 * @param figures         one row per figure, in the order of {@link #FIGURES}
 * @param weekdays        the weekdays present in both periods, Monday first
 * @param beforeDays      days of the before period that were compared (their weekday is in both periods)
 * @param afterDays       likewise, of the after period
 */
public record Comparison(List<Figure> figures, List<DayOfWeek> weekdays, int beforeDays, int afterDays) {

  public static final List<String> FIGURES =
      List.of("visitors", "passersBy", "captureRate", "dwellMedianMin", "returningShare", "flowsIn");
  public static final String METHOD = "weekday-hour matched daily indices, Welch t-interval (95 %)";

  /**
   * One figure side by side.
   *
   * @param before     the before period's mean per compared day, null when undefined or suppressed
   * @param after      likewise, of the after period
   * @param change     relative change after correcting for the weekday mix (0.08 = up 8 %), null when undefined
   * @param margin     half-width of its 95 % interval, null when there are too few days to judge
   * @param verdict    {@code up}, {@code down}, {@code noise} (the interval holds 0) or {@code unknown}
   * @param text       the verdict in words: "up 8 % ± 5 %, more than noise"
   * @param suppressed the figure rests on fewer than k people and is hidden
   */
  public record Figure(String name, Double before, Double after, Double change, Double margin, String verdict,
                       String text, boolean suppressed) {
  }

  /**
   * Compares two periods.
   *
   * @param k the privacy floor: a day's dwell median or returning share stands on at least k visitors, and a period
   *          total of flows in below k (but above 0) is hidden
   */
  public static Comparison of(List<DayFigures> before, List<DayFigures> after, int k) {
    boolean[][] common = commonSlots(before, after);
    List<DayOfWeek> weekdays = new ArrayList<>();
    for (DayOfWeek d : DayOfWeek.values()) {
      for (boolean slot : common[d.getValue()]) {
        if (slot) {
          weekdays.add(d);
          break;
        }
      }
    }
    List<DayFigures> b = before.stream().filter(d -> weekdays.contains(d.day().getDayOfWeek())).toList();
    List<DayFigures> a = after.stream().filter(d -> weekdays.contains(d.day().getDayOfWeek())).toList();
    List<Figure> figures = new ArrayList<>();
    figures.add(figure("visitors", b, a, common, (d, h) -> sum(d.visitors(), h), false));
    figures.add(figure("passersBy", b, a, common, (d, h) -> sum(d.passersBy(), h), false));
    figures.add(figure("captureRate", b, a, common, Comparison::captureRate, false));
    figures.add(figure("dwellMedianMin", b, a, common, (d, h) -> dwellMedian(d, k), false));
    figures.add(figure("returningShare", b, a, common, (d, h) -> returningShare(d, k), false));
    figures.add(figure("flowsIn", b, a, common, (d, h) -> sum(d.flowsIn(), h), hidden(b, a, common, k)));
    return new Comparison(List.copyOf(figures), List.copyOf(weekdays), b.size(), a.size());
  }

  /** [ISO weekday][hour]: recorded on at least one day of that weekday in each period. */
  private static boolean[][] commonSlots(List<DayFigures> before, List<DayFigures> after) {
    boolean[][] inBefore = recorded(before);
    boolean[][] inAfter = recorded(after);
    boolean[][] common = new boolean[8][DayFigures.HOURS];
    for (int w = 1; w <= 7; w++) {
      for (int h = 0; h < DayFigures.HOURS; h++) {
        common[w][h] = inBefore[w][h] && inAfter[w][h];
      }
    }
    return common;
  }

  private static boolean[][] recorded(List<DayFigures> days) {
    boolean[][] slots = new boolean[8][DayFigures.HOURS];
    for (DayFigures d : days) {
      int w = d.day().getDayOfWeek().getValue();
      for (int h = 0; h < DayFigures.HOURS; h++) {
        slots[w][h] |= d.recorded(h);
      }
    }
    return slots;
  }

  private static boolean hidden(List<DayFigures> before, List<DayFigures> after, boolean[][] common, int k) {
    for (List<DayFigures> period : List.of(before, after)) {
      long total = 0;
      for (DayFigures d : period) {
        total += sum(d.flowsIn(), common[d.day().getDayOfWeek().getValue()]);
      }
      if (total > 0 && total < k) {
        return true;
      }
    }
    return false;
  }

  private static double sum(long[] byHour, boolean[] hours) {
    long total = 0;
    for (int h = 0; h < DayFigures.HOURS; h++) {
      if (hours[h]) {
        total += byHour[h];
      }
    }
    return total;
  }

  /** Visitors over everyone who came by (visitors and passers-by), as {@code StoreVisits.captureRate}. */
  private static double captureRate(DayFigures d, boolean[] hours) {
    double visitors = sum(d.visitors(), hours);
    double traffic = visitors + sum(d.passersBy(), hours);
    return traffic == 0 ? Double.NaN : visitors / traffic;
  }

  private static double dwellMedian(DayFigures d, int k) {
    Dwell.Histogram dwell = new Dwell.Histogram();
    dwell.addFine(d.dwellFine());
    return dwell.visits() < Math.max(k, 1) ? Double.NaN : dwell.medianMinutes();
  }

  private static double returningShare(DayFigures d, int k) {
    return d.repeatVisitors() < Math.max(k, 1) ? Double.NaN : (double) d.returning() / d.repeatVisitors();
  }

  private static Figure figure(String name, List<DayFigures> before, List<DayFigures> after, boolean[][] common,
                               BiFunction<DayFigures, boolean[], Double> value, boolean suppressed) {
    if (suppressed) {
      return new Figure(name, null, null, null, null, "unknown", "fewer than the privacy floor", true);
    }
    double[] b = values(before, common, value);
    double[] a = values(after, common, value);
    double[] baseline = new double[8];
    int[] baselineDays = new int[8];
    for (int i = 0; i < b.length; i++) {
      if (!Double.isNaN(b[i])) {
        int w = before.get(i).day().getDayOfWeek().getValue();
        baseline[w] += b[i];
        baselineDays[w]++;
      }
    }
    int groups = 0;
    for (int w = 1; w <= 7; w++) {
      if (baselineDays[w] > 0) {
        baseline[w] /= baselineDays[w];
        groups++;
      }
    }
    double[] beforeIndex = indices(before, b, baseline);
    double[] afterIndex = indices(after, a, baseline);
    Double beforeMean = mean(b);
    Double afterMean = mean(a);
    int na = afterIndex.length;
    int nb = beforeIndex.length;
    if (na == 0 || nb == 0) {
      return new Figure(name, beforeMean, afterMean, null, null, "unknown", "no comparable days", false);
    }
    double change = average(afterIndex) - 1;
    // the before indices scatter around 1 within each weekday: one degree of freedom is spent per weekday mean
    double ssBefore = 0;
    for (double x : beforeIndex) {
      ssBefore += (x - 1) * (x - 1);
    }
    int dofBefore = nb - groups;
    double varAfter = na >= 2 ? variance(afterIndex) : Double.NaN;
    double varBefore = dofBefore >= 1 ? ssBefore / dofBefore : Double.NaN;
    if (Double.isNaN(varAfter) && Double.isNaN(varBefore)) {
      return new Figure(name, beforeMean, afterMean, change, null, "unknown",
          words(change, null) + ", too few days to tell from noise", false);
    }
    // with one period too short to show its own spread, the other's stands in for it
    double dofAfter = na - 1;
    if (Double.isNaN(varAfter)) {
      varAfter = varBefore;
      dofAfter = dofBefore;
    } else if (Double.isNaN(varBefore)) {
      varBefore = varAfter;
      dofBefore = na - 1;
    }
    double ua = varAfter / na;
    double ub = varBefore / nb;
    double se = Math.sqrt(ua + ub);
    double dof = (ua + ub) * (ua + ub) / (ua * ua / dofAfter + ub * ub / dofBefore);
    double margin = se == 0 ? 0 : Student.t975(dof) * se;
    String verdict = Math.abs(change) > margin ? (change > 0 ? "up" : "down") : "noise";
    String text = words(change, margin) + (verdict.equals("noise") ? ", within noise" : ", more than noise");
    return new Figure(name, beforeMean, afterMean, change, margin, verdict, text, false);
  }

  private static double[] values(List<DayFigures> days, boolean[][] common,
                                 BiFunction<DayFigures, boolean[], Double> value) {
    double[] values = new double[days.size()];
    for (int i = 0; i < values.length; i++) {
      DayFigures d = days.get(i);
      values[i] = value.apply(d, common[d.day().getDayOfWeek().getValue()]);
    }
    return values;
  }

  /** Each defined value over its weekday's before mean; days whose weekday mean is 0 or undefined are left out. */
  private static double[] indices(List<DayFigures> days, double[] values, double[] baseline) {
    double[] out = new double[values.length];
    int n = 0;
    for (int i = 0; i < values.length; i++) {
      double base = baseline[days.get(i).day().getDayOfWeek().getValue()];
      if (!Double.isNaN(values[i]) && base > 0) {
        out[n++] = values[i] / base;
      }
    }
    return java.util.Arrays.copyOf(out, n);
  }

  private static Double mean(double[] values) {
    double sum = 0;
    int n = 0;
    for (double v : values) {
      if (!Double.isNaN(v)) {
        sum += v;
        n++;
      }
    }
    return n == 0 ? null : sum / n;
  }

  private static double average(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  private static double variance(double[] values) {
    double m = average(values);
    double ss = 0;
    for (double v : values) {
      ss += (v - m) * (v - m);
    }
    return ss / (values.length - 1);
  }

  /** "up 8 % ± 5 %" in whole percent (tenths below 1 %). */
  static String words(double change, Double margin) {
    String direction = change > 0 ? "up " : change < 0 ? "down " : "unchanged ";
    String text = direction + percent(Math.abs(change));
    return margin == null ? text : text + " ± " + percent(margin);
  }

  private static String percent(double share) {
    double p = share * 100;
    return (p < 1 ? String.format(Locale.ROOT, "%.1f", p) : String.format(Locale.ROOT, "%.0f", p)) + " %";
  }
}
