package io.footfall.sim;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * Local time at the site for a simulation that moves forward minute by minute: the local minute of the day and
 * the start of the local hour of any instant shortly after the last minute mark, without a time-zone lookup per
 * event, plus the site's daily times (closing, staff shifts) as instants.
 */
final class SiteClock {

  static final long MINUTE = 60_000;

  private final ZoneId tz;
  private final Scenario scenario;
  private long markTs;
  private int markMinuteOfDay;
  private long hourStart = Long.MIN_VALUE;
  private long nextHour;

  SiteClock(ZoneId tz, Scenario scenario) {
    this.tz = tz;
    this.scenario = scenario;
  }

  /** Moves the clock to a minute mark. */
  void mark(long minute) {
    ZonedDateTime local = zoned(minute);
    markTs = minute;
    markMinuteOfDay = local.getHour() * 60 + local.getMinute();
    long hour = local.truncatedTo(ChronoUnit.HOURS).toInstant().toEpochMilli();
    if (hour != hourStart) {
      hourStart = hour;
      nextHour = local.truncatedTo(ChronoUnit.HOURS).plusHours(1).toInstant().toEpochMilli();
    }
  }

  /** Local minute of the day of an instant near the last mark. */
  int minuteOfDay(long t) {
    return (int) Math.floorMod(markMinuteOfDay + Math.floorDiv(t - markTs, MINUTE), 1440L);
  }

  /** Start of the local hour of the last mark. */
  long hourStart() {
    return hourStart;
  }

  /** Start of the local hour of an instant at most a minute after the last mark. */
  long hourOf(long t) {
    return t >= nextHour ? nextHour : hourStart;
  }

  static long minuteOf(long t) {
    return t - Math.floorMod(t, MINUTE);
  }

  ZonedDateTime zoned(long t) {
    return ZonedDateTime.ofInstant(Instant.ofEpochMilli(t), tz);
  }

  LocalDate day(long t) {
    return zoned(t).toLocalDate();
  }

  long closingAt(long t) {
    return at(day(t), scenario.closeTime());
  }

  long shiftStart(LocalDate day) {
    return at(day, LocalTime.parse(scenario.staff().shiftStart()));
  }

  /** End of the shift that starts on a day; the next day when the shift ends after midnight. */
  long shiftEnd(LocalDate day) {
    LocalTime start = LocalTime.parse(scenario.staff().shiftStart());
    LocalTime end = LocalTime.parse(scenario.staff().shiftEnd());
    return at(end.isAfter(start) ? day : day.plusDays(1), end);
  }

  private long at(LocalDate day, LocalTime time) {
    return day.atTime(time).atZone(tz).toInstant().toEpochMilli();
  }
}
