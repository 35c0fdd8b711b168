package io.footfall.analytics;

import java.util.ArrayList;
import java.util.List;

/**
 * People per detected device ({@code people = factor x devices}), fitted to headcounts as the ratio of their sums:
 * each person carries a detectable phone or not, so the spread of a count around {@code factor x devices} grows
 * with its size, and for such counts the ratio of sums is the best linear unbiased estimate (Cochran's ratio
 * estimator); least squares through the origin would let the largest zone decide the factor. One fit for the whole
 * site ({@code hourBand} {@value #SITE_WIDE}) and one per local hour of day
 * that has at least {@value #MIN_BAND_POINTS} counts. The uncalibrated factor is 1.0.
 *
 * @param hourBand {@value #SITE_WIDE} for the site-wide fit, else the local hour of day 0-23
 * @param points   headcounts the fit used
 * @param rmse     root mean square error of the fitted people against the counts
 * @param mape     mean absolute percentage error, over counts with people > 0; NaN when there are none
 */
public record CalibrationFit(int hourBand, double factor, int points, double rmse, double mape) {

  public static final int SITE_WIDE = -1;
  public static final int MIN_BAND_POINTS = 3;
  public static final double UNCALIBRATED = 1.0;

  /** One headcount against the mean estimated devices of its zone and period. */
  public record Point(int hourBand, double devices, double people) {
  }

  /** The site-wide fit first, then the hour bands with enough points; empty without usable points. */
  public static List<CalibrationFit> fit(List<Point> points) {
    List<CalibrationFit> fits = new ArrayList<>();
    List<Point> usable = points.stream().filter(p -> p.devices() > 0).toList();
    if (usable.isEmpty()) {
      return fits;
    }
    fits.add(fitOne(SITE_WIDE, usable));
    for (int band = 0; band < 24; band++) {
      int b = band;
      List<Point> inBand = usable.stream().filter(p -> p.hourBand() == b).toList();
      if (inBand.size() >= MIN_BAND_POINTS) {
        fits.add(fitOne(band, inBand));
      }
    }
    return fits;
  }

  /** The factor for a local hour: its band's fit, else the site-wide one, else {@value #UNCALIBRATED}. */
  public static double factorFor(List<CalibrationFit> fits, int hourOfDay) {
    double siteWide = UNCALIBRATED;
    for (CalibrationFit f : fits) {
      if (f.hourBand() == hourOfDay) {
        return f.factor();
      }
      if (f.hourBand() == SITE_WIDE) {
        siteWide = f.factor();
      }
    }
    return siteWide;
  }

  private static CalibrationFit fitOne(int band, List<Point> points) {
    double people = 0;
    double devices = 0;
    for (Point p : points) {
      people += p.people();
      devices += p.devices();
    }
    double factor = people / devices;
    double squares = 0;
    double percent = 0;
    int withPeople = 0;
    for (Point p : points) {
      double error = factor * p.devices() - p.people();
      squares += error * error;
      if (p.people() > 0) {
        percent += Math.abs(error) / p.people();
        withPeople++;
      }
    }
    return new CalibrationFit(band, factor, points.size(), Math.sqrt(squares / points.size()),
        withPeople == 0 ? Double.NaN : percent / withPeople);
  }
}
