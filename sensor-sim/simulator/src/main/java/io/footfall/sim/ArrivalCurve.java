package io.footfall.sim;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * How many visitors arrive per minute at a local time: a base level plus Gaussian peaks (lunch, late
 * afternoon), scaled so that a whole weekday brings {@code visitorsPerDay}. Nobody arrives in the last half
 * hour before closing or while the mall is closed, except in a mall that never closes (the demo), where a
 * floor level keeps it lively at night.
 */
final class ArrivalCurve {

  private static final int LAST_ENTRY_MINUTES = 30;

  private final Scenario scenario;
  private final int openMinute;
  private final int lastEntryMinute;
  private final boolean alwaysOpen;
  private final double perShapeUnit;

  ArrivalCurve(Scenario scenario, boolean alwaysOpen) {
    this.scenario = scenario;
    this.alwaysOpen = alwaysOpen;
    this.openMinute = minuteOfDay(scenario.openTime());
    this.lastEntryMinute = Math.max(openMinute + 1, minuteOfDay(scenario.closeTime()) - LAST_ENTRY_MINUTES);
    double total = 0;
    for (int m = openMinute; m < lastEntryMinute; m++) {
      total += shape(m);
    }
    this.perShapeUnit = total == 0 ? 0 : scenario.visitorsPerDay() / total;
  }

  /** Expected arrivals in the minute starting at a local time. */
  double perMinute(ZonedDateTime local) {
    int m = local.getHour() * 60 + local.getMinute();
    double rate = 0;
    if (m >= openMinute && m < lastEntryMinute) {
      DayOfWeek d = local.getDayOfWeek();
      double day = d == DayOfWeek.SATURDAY || d == DayOfWeek.SUNDAY ? scenario.weekendFactor() : 1.0;
      rate = perShapeUnit * shape(m) * day;
    }
    if (alwaysOpen) {
      rate = Math.max(rate, scenario.offHoursVisitorsPerHour() / 60.0);
    }
    return rate;
  }

  boolean open(ZonedDateTime local) {
    int m = local.getHour() * 60 + local.getMinute();
    return alwaysOpen || (m >= openMinute && m < minuteOfDay(scenario.closeTime()));
  }

  private double shape(int minute) {
    double h = minute / 60.0;
    double s = scenario.arrivalBase();
    List<Scenario.Peak> peaks = scenario.arrivalPeaks();
    for (Scenario.Peak p : peaks) {
      double at = minuteOfDay(LocalTime.parse(p.at())) / 60.0;
      double z = (h - at) / p.widthHours();
      s += p.height() * Math.exp(-0.5 * z * z);
    }
    return s;
  }

  static int minuteOfDay(LocalTime t) {
    return t.getHour() * 60 + t.getMinute();
  }
}
