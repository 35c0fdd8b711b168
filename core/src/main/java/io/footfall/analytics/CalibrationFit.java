package io.footfall.analytics;

import io.footfall.site.PeopleModel;
import java.util.ArrayList;
import java.util.List;

/**
 * People from estimated devices, fitted to headcounts: {@code people = factor x model.scaled(devices)}, the model
 * ({@link PeopleModel}: a background of devices heard with nobody there, an exponent) being the site's own unless
 * the counts support a background of their own.
 *
 * <p>The factor is the ratio of sums of the counts' people to their scaled devices: each person carries a
 * detectable phone or not, so the spread of a count around the fit grows with its size, and for such counts the
 * ratio of sums is the best linear unbiased estimate (Cochran's ratio estimator); least squares through the origin
 * would let the largest zone decide the factor. With one count that is all: one number from one count.
 *
 * <p><b>A learned background.</b> From {@value #MIN_BACKGROUND_POINTS} counts on whose devices differ (the
 * fullest at least {@value #MIN_DEVICE_SPREAD} times the emptiest), a background is fitted too, by least squares
 * over a grid below the devices of the counts with people. It replaces the site's only when it predicts counts it
 * was not fitted to better: the leave-one-count-out error ({@code cvRmse}) of the two-number model must be lower
 * than that of the factor alone. A count of an empty room is what pins the background down.
 *
 * <p>One fit for the whole site ({@code hourBand} {@value #SITE_WIDE}) and one per local hour of day that has at
 * least {@value #MIN_BAND_POINTS} counts. Uncalibrated, people are the devices themselves (factor 1, no model).
 *
 * @param hourBand          {@value #SITE_WIDE} for the site-wide fit, else the local hour of day 0-23
 * @param backgroundDevices the model's background: the site's, or learned from the counts
 * @param exponent          the model's exponent (the site's)
 * @param points            headcounts the fit used
 * @param rmse              root mean square error of the fitted people against the counts
 * @param mape              mean absolute percentage error, over counts with people > 0; NaN when there are none
 * @param cvRmse            the same error for each count predicted by a fit to the other counts (leave one count
 *                          out), people; NaN with a single count
 */
