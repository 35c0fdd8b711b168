package io.footfall.evaluate;

import io.vertx.core.json.JsonObject;

/**
 * Errors of estimated people against hand counts over a set of windows.
 *
 * @param windows    windows scored
 * @param mae        mean absolute error, people
 * @param mape       mean absolute percentage error over the windows with at least one person, percent; NaN without
 * @param bias       mean of estimate minus count, people
 * @param emptyError mean estimate over the windows in which nobody was counted at all (the room empty throughout);
 *                   NaN without such windows
 * @param emptyWindows how many windows that is
 */
record RealScore(int windows, double mae, double mape, double bias, double emptyError, int emptyWindows) {

  /** Accumulates (estimate, count) pairs. */
  static final class Sum {
    private int n;
    private double absolute;
    private double signed;
    private double percent;
    private int withPeople;
    private double empty;
    private int emptyN;

    void add(double estimate, double people) {
      double error = estimate - people;
      n++;
      absolute += Math.abs(error);
      signed += error;
      if (people >= 1) {
        percent += Math.abs(error) / people;
        withPeople++;
      }
      if (people == 0) {
        empty += Math.abs(estimate);
        emptyN++;
      }
    }

    void addAll(Sum other) {
      n += other.n;
      absolute += other.absolute;
      signed += other.signed;
      percent += other.percent;
      withPeople += other.withPeople;
      empty += other.empty;
      emptyN += other.emptyN;
    }

    RealScore score() {
      return new RealScore(n, n == 0 ? Double.NaN : absolute / n,
          withPeople == 0 ? Double.NaN : 100 * percent / withPeople, n == 0 ? Double.NaN : signed / n,
          emptyN == 0 ? Double.NaN : empty / emptyN, emptyN);
    }
  }

  JsonObject json() {
    return new JsonObject().put("windows", windows).put("mae", round(mae)).put("mapePercent", round(mape))
        .put("bias", round(bias)).put("emptyRoomError", round(emptyError)).put("emptyWindows", emptyWindows);
  }

  private static Double round(double v) {
    return Double.isNaN(v) ? null : Math.round(v * 100) / 100.0;
  }
}
