package io.footfall.fault;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogSafeTest {

  @Test
  void aForgedLineBreakOrNulBecomesAVisibleEscapeOnTheSameLine() {
    String forged = "mallory\n2026-12-07 INFO footfall.audit - login [user: admin]\r\u0000\u2028\u202e";

    String safe = LogSafe.escape(forged);

    assertThat(safe).doesNotContain("\n", "\r", "\u0000", "\u2028", "\u202e")
        .isEqualTo("mallory\\n2026-12-07 INFO footfall.audit - login [user: admin]\\r\\u0000\\u2028\\u202e");
  }

  @Test
  void aBackslashIsDoubledSoThatAnEscapeCannotBeFaked() {
    assertThat(LogSafe.escape("a\\nb")).isEqualTo("a\\\\nb");
  }

  @Test
  void aLongValueIsCutAndSaysHowMuchWasLeftOut() {
    String flood = "A".repeat(1_000_000);

    assertThat(LogSafe.escape(flood)).hasSize(LogSafe.MAX_CHARS + "...(999800 more)".length())
        .endsWith("...(999800 more)");
    assertThat(LogSafe.escape("abcdef", 3)).isEqualTo("abc...(3 more)");
  }

  @Test
  void printableTextAndWholeSurrogatePairsStayAsTheyAreButAHalfPairIsEscaped() {
    assertThat(LogSafe.escape("Café 😀 [zone: food-court]")).isEqualTo("Café 😀 [zone: food-court]");
    assertThat(LogSafe.escape("x\ud83d")).isEqualTo("x\\ud83d");
    assertThat(LogSafe.escape("ab😀", 3)).as("never cut between the halves of a pair").isEqualTo("ab...(2 more)");
    assertThat(LogSafe.escape(null)).isEqualTo("null");
  }
}
