package io.footfall.fault;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Client-chosen text in a log line: it can neither start a line of its own nor flood the log. */
class LogSafeTest {

  @Test
  void aLineBreakCannotStartAForgedLogLine() {
    String forged = "s-01\n2026-12-07 19:00:00 INFO  [main] AdminLogin - admin logged in\r";

    assertThat(LogSafe.escape(forged))
        .isEqualTo("s-01\\n2026-12-07 19:00:00 INFO  [main] AdminLogin - admin logged in\\r")
        .doesNotContain("\n", "\r");
  }

  @Test
  void controlCharactersAndLineSeparatorsAreEscapedVisibly() {
    assertThat(LogSafe.escape("a\u0000b\u001b[31mc\u007f\u0085\u2028\td")).isEqualTo(
        "a\\u0000b\\u001b[31mc\\u007f\\u0085\\u2028\\td");
  }

  @Test
  void aBackslashIsEscapedSoThatAnEscapeCannotBeFaked() {
    assertThat(LogSafe.escape("a\\nb")).isEqualTo("a\\\\nb");
  }

  @Test
  void aHugeValueIsCutWithAMarkerSayingHowMuchIsMissing() {
    String escaped = LogSafe.escape("x".repeat(65_000));

    assertThat(escaped).startsWith("x".repeat(LogSafe.MAX_CHARS)).endsWith("...[+64800 chars]");
    assertThat(escaped.length()).isLessThan(LogSafe.MAX_CHARS + 20);
  }

  @Test
  void ordinaryTextAndPairedCharactersStayAsTheyAre() {
    assertThat(LogSafe.escape("footfall/v1/mall-a/s-01/sightings ü 😀")).isEqualTo(
        "footfall/v1/mall-a/s-01/sightings ü 😀");
    assertThat(LogSafe.escape("a\ud800b")).isEqualTo("a\\ud800b");
    assertThat(LogSafe.escape(null)).isEqualTo("null");
    assertThat(LogSafe.escape(42)).isEqualTo("42");
  }
}
