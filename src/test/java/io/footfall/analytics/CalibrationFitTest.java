package io.footfall.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Fitting people per device to headcounts. */
class CalibrationFitTest {

  @Test
  void fitsTheFactorByLeastSquaresThroughTheOriginWithItsError() {
    List<CalibrationFit> fits = CalibrationFit.fit(List.of(
        new CalibrationFit.Point(10, 10, 12), new CalibrationFit.Point(14, 20, 26)));

    assertThat(fits).hasSize(1);
    CalibrationFit siteWide = fits.get(0);
    assertThat(siteWide.hourBand()).isEqualTo(CalibrationFit.SITE_WIDE);
    // (10*12 + 20*26) / (10*10 + 20*20) = 640 / 500
    assertThat(siteWide.factor()).isCloseTo(1.28, within(1e-9));
    assertThat(siteWide.points()).isEqualTo(2);
    // errors 12.8-12 = 0.8 and 25.6-26 = -0.4
    assertThat(siteWide.rmse()).isCloseTo(Math.sqrt((0.64 + 0.16) / 2), within(1e-9));
    assertThat(siteWide.mape()).isCloseTo((0.8 / 12 + 0.4 / 26) / 2, within(1e-9));
  }

  @Test
  void anHourBandGetsItsOwnFactorOnceItHasEnoughCounts() {
    List<CalibrationFit> fits = CalibrationFit.fit(List.of(
        new CalibrationFit.Point(18, 10, 20), new CalibrationFit.Point(18, 20, 40), new CalibrationFit.Point(18, 5, 10),
        new CalibrationFit.Point(10, 10, 10)));

    assertThat(CalibrationFit.factorFor(fits, 18)).isCloseTo(2.0, within(1e-9));
    assertThat(CalibrationFit.factorFor(fits, 10)).as("too few counts: the site-wide factor")
        .isEqualTo(fits.get(0).factor());
  }

  @Test
  void isOneUntilCalibratedAndIgnoresPeriodsWithoutDevices() {
    assertThat(CalibrationFit.fit(List.of(new CalibrationFit.Point(9, 0, 4)))).isEmpty();
    assertThat(CalibrationFit.factorFor(List.of(), 9)).isEqualTo(CalibrationFit.UNCALIBRATED);
  }
}
