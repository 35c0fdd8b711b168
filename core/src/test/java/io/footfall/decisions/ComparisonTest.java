package io.footfall.decisions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

/**
 * The before/after comparison on synthetic days whose true change is known: a store with a weekly rhythm (busy
 * Saturdays), noisy day to day as counts are, before and after a change of a given size.
 */
class ComparisonTest {

  private static final LocalDate MONDAY = LocalDate.of(2026, 10, 5);
  private static final int K = 5;

  /** Visitors of a weekday relative to a Monday: Saturday is the big day. */
  private static final double[] WEEKLY = {0, 1.0, 0.95, 1.0, 1.1, 1.3, 1.8, 1.4};

  @Property(tries = 60)
  void aChangeWellAboveTheDailyNoiseIsFoundAndItsSizeIsInsideTheMargin(
      @ForAll long seed, @ForAll @DoubleRange(min = 0.2, max = 0.6) double lift, @ForAll boolean down) {
    double truth = down ? -lift / 2 : lift;
    SplittableRandom rng = new SplittableRandom(seed);

    Comparison c = Comparison.of(days(rng, MONDAY, 28, 400, 0.06, 0), days(rng, MONDAY.plusDays(28), 28, 400, 0.06,
        truth), K);

    Comparison.Figure visitors = c.figures().get(0);
    assertThat(visitors.verdict()).isEqualTo(down ? "down" : "up");
    assertThat(visitors.text()).endsWith("more than noise");
    assertThat(visitors.change()).isCloseTo(truth, within(3 * visitors.margin()));
  }

  @Property(tries = 60)
  void anUnchangedStoreIsMostlyCalledWithinNoiseAndTheMarginCoversTheTruth(@ForAll long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int covered = 0;
    int runs = 40;
    for (int i = 0; i < runs; i++) {
      Comparison c = Comparison.of(days(rng, MONDAY, 14, 300, 0.08, 0), days(rng, MONDAY.plusDays(14), 14, 300, 0.08,
          0), K);
      Comparison.Figure visitors = c.figures().get(0);
      if (visitors.verdict().equals("noise")) {
        covered++;
      }
    }
    // a 95 % interval holds the true change (none) in about 38 of 40 runs; 33 is 3 standard deviations below
    assertThat(covered).isGreaterThanOrEqualTo(33);
  }

  @Test
  void moreSaturdaysAfterThanBeforeDoNotPassForAChange() {
    SplittableRandom rng = new SplittableRandom(7);
    List<DayFigures> before = days(rng, MONDAY, 14, 400, 0.0, 0);
    // the after period: only Fridays, Saturdays and Sundays, the busiest days of the week
    List<DayFigures> after = days(rng, MONDAY.plusDays(14), 14, 400, 0.0, 0).stream()
        .filter(d -> d.day().getDayOfWeek().getValue() >= 5).toList();

    Comparison c = Comparison.of(before, after, K);

    Comparison.Figure visitors = c.figures().get(0);
    assertThat(total(after) / after.size()).as("a naive comparison of the periods' daily means")
        .isGreaterThan(total(before) / before.size() * 1.2);
    assertThat(visitors.verdict()).isEqualTo("noise");
    assertThat(visitors.change()).isCloseTo(0, within(0.05));
    assertThat(c.weekdays()).containsExactly(DayOfWeek.FRIDAY, DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
    assertThat(c.beforeDays()).isEqualTo(6);
  }

  @Test
  void hoursRecordedInOnlyOnePeriodAreLeftOut() {
    List<DayFigures> before = new ArrayList<>();
    List<DayFigures> after = new ArrayList<>();
    for (int i = 0; i < 14; i++) {
      before.add(day(MONDAY.plusDays(i), hours(10, 20, 50), hours(10, 20, 500)));
      // after: the same hours, plus a late opening 20:00-22:00 that the before period never had
      long[] visitors = hours(10, 20, 50);
      visitors[20] = visitors[21] = 80;
      after.add(day(MONDAY.plusDays(14 + i), visitors, hours(10, 22, 500)));
    }

    Comparison c = Comparison.of(before, after, K);

    assertThat(c.figures().get(0).change()).isCloseTo(0, within(1e-9));
    assertThat(c.figures().get(2).change()).as("capture rate").isCloseTo(0, within(1e-9));
  }

  @Test
  void emptyPeriodsGiveNoVerdictInsteadOfFailing() {
    Comparison c = Comparison.of(List.of(), List.of(), K);

    assertThat(c.figures()).hasSize(Comparison.FIGURES.size()).allSatisfy(f -> {
      assertThat(f.change()).isNull();
      assertThat(f.verdict()).isEqualTo("unknown");
    });
  }

  @Test
  void aFewFlowsInArePrivateAndDwellOfFewPeopleIsNotUsed() {
    List<DayFigures> before = new ArrayList<>();
    List<DayFigures> after = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      long[] flows = new long[24];
      flows[12] = i == 0 ? 3 : 0;
      before.add(new DayFigures(MONDAY.plusDays(i), hours(10, 20, 40), hours(10, 20, 400), flows,
          new int[] {10, 3}, 3, 1));
      after.add(new DayFigures(MONDAY.plusDays(7 + i), hours(10, 20, 40), hours(10, 20, 400), flows,
          new int[] {10, 3}, 3, 1));
    }

    Comparison c = Comparison.of(before, after, K);

    assertThat(c.figures().get(5).suppressed()).isTrue();
    assertThat(c.figures().get(5).before()).isNull();
    assertThat(c.figures().get(3).before()).as("3 dwell visits a day are below k").isNull();
    assertThat(c.figures().get(4).verdict()).isEqualTo("unknown");
  }

  @Test
  void verdictsReadAsAManagerWouldSayThem() {
    assertThat(Comparison.words(0.083, 0.051)).isEqualTo("up 8 % ± 5 %");
    assertThat(Comparison.words(-0.004, 0.02)).isEqualTo("down 0.4 % ± 2 %");
  }

  /** Days from {@code first}: 10:00-20:00, Poisson-like counts around the weekly rhythm, scaled by 1 + change. */
  static List<DayFigures> days(SplittableRandom rng, LocalDate first, int n, double mondayVisitors, double noise,
                               double change) {
    List<DayFigures> days = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      LocalDate day = first.plusDays(i);
      double level = mondayVisitors * WEEKLY[day.getDayOfWeek().getValue()] * (1 + change)
          * (1 + noise * gaussian(rng));
      long[] visitors = new long[24];
      long[] passers = new long[24];
      for (int h = 10; h < 20; h++) {
        double mean = level / 10;
        visitors[h] = Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(rng)));
        passers[h] = Math.max(1, Math.round(mean * 8 / (1 + change)));
      }
      days.add(day(day, visitors, passers));
    }
    return days;
  }

  private static double total(List<DayFigures> days) {
    return days.stream().mapToDouble(d -> UnitHistory.total(d.visitors())).sum();
  }

  private static DayFigures day(LocalDate day, long[] visitors, long[] passers) {
    return new DayFigures(day, visitors, passers, null, null, 0, 0);
  }

  private static long[] hours(int from, int to, long each) {
    long[] v = new long[24];
    for (int h = from; h < to; h++) {
      v[h] = each;
    }
    return v;
  }

  private static double gaussian(SplittableRandom rng) {
    return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
  }
}
