package io.footfall.sim;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them on a command line: {@code 12h}, {@code 90m}, {@code 1h30m}, {@code 45s}, ISO {@code PT2H}. */
public final class DurationText {

  private static final Pattern SHORT = Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

  private DurationText() {
  }

  /** @return the duration, or null for {@code forever} */
  public static Duration parse(String text) {
    String t = text.trim().toLowerCase();
    if (t.equals("forever")) {
      return null;
    }
    if (t.startsWith("pt") || t.startsWith("p")) {
      try {
        return positive(text, Duration.parse(text.trim().toUpperCase()));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("not a duration: '" + text + "'", e);
      }
    }
    Matcher m = SHORT.matcher(t);
    if (t.isEmpty() || !m.matches()) {
      throw new IllegalArgumentException("not a duration: '" + text + "' (examples: 12h, 90m, 1h30m, forever)");
    }
    Duration d = Duration.ofDays(number(m.group(1))).plusHours(number(m.group(2)))
        .plusMinutes(number(m.group(3))).plusSeconds(number(m.group(4)));
    return positive(text, d);
  }

  private static long number(String group) {
    return group == null ? 0 : Long.parseLong(group);
  }

  private static Duration positive(String text, Duration d) {
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException("duration must be positive: '" + text + "'");
    }
    return d;
  }
}
