package io.footfall.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.footfall.site.PeopleModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fitting people per device to headcounts. */
class CalibrationFitTest {

  @Test
  void fitsTheFactorAsTheRatioOfPeopleToDevicesWithItsError() {
    List<CalibrationFit> fits = CalibrationFit.fit(List.of(
        new CalibrationFit.Point(10, 10, 12), new CalibrationFit.Point(14, 20, 26)));

    assertThat(fits).hasSize(1);
    CalibrationFit siteWide = fits.get(0);
    assertThat(siteWide.hourBand()).isEqualTo(CalibrationFit.SITE_WIDE);
    // (12 + 26) / (10 + 20)
    assertThat(siteWide.factor()).isCloseTo(38.0 / 30, within(1e-9));
    assertThat(siteWide.points()).isEqualTo(2);
    // errors 12.67-12 = 2/3 and 25.33-26 = -2/3
    assertThat(siteWide.rmse()).isCloseTo(2.0 / 3, within(1e-9));
    assertThat(siteWide.mape()).isCloseTo((2.0 / 3 / 12 + 2.0 / 3 / 26) / 2, within(1e-9));
  }

  @Test
  void aLargeZoneCountsByItsSizeNotByItsSquare() {
    // GIVEN a food court of 200 devices counted at 240 people (1.2) and four stores of 20 at 30 people (1.5)
    List<CalibrationFit.Point> counts = List.of(new CalibrationFit.Point(12, 200, 240),
        new CalibrationFit.Point(12, 20, 30), new CalibrationFit.Point(12, 20, 30), new CalibrationFit.Point(12, 20, 30),
        new CalibrationFit.Point(12, 20, 30));

    // THEN the factor is people over devices, 360 / 280, not least squares' 1.24 that the food court nearly decides
    assertThat(CalibrationFit.fit(counts).get(0).factor()).isCloseTo(360.0 / 280, within(1e-9));
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

  @Test
  void countsOfDifferentSizesWithAnEmptyRoomLearnTheBackgroundWhenItPredictsTheCountsLeftOutBetter() {
    // a room that hears 6 devices with nobody in it, and 0.8 more per person
    List<CalibrationFit.Point> counts = List.of(new CalibrationFit.Point(10, 6, 0),
        new CalibrationFit.Point(11, 10, 5), new CalibrationFit.Point(12, 14, 10), new CalibrationFit.Point(13, 18, 15));

    CalibrationFit siteWide = CalibrationFit.fit(counts).get(0);

    assertThat(siteWide.backgroundDevices()).isCloseTo(6, within(0.5));
    assertThat(siteWide.people(6)).isCloseTo(0, within(0.5));
    assertThat(siteWide.people(22)).isCloseTo(20, within(1.0));
    assertThat(siteWide.cvRmse()).isLessThan(1.0);
  }

  @Test
  void oneCountStillGivesTheFactorAloneWithTheSitesModel() {
    PeopleModel site = new PeopleModel(2, 0.5);

    List<CalibrationFit> fits = CalibrationFit.fit(List.of(new CalibrationFit.Point(10, 27, 15)), site);

    assertThat(fits).hasSize(1);
    assertThat(fits.get(0).backgroundDevices()).isEqualTo(2);
    assertThat(fits.get(0).factor()).isCloseTo(3.0, within(1e-9));
    assertThat(fits.get(0).cvRmse()).isNaN();
    assertThat(CalibrationFit.peopleFor(fits, 3, 102)).isCloseTo(30, within(1e-9));
  }

  @Test
  void countsProportionalToTheDevicesKeepTheSitesModelSinceABackgroundPredictsNoBetter() {
    List<CalibrationFit.Point> counts = List.of(new CalibrationFit.Point(10, 10, 15),
        new CalibrationFit.Point(11, 20, 30), new CalibrationFit.Point(12, 40, 60));

    CalibrationFit siteWide = CalibrationFit.fit(counts).get(0);

    assertThat(siteWide.backgroundDevices()).isZero();
    assertThat(siteWide.factor()).isCloseTo(1.5, within(1e-9));
    assertThat(siteWide.cvRmse()).isCloseTo(0, within(1e-9));
  }
}
