package io.footfall.live;

import io.footfall.fault.ClientFault;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The time range of a series request: ISO-8601 instants, {@code from} before {@code to}, at most 31 days;
 * {@code to} defaults to now and {@code from} to one hour before {@code to}.
 */
record SeriesRange(Instant from, Instant to) {

  static final Duration DEFAULT_SPAN = Duration.ofHours(1);
  static final Duration MAX_SPAN = Duration.ofDays(31);

  /** Parses the query parameters; a {@link ClientFault} (400) names what is wrong. */
  static SeriesRange parse(String from, String to, Instant now) {
    Instant end = blank(to) ? now : instant("to", to);
    Instant start = blank(from) ? end.minus(DEFAULT_SPAN) : instant("from", from);
    if (!start.isBefore(end)) {
      throw ClientFault.badInput("range", "'from' must be before 'to', got from=" + start + " to=" + end);
    }
    if (Duration.between(start, end).compareTo(MAX_SPAN) > 0) {
      throw ClientFault.badInput("range", "the range from 'from' to 'to' may span at most 31 days");
    }
    return new SeriesRange(start, end);
  }

  private static Instant instant(String name, String value) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw ClientFault.badInput("range",
          "'" + name + "' must be an ISO-8601 instant such as 2024-11-29T10:00:00Z, got '" + abbreviate(value) + "'");
    }
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  private static String abbreviate(String value) {
    return value.length() > 40 ? value.substring(0, 40) + "..." : value;
  }
}
