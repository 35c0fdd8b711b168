package io.footfall.decisions;

/**
 * What the rollups say about one unit (a store, or a vacant unit) over a history of whole local days: its totals by
 * local hour of the day.
 *
 * @param days      days of the history the unit was recorded on (its frontage or its door)
 * @param visitors  visitors by hour, summed over the days
 * @param passersBy frontage traffic by hour, summed over the days
 */
public record UnitHistory(String zone, String floor, String category, int days, long[] visitors, long[] passersBy) {

  public UnitHistory {
    visitors = hours(visitors);
    passersBy = hours(passersBy);
  }

  double visitorsPerDay() {
    return days == 0 ? 0 : total(visitors) / days;
  }

  /** Everyone who came by the unit's front per day: those who walked in and those who walked past. */
  double trafficPerDay() {
    return days == 0 ? 0 : (total(visitors) + total(passersBy)) / days;
  }

  public static double total(long[] byHour) {
    long sum = 0;
    for (long v : byHour) {
      sum += v;
    }
    return sum;
  }

  private static long[] hours(long[] values) {
    long[] copy = new long[DayFigures.HOURS];
    if (values != null) {
      System.arraycopy(values, 0, copy, 0, Math.min(DayFigures.HOURS, values.length));
    }
    return copy;
  }
}
