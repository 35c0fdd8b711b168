package io.footfall.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

class ProgressTest {

  private static final LongFunction<String> COUNT = Progress::count;

  @Test
  void aTerminalBarShowsTheShareDoneTheAmountsAndTheTimeLeft() {
    String bar = Progress.bar("sim", 250, 1000, COUNT, 10_000, "arrivals 12");

    assertThat(bar).isEqualTo("sim [######..................]  25%  250 / 1,000  ETA 30s  arrivals 12");
  }

  @Test
  void aBarWithoutAKnownTotalShowsTheAmountAndTheTimeSpent() {
    assertThat(Progress.bar("sensor --read", 1_234_567, 0, n -> Progress.count(n) + " frames", 65_000, ""))
        .isEqualTo("sensor --read 1,234,567 frames  1m 05s");
  }

  @Test
  void aBarNeverOverflowsWhenTheAmountPassesTheTotal() {
    assertThat(Progress.bar("bench", 12, 10, COUNT, 5_000, null))
        .startsWith("bench [########################] 100%  12 / 10");
  }

  @Test
  void aPlainLineSaysTheSameInWordsForLogs() {
    assertThat(Progress.line("sim", 3, 12, n -> n + "h", 120_000, "sightings 5"))
        .isEqualTo("sim: 25% (3h of 12h), 2m 00s elapsed, ETA 6m 00s, sightings 5");
    assertThat(Progress.line("evaluate", 0, 40, COUNT, 500, ""))
        .isEqualTo("evaluate: 0% (0 of 40), 500 ms elapsed");
  }

  @Test
  void durationsAreShortAndReadable() {
    assertThat(Progress.duration(950)).isEqualTo("950 ms");
    assertThat(Progress.duration(42_000)).isEqualTo("42s");
    assertThat(Progress.duration(185_000)).isEqualTo("3m 05s");
    assertThat(Progress.duration(7_620_000)).isEqualTo("2h 07m");
  }

  @Test
  void closingPrintsOneSummaryLineOnStandardError() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Progress progress = new Progress("sim", 100, () -> 100, n -> n + " min", () -> "arrivals 7",
        new PrintStream(err, true, StandardCharsets.UTF_8), false, 3_600_000);

    progress.close();
    progress.close();

    assertThat(err.toString(StandardCharsets.UTF_8)).matches("sim: done in \\d+ ms, 100 min, arrivals 7\\R");
  }
}