public record CalibrationFit(int hourBand, double factor, double backgroundDevices, double exponent, int points,
                             double rmse, double mape, double cvRmse) {

  public static final int SITE_WIDE = -1;
  public static final int MIN_BAND_POINTS = 3;
  public static final int MIN_BACKGROUND_POINTS = 3;
  public static final double MIN_DEVICE_SPREAD = 1.5;
  public static final double UNCALIBRATED = 1.0;
  private static final int BACKGROUND_STEPS = 40;

  /** One headcount against the mean estimated devices of its zone and period. */
  public record Point(int hourBand, double devices, double people) {
  }

  /** The model this fit applies. */
  public PeopleModel model() {
    return new PeopleModel(backgroundDevices, exponent);
  }

  /** This fit's people for the given devices. */
  public double people(double devices) {
    return factor * model().scaled(devices);
  }

  /** {@link #fit(List, PeopleModel)} with the plain factor as the site's model. */
  public static List<CalibrationFit> fit(List<Point> points) {
    return fit(points, PeopleModel.LINEAR);
  }

  /** The site-wide fit first, then the hour bands with enough points; empty without usable points. */
  public static List<CalibrationFit> fit(List<Point> points, PeopleModel site) {
    List<CalibrationFit> fits = new ArrayList<>();
    List<Point> usable = points.stream().filter(p -> site.scaled(p.devices()) > 0 || p.people() == 0).toList();
    if (usable.stream().noneMatch(p -> site.scaled(p.devices()) > 0)) {
      return fits;
    }
    fits.add(fitBand(SITE_WIDE, usable, site));
    for (int band = 0; band < 24; band++) {
      int b = band;
      List<Point> inBand = usable.stream().filter(p -> p.hourBand() == b).toList();
      if (inBand.size() >= MIN_BAND_POINTS && inBand.stream().anyMatch(p -> site.scaled(p.devices()) > 0)) {
        fits.add(fitBand(band, inBand, site));
      }
    }
    return fits;
  }

  /** The fit for a local hour: its band's, else the site-wide one; null when uncalibrated. */
  public static CalibrationFit forHour(List<CalibrationFit> fits, int hourOfDay) {
    CalibrationFit siteWide = null;
    for (CalibrationFit f : fits) {
      if (f.hourBand() == hourOfDay) {
        return f;
      }
      if (f.hourBand() == SITE_WIDE) {
        siteWide = f;
      }
    }
    return siteWide;
  }

  /** The factor for a local hour: its band's fit, else the site-wide one, else {@value #UNCALIBRATED}. */
  public static double factorFor(List<CalibrationFit> fits, int hourOfDay) {
    CalibrationFit fit = forHour(fits, hourOfDay);
    return fit == null ? UNCALIBRATED : fit.factor();
  }

  /** People for devices at a local hour; the devices themselves while uncalibrated. */
  public static double peopleFor(List<CalibrationFit> fits, int hourOfDay, double devices) {
    CalibrationFit fit = forHour(fits, hourOfDay);
    return fit == null ? devices * UNCALIBRATED : fit.people(devices);
  }

  private static CalibrationFit fitBand(int band, List<Point> points, PeopleModel site) {
    CalibrationFit plain = withModel(band, points, site);
    if (!supportsBackground(points)) {
      return plain;
    }
    CalibrationFit learned = learnBackground(band, points, site);
    double plainCv = crossValidated(points, p -> withModel(band, p, site));
    double learnedCv = crossValidated(points, p -> learnBackground(band, p, site));
    return learnedCv < plainCv ? learned.withCv(learnedCv) : plain.withCv(plainCv);
  }

  private static boolean supportsBackground(List<Point> points) {
    if (points.size() < MIN_BACKGROUND_POINTS) {
      return false;
    }
    double min = points.stream().mapToDouble(Point::devices).min().orElse(0);
    double max = points.stream().mapToDouble(Point::devices).max().orElse(0);
    return max > 0 && max >= MIN_DEVICE_SPREAD * min;
  }

  /** The background (on a grid below the devices of every count with people) with the least squared error. */
  private static CalibrationFit learnBackground(int band, List<Point> points, PeopleModel site) {
    double ceiling = points.stream().filter(p -> p.people() > 0).mapToDouble(Point::devices).min()
        .orElse(0);
    CalibrationFit best = withModel(band, points, site);
    for (int i = 1; i < BACKGROUND_STEPS; i++) {
      double background = ceiling * i / BACKGROUND_STEPS;
      CalibrationFit candidate = withModel(band, points, new PeopleModel(background, site.exponent()));
      if (candidate.rmse() < best.rmse()) {
        best = candidate;
      }
    }
    return best;
  }

  private interface Fitter {
    CalibrationFit fit(List<Point> points);
  }

  /** Root mean square error of each count predicted by a fit to the others. */
  private static double crossValidated(List<Point> points, Fitter fitter) {
    double squares = 0;
    for (int i = 0; i < points.size(); i++) {
      List<Point> others = new ArrayList<>(points);
      Point left = others.remove(i);
      double error = fitter.fit(others).people(left.devices()) - left.people();
      squares += error * error;
    }
    return Math.sqrt(squares / points.size());
  }

  private static CalibrationFit withModel(int band, List<Point> points, PeopleModel model) {
    double people = 0;
    double scaled = 0;
    for (Point p : points) {
      people += p.people();
      scaled += model.scaled(p.devices());
    }
    double factor = scaled > 0 ? people / scaled : UNCALIBRATED;
    double squares = 0;
    double percent = 0;
    int withPeople = 0;
    for (Point p : points) {
      double error = factor * model.scaled(p.devices()) - p.people();
      squares += error * error;
      if (p.people() > 0) {
        percent += Math.abs(error) / p.people();
        withPeople++;
      }
    }
    return new CalibrationFit(band, factor, model.backgroundDevices(), model.exponent(), points.size(),
        Math.sqrt(squares / points.size()), withPeople == 0 ? Double.NaN : percent / withPeople, Double.NaN);
  }

  private CalibrationFit withCv(double cv) {
    return new CalibrationFit(hourBand, factor, backgroundDevices, exponent, points, rmse, mape, cv);
  }
}
