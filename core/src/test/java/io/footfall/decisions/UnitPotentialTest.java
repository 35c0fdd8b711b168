package io.footfall.decisions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The vacant-unit estimate and the payback, on malls whose stores' behaviour is made up to be known. */
class UnitPotentialTest {

  @Property(tries = 100)
  void whenEveryStoreCapturesTheSameShareHourByHourTheEstimateIsTheUnitsTrafficTimesThatShare(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 12) int stores,
      @ForAll @IntRange(min = 1, max = 10) int twentieths) {
    double share = twentieths / 20.0;
    SplittableRandom rng = new SplittableRandom(seed);
    List<UnitHistory> mall = new ArrayList<>();
    for (int i = 0; i < stores; i++) {
      mall.add(store("s" + i, i % 2 == 0 ? "G" : "1", null, 14, rng.nextInt(200, 3000), share));
    }
    UnitHistory unit = store("unit", "G", null, 7, rng.nextInt(200, 3000), 0);

    UnitPotential p = UnitPotential.estimate(unit, mall);

    assertThat(p.visitorsPerDay()).isCloseTo(p.trafficPerDay() * share, within(1e-6 * p.trafficPerDay()));
    assertThat(p.low()).isCloseTo(p.high(), within(1e-6 * p.trafficPerDay()));
    assertThat(p.backtest()).hasSize(stores == 1 ? 0 : stores)
        .allSatisfy(b -> assertThat(b.error()).isCloseTo(0, within(1e-6)));
    assertThat(p.comparables()).hasSizeLessThanOrEqualTo(UnitPotential.MAX_COMPARABLES)
        .noneMatch(c -> c.zone().equals("unit"));
  }

  @Test
  void comparablesAreOnTheSameFloorOfTheSameCategoryWithTheClosestTraffic() {
    List<UnitHistory> mall = List.of(
        store("g-fashion-busy", "G", "fashion", 14, 5000, 0.1),
        store("1-fashion-a", "1", "fashion", 14, 900, 0.1),
        store("1-fashion-b", "1", "fashion", 14, 1100, 0.2),
        store("1-food", "1", "food", 14, 1000, 0.4),
        store("1-books", "1", "books", 14, 1000, 0.05));
    UnitHistory unit = store("unit", "1", "fashion", 14, 1000, 0);

    UnitPotential p = UnitPotential.estimate(unit, mall);

    assertThat(p.comparables()).extracting(UnitPotential.ComparedStore::zone)
        .as("closest traffic first: 1100 is nearer 1000 than 900 is, on a log scale")
        .containsExactly("1-fashion-b", "1-fashion-a");
    assertThat(p.comparables().get(0).predictedVisitorsPerDay()).isCloseTo(200, within(1e-6));
    assertThat(p.comparables().get(1).predictedVisitorsPerDay()).isCloseTo(100, within(1e-6));
    assertThat(p.visitorsPerDay()).isCloseTo(150, within(1e-6));
    double widen = p.medianAbsoluteError();
    assertThat(widen).as("the stores differ, so the method errs on them").isPositive();
    assertThat(p.low()).isCloseTo(100 * (1 - widen), within(1e-6));
    assertThat(p.high()).isCloseTo(200 * (1 + widen), within(1e-6));
  }

  @Test
  void aUnitWithoutTrafficOrAMallWithoutHistoryGivesNoEstimateRatherThanFailing() {
    UnitHistory silent = new UnitHistory("unit", "G", null, 0, null, null);

    assertThat(UnitPotential.estimate(silent, List.of(store("a", "G", null, 7, 100, 0.1))).visitorsPerDay())
        .isNull();
    assertThat(UnitPotential.estimate(store("unit", "G", null, 7, 100, 0), List.of()).visitorsPerDay()).isNull();
    assertThat(UnitPotential.estimate(silent, List.of()).medianAbsoluteError()).isNull();
  }

  @Property(tries = 100)
  void atTheBreakEvenVisitorsTheMarginJustPaysTheRent(@ForAll @DoubleRange(min = 100, max = 50_000) double rent,
                                                     @ForAll @DoubleRange(min = 1, max = 500) double spend,
                                                     @ForAll @DoubleRange(min = 0.01, max = 1) double conversion,
                                                     @ForAll @DoubleRange(min = 0.05, max = 1) double margin) {
    Payback payback = new Payback(rent, spend, conversion, margin, 10_000);

    double breakEven = payback.breakEvenVisitorsPerDay();

    assertThat(payback.at(breakEven).marginPerMonth()).isCloseTo(0, within(1e-6 * rent));
    assertThat(payback.at(breakEven * 0.9).paybackMonths()).as("a loss never pays back").isNull();
    Payback.Outcome twice = payback.at(breakEven * 2);
    assertThat(twice.paybackMonths()).isCloseTo(10_000 / twice.marginPerMonth(), within(1e-9));
  }

  /** A store open 10:00-20:00 whose front sees {@code traffic} a day, of whom {@code share} walk in, every hour. */
  private static UnitHistory store(String zone, String floor, String category, int days, int traffic, double share) {
    long[] visitors = new long[24];
    long[] passers = new long[24];
    for (int h = 10; h < 20; h++) {
      // a multiple of 20, so that a share in twentieths is exact
      long hour = (long) traffic * days / 10 / 20 * 20;
      visitors[h] = Math.round(hour * share);
      passers[h] = hour - visitors[h];
    }
    return new UnitHistory(zone, floor, category, days, visitors, passers);
  }
}
