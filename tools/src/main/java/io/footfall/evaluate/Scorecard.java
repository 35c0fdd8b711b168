package io.footfall.evaluate;

import java.util.List;
import java.util.Locale;

/** The result of an evaluation: its rows and how the run was made, printable as a table or as markdown. */
record Scorecard(String run, List<Score> scores) {

  Scorecard {
    scores = List.copyOf(scores);
  }

  /** True when no measured row missed its target. */
  boolean passed() {
    return scores.stream().noneMatch(Score::missed);
  }

  Score score(String metric) {
    return scores.stream().filter(s -> s.metric().equals(metric)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no score " + metric));
  }

  String table() {
    int width = scores.stream().mapToInt(s -> s.metric().length()).max().orElse(10);
    String format = "%-" + width + "s  %10s  %10s  %-7s %s%n";
    StringBuilder out = new StringBuilder(run).append(System.lineSeparator());
    out.append(String.format(Locale.ROOT, format, "metric", "error", "target", "result", "detail"));
    for (Score s : scores) {
      out.append(String.format(Locale.ROOT, format, s.metric(), s.measuredText(), s.targetText(), s.verdict(),
          s.detail()));
    }
    out.append(passed() ? "all measured targets met" : "some measured targets MISSED").append(System.lineSeparator());
    return out.toString();
  }

  String markdown() {
    StringBuilder out = new StringBuilder();
    out.append(run).append("\n\n");
    out.append("| metric | error | target | result | detail |\n|---|---|---|---|---|\n");
    for (Score s : scores) {
      out.append("| ").append(s.metric()).append(" | ").append(s.measuredText()).append(" | ")
          .append(s.targetText().replace("<=", "≤")).append(" | ").append(s.verdict()).append(" | ")
          .append(s.detail()).append(" |\n");
    }
    return out.toString();
  }
}
