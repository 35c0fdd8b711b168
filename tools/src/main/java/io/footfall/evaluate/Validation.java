package io.footfall.evaluate;

import io.footfall.analytics.CalibrationFit;
import io.footfall.site.PeopleModel;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Turns replayed days into estimated people, footfall's and the naive baseline's, from the calibration counts given,
 * and scores them against the hand counts. Pure arithmetic: the replays are {@link CaptureReplay}'s.
 *
 * <p>footfall's people are what its calibration API would answer: the counts are fitted with {@link CalibrationFit}
 * (ratio of sums, per hour band once a band has enough counts, a background learned from counts of different sizes
 * when it cross-validates better) to the mean {@code estimatedDevices} of the counted period's minute rows, with the
 * {@link PeopleModel} as the site's. The naive baseline counts the distinct addresses heard at or
 * above -85 dBm in the window, times the ratio of the counts' people to the addresses of their periods.
 */
final class Validation {

  /** A count used for calibration: its period, the people counted and what footfall and the baseline saw. */
  record Count(long from, long to, double people, double devices, int addresses, int localHour) {

    static Count of(RealWindow w, long windowMs) {
      return new Count(w.start(), w.start() + windowMs, w.people(), w.devices(), w.addresses(), w.localHour());
    }
  }

  /** footfall's and the baseline's people for one window. */
  record Estimate(RealWindow window, double footfall, double naive) {
  }

  static final int LENT_COUNT_MIN = 10;

  private Validation() {
  }

  /**
   * Every window's estimates, calibrated on {@code counts}. Counts that give no fit (their devices all within the
   * background) leave footfall uncalibrated, people = devices, as its API answers then; counts of periods without an
   * address leave the baseline's factor at 1.
   */
  static List<Estimate> estimate(List<RealWindow> windows, List<Count> counts, PeopleModel model) {
    List<CalibrationFit> fits = fits(counts, model);
    double people = counts.stream().mapToDouble(Count::people).sum();
    double addresses = counts.stream().mapToDouble(Count::addresses).sum();
    double naiveFactor = addresses == 0 ? 1 : people / addresses;
    List<Estimate> out = new ArrayList<>();
    for (RealWindow w : windows) {
      out.add(new Estimate(w, CalibrationFit.peopleFor(fits, w.localHour(), w.devices()),
          naiveFactor * w.addresses()));
    }
    return out;
  }

  /** The fits footfall's calibration API makes of these counts. */
  static List<CalibrationFit> fits(List<Count> counts, PeopleModel model) {
    return CalibrationFit.fit(counts.stream()
        .map(c -> new CalibrationFit.Point(c.localHour(), c.devices(), c.people())).toList(), model);
  }

  static RealScore.Sum sum(List<Estimate> estimates, ToDoubleFunction<Estimate> which) {
    RealScore.Sum sum = new RealScore.Sum();
    estimates.forEach(e -> sum.add(which.applyAsDouble(e), e.window().people()));
    return sum;
  }

  /**
   * The day's one count for the leave-one-day-out runs: its fullest window, when at least {@value #LENT_COUNT_MIN}
   * people were in, like the one count of 15 people; a quiet day's fullest window is no such count.
   */
  static Count busiestWindow(List<RealWindow> windows, long windowMs) {
    return windows.stream().max(Comparator.comparingDouble(RealWindow::people).thenComparing(
            Comparator.comparingLong(RealWindow::start).reversed()))
        .filter(w -> w.people() >= LENT_COUNT_MIN).map(w -> Count.of(w, windowMs)).orElse(null);
  }

  static JsonArray windowsJson(List<Estimate> estimates) {
    JsonArray rows = new JsonArray();
    for (Estimate e : estimates) {
      RealWindow w = e.window();
      rows.add(new JsonObject().put("start", Instant.ofEpochMilli(w.start()).toString())
          .put("people", round(w.people())).put("estimatedDevices", round(w.devices()))
          .put("addresses", w.addresses()).put("footfall", round(e.footfall())).put("naive", round(e.naive())));
    }
    return rows;
  }

  static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
