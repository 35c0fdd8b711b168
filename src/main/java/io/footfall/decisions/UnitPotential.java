package io.footfall.decisions;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * What a shop in a unit would draw (docs/decisions.md, "Vacant-unit potential"): the unit's frontage traffic, hour by
 * hour, times the hourly capture rates of comparable stores. Comparable means: on the same floor (when at least
 * {@value #MIN_COMPARABLES} stores there have history, else any floor), of the same category when the unit has one
 * and at least two such stores exist, and of the most similar frontage traffic — the {@value #MAX_COMPARABLES}
 * closest on a log scale. The estimate is the median of what each comparable's capture rates predict, the range
 * their lowest to highest. The same method is tried on every store with history as if it were empty
 * (leave-one-store-out), so that its error on this mall is shown beside the estimate.
 *
 * @param unit         the unit estimated
 * @param visitorsPerDay the estimate for a typical day of the history (all weekdays in their mix), null without
 *                     frontage traffic or comparables
 * @param low          the lowest comparable's prediction
 * @param high         the highest comparable's prediction
 * @param comparables  the stores compared with, with what each predicts
 * @param backtest     each store with history estimated from the others, against what it really drew
 */
public record UnitPotential(String unit, double frontagePerDay, Double visitorsPerDay, Double low, Double high,
                            List<ComparedStore> comparables, List<Backtest> backtest) {

  static final int MIN_COMPARABLES = 3;
  static final int MAX_COMPARABLES = 5;

  /** A store compared with: its own figures and what its hourly capture rates predict for the unit. */
  public record ComparedStore(String zone, String floor, String category, double visitorsPerDay,
                           double passersPerDay, double captureRate, double predictedVisitorsPerDay) {
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
    return new UnitPotential(unit.zone(), unit.passersPerDay(), p.median, p.low, p.high, p.comparables,
        List.copyOf(backtest));
  }

  /** The median absolute relative error of the backtest; null without one. */
  public Double medianAbsoluteError() {
    double[] errors = backtest.stream().mapToDouble(b -> Math.abs(b.error())).sorted().toArray();
    return errors.length == 0 ? null : median(errors);
  }

  /** How many backtested stores drew a number within their predicted range. */
  public long withinRange() {
    return backtest.stream().filter(b -> b.actualPerDay() >= b.low() && b.actualPerDay() <= b.high()).count();
  }

  private record Prediction(Double median, Double low, Double high, List<ComparedStore> comparables) {
  }

  private static Prediction predict(UnitHistory unit, List<UnitHistory> stores) {
    double frontage = unit.passersPerDay();
    List<UnitHistory> usable = stores.stream()
        .filter(s -> s.days() > 0 && s.visitorsPerDay() > 0 && s.passersPerDay() > 0).toList();
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
        .sorted(Comparator.comparingDouble((UnitHistory s) -> Math.abs(Math.log(s.passersPerDay() / frontage)))
            .thenComparing(UnitHistory::zone))
        .limit(MAX_COMPARABLES)
        .map(s -> new ComparedStore(s.zone(), s.floor(), s.category(), s.visitorsPerDay(), s.passersPerDay(),
            s.visitorsPerDay() / s.passersPerDay(), predicted(unit, s)))
        .toList();
    double[] predictions = chosen.stream().mapToDouble(ComparedStore::predictedVisitorsPerDay).sorted().toArray();
    return new Prediction(median(predictions), predictions[0], predictions[predictions.length - 1], chosen);
  }

  /**
   * The unit's frontage per day and hour times the store's capture rate in that hour; an hour the store's frontage
   * saw nobody takes its all-day rate (a unit open longer than the store is not given zero).
   */
  private static double predicted(UnitHistory unit, UnitHistory store) {
    double allDay = store.visitorsPerDay() / store.passersPerDay();
    double visitors = 0;
    for (int h = 0; h < DayFigures.HOURS; h++) {
      double rate = store.passersBy()[h] > 0 ? (double) store.visitors()[h] / store.passersBy()[h] : allDay;
      visitors += (double) unit.passersBy()[h] / unit.days() * rate;
    }
    return visitors;
  }

  private static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
