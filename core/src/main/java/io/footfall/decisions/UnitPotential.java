package io.footfall.decisions;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * What a shop in a unit would draw (docs/decisions.md, "Vacant-unit potential"): the unit's frontage traffic (those
 * who walked in and those who walked past), hour by hour, times the hourly capture rates of comparable stores
 * (visitors over that traffic, as everywhere in footfall). Comparable means: on the same floor (when at least
 * {@value #MIN_COMPARABLES} stores there have history, else any floor), of the same category when the unit has one
 * and at least two such stores exist, and of the most similar frontage traffic — the {@value #MAX_COMPARABLES}
 * closest on a log scale. The estimate is the median of what each comparable's capture rates predict. The same method
 * is tried on every store with history as if it were empty (leave-one-store-out), so that its error on this mall is
 * shown beside the estimate; the range is the comparables' lowest to highest prediction, widened by that error (the
 * median absolute one): the comparables' disagreement says how much the unit's shop could differ from them, the
 * backtest how far the method itself is off on stores whose visitors are known.
 *
 * @param unit         the unit estimated
 * @param visitorsPerDay the estimate for a typical day of the history (all weekdays in their mix), null without
 *                     frontage traffic or comparables
 * @param low          the lowest comparable's prediction less the backtest's median absolute error
 * @param high         the highest comparable's prediction plus that error
 * @param comparables  the stores compared with, with what each predicts
 * @param backtest     each store with history estimated from the others, against what it really drew
 */
public record UnitPotential(String unit, double trafficPerDay, Double visitorsPerDay, Double low, Double high,
                            List<ComparedStore> comparables, List<Backtest> backtest) {

  static final int MIN_COMPARABLES = 3;
  static final int MAX_COMPARABLES = 5;

  /** A store compared with: its own figures and what its hourly capture rates predict for the unit. */
  public record ComparedStore(String zone, String floor, String category, double visitorsPerDay,
                           double trafficPerDay, double captureRate, double predictedVisitorsPerDay) {
  }

  /** One store estimated as if it were empty: predicted against actual visitors per day. */
  public record Backtest(String zone, double actualPerDay, double predictedPerDay, double low, double high,
                         double error) {
  }

  /**
   * Estimates the unit's potential from the stores' history.
   *
   * @param unit   the unit's own history (its frontage traffic; its visitors are ignored: a what-if on a store)
   * @param stores every store with its history; the unit itself, if among them, is left out
   */
  public static UnitPotential estimate(UnitHistory unit, List<UnitHistory> stores) {
    List<UnitHistory> others = stores.stream().filter(s -> !s.zone().equals(unit.zone())).toList();
    Prediction p = predict(unit, others);
    List<Backtest> backtest = new ArrayList<>();
    for (UnitHistory store : others) {
      if (store.visitorsPerDay() <= 0) {
        continue;
      }
      Prediction tried = predict(store, others.stream().filter(s -> !s.zone().equals(store.zone())).toList());
      if (tried.median != null) {
        double actual = store.visitorsPerDay();
        backtest.add(new Backtest(store.zone(), actual, tried.median, tried.low, tried.high,
            (tried.median - actual) / actual));
      }
    }
    double[] errors = backtest.stream().mapToDouble(b -> Math.abs(b.error())).sorted().toArray();
    double widen = errors.length == 0 ? 0 : median(errors);
    return new UnitPotential(unit.zone(), unit.trafficPerDay(), p.median,
        p.low == null ? null : p.low * Math.max(0, 1 - widen), p.high == null ? null : p.high * (1 + widen),
        p.comparables, List.copyOf(backtest));
  }

  /** The median absolute relative error of the backtest; null without one. */
  public Double medianAbsoluteError() {
    double[] errors = backtest.stream().mapToDouble(b -> Math.abs(b.error())).sorted().toArray();
    return errors.length == 0 ? null : median(errors);
  }

  /** How many backtested stores drew a number within their comparables' range widened as the estimate's is. */
  public long withinRange() {
    Double widen = medianAbsoluteError();
    return backtest.stream().filter(b -> b.actualPerDay() >= b.low() * Math.max(0, 1 - widen)
        && b.actualPerDay() <= b.high() * (1 + widen)).count();
  }

  private record Prediction(Double median, Double low, Double high, List<ComparedStore> comparables) {
  }

  private static Prediction predict(UnitHistory unit, List<UnitHistory> stores) {
    double frontage = unit.trafficPerDay();
    List<UnitHistory> usable = stores.stream().filter(s -> s.days() > 0 && s.visitorsPerDay() > 0).toList();
    if (frontage <= 0 || usable.isEmpty()) {
      return new Prediction(null, null, null, List.of());
    }
    List<UnitHistory> pool = usable;
    List<UnitHistory> sameFloor = usable.stream().filter(s -> Objects.equals(s.floor(), unit.floor())).toList();
    if (sameFloor.size() >= MIN_COMPARABLES) {
      pool = sameFloor;
    }
    if (unit.category() != null) {
      List<UnitHistory> sameCategory = pool.stream().filter(s -> unit.category().equals(s.category())).toList();
      if (sameCategory.size() >= 2) {
        pool = sameCategory;
      }
    }
    List<ComparedStore> chosen = pool.stream()
        .sorted(Comparator.comparingDouble((UnitHistory s) -> Math.abs(Math.log(s.trafficPerDay() / frontage)))
            .thenComparing(UnitHistory::zone))
        .limit(MAX_COMPARABLES)
        .map(s -> new ComparedStore(s.zone(), s.floor(), s.category(), s.visitorsPerDay(), s.trafficPerDay(),
            s.visitorsPerDay() / s.trafficPerDay(), predicted(unit, s)))
        .toList();
    double[] predictions = chosen.stream().mapToDouble(ComparedStore::predictedVisitorsPerDay).sorted().toArray();
    return new Prediction(median(predictions), predictions[0], predictions[predictions.length - 1], chosen);
  }

  /**
   * The unit's frontage traffic per day and hour times the store's capture rate in that hour; an hour in which the
   * store's front saw nobody takes its all-day rate (a unit open longer than the store is not given zero).
   */
  private static double predicted(UnitHistory unit, UnitHistory store) {
    double allDay = store.visitorsPerDay() / store.trafficPerDay();
    double visitors = 0;
    for (int h = 0; h < DayFigures.HOURS; h++) {
      long storeTraffic = store.visitors()[h] + store.passersBy()[h];
      double rate = storeTraffic > 0 ? (double) store.visitors()[h] / storeTraffic : allDay;
      visitors += (double) (unit.visitors()[h] + unit.passersBy()[h]) / unit.days() * rate;
    }
    return visitors;
  }

  private static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
