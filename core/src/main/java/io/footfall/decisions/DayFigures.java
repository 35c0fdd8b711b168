package io.footfall.decisions;

import java.time.LocalDate;

/**
 * One local day of a zone's stored figures, by local hour of the day (arrays of 24; a day when the clocks change
 * folds its extra hour into the same slot).
 *
 * @param visitors       visitors who entered, by hour
 * @param passersBy      passers-by of the frontage, by hour (0 for the site and zones without a frontage)
 * @param flowsIn        moves into the zone from any other zone or outside, by hour
 * @param dwellFine      the day's dwell histogram as (whole minutes, visits) pairs
 * @param repeatVisitors visitors with a repeat-visit id that day
 * @param returning      of those, the ones seen on an earlier day of the repeat window
 */
public record DayFigures(LocalDate day, long[] visitors, long[] passersBy, long[] flowsIn, int[] dwellFine,
                         long repeatVisitors, long returning) {

  public static final int HOURS = 24;

  public DayFigures {
    visitors = hours(visitors);
    passersBy = hours(passersBy);
    flowsIn = hours(flowsIn);
    dwellFine = dwellFine == null ? new int[0] : dwellFine;
  }

  public DayFigures withDwell(int[] pairs) {
    return new DayFigures(day, visitors, passersBy, flowsIn, pairs, repeatVisitors, returning);
  }

  public DayFigures withRepeat(long visitorsWithId, long returningVisitors) {
    return new DayFigures(day, visitors, passersBy, flowsIn, dwellFine, visitorsWithId, returningVisitors);
  }

  /** Whether anything at all was recorded in the hour. */
  boolean recorded(int hour) {
    return visitors[hour] > 0 || passersBy[hour] > 0 || flowsIn[hour] > 0;
  }

  private static long[] hours(long[] values) {
    long[] copy = new long[HOURS];
    if (values != null) {
      System.arraycopy(values, 0, copy, 0, Math.min(HOURS, values.length));
    }
    return copy;
  }
}
