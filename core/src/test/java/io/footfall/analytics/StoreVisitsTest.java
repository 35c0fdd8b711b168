package io.footfall.analytics;

import static io.footfall.analytics.Mall.BOOK;
import static io.footfall.analytics.Mall.DOOR;
import static io.footfall.analytics.Mall.FOOD;
import static io.footfall.analytics.Mall.HALL;
import static io.footfall.analytics.Mall.MIN;
import static io.footfall.analytics.Mall.SHOE;
import static io.footfall.analytics.Mall.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class StoreVisitsTest {

  private static final long LATER = 60 * MIN;

  @Test
  void visitorEntersTheStoreWhilePasserByOnlyWalksItsFrontage() {
    // GIVEN one device that shops in shoe for 8 minutes and one that walks along the hall and leaves
    Mall mall = new Mall()
        .walk(1, 0, DOOR, 1, HALL, 1, SHOE, 8, HALL, 1, DOOR, 1)
        .walk(2, 0, DOOR, 1, HALL, 2, DOOR, 1);

    mall.runUntil(LATER);
    List<StoreMinute> rows = mall.metrics.drainFinished().stores();

    // THEN shoe has one visitor and one passer-by; book was passed by both; the short trip is a site passer-by
    assertThat(total(rows, "shoe")).containsExactly(1, 1, 0, 0);
    assertThat(total(rows, "book")).containsExactly(0, 2, 0, 0);
    assertThat(total(rows, StoreMinute.SITE)).containsExactly(1, 1, 0, 0);
  }

  @Test
  void aVacantUnitCountsItsPassersByAsTheTrafficAShopThereWouldFace() {
    // GIVEN the book shop's unit empty, one device shopping in shoe and two walking the hall past both units
    Mall mall = Mall.withVacantBookUnit()
        .walk(1, 0, DOOR, 1, HALL, 1, SHOE, 8, HALL, 1, DOOR, 1)
        .walk(2, 0, DOOR, 1, HALL, 2, DOOR, 1)
        .walk(3, 0, DOOR, 1, HALL, 2, DOOR, 1);

    mall.runUntil(LATER);
    List<StoreMinute> rows = mall.metrics.drainFinished().stores();

    // THEN the empty unit has rows of its own: three passers-by, nobody in
    assertThat(total(rows, "book")).containsExactly(0, 3, 0, 0);
    assertThat(total(rows, "shoe")).containsExactly(1, 2, 0, 0);
  }

  @Test
  void goingBackToTheFrontageAfterAVisitIsNotAPass() {
    // GIVEN a device that walks the hall, shops, walks the hall again and shops again
    Mall mall = new Mall().walk(1, 0, DOOR, 1, HALL, 1, SHOE, 3, HALL, 2, SHOE, 3, HALL, 1, DOOR, 1);

    mall.runUntil(LATER);
    List<StoreMinute> rows = mall.metrics.drainFinished().stores();

    assertThat(total(rows, "shoe")).as("two visits, no pass").containsExactly(2, 0, 0, 0);
    assertThat(total(rows, "book")).as("one pass of the whole hall stretch").containsExactly(0, 1, 0, 0);
  }

  @Test
  void aStayShorterThanTheMinimumVisitIsAPassNotAVisit() {
    Mall strict = new Mall().walk(1, 0, DOOR, 1, HALL, 1, SHOE, 1, HALL, 1, DOOR, 1);
    Mall lenient = new Mall(settings(30_000, 300_000, 18_000_000, List.of()))
        .walk(1, 0, DOOR, 1, HALL, 1, SHOE, 1, HALL, 1, DOOR, 1);

    strict.runUntil(LATER);
    lenient.runUntil(LATER);

    assertThat(total(strict.metrics.drainFinished().stores(), "shoe")).containsExactly(0, 1, 0, 0);
    assertThat(total(lenient.metrics.drainFinished().stores(), "shoe")).containsExactly(1, 0, 0, 0);
  }

  @Test
  void captureRateIsVisitorsOverVisitorsAndPassersBy() {
    Mall mall = new Mall().walk(1, 0, DOOR, 1, HALL, 1, SHOE, 5, HALL, 1, DOOR, 1);
    for (long dev = 2; dev <= 4; dev++) {
      mall.walk(dev, 0, DOOR, 1, HALL, 2, DOOR, 1);
    }

    mall.runUntil(LATER);

    StoreVisits.Today shoe = mall.metrics.today(T0 + LATER).stream()
        .filter(t -> t.zone().equals("shoe")).findFirst().orElseThrow();
    assertThat(shoe.visitors()).isEqualTo(1);
    assertThat(shoe.passersBy()).isEqualTo(3);
    assertThat(shoe.captureRate()).isEqualTo(0.25);
    assertThat(StoreVisits.captureRate(0, 0)).isNull();
    assertThat(mall.metrics.today(T0 + 25 * 3_600_000L)).as("a new day starts at zero")
        .allMatch(t -> t.visitors() == 0 && t.passersBy() == 0);
  }

  @Test
  void dwellFallsIntoItsBucketAndGivesMedianAndMean() {
    Mall mall = new Mall()
        .walk(1, 0, DOOR, 1, HALL, 1, SHOE, 3, HALL, 1, DOOR, 1)
        .walk(2, 0, DOOR, 1, HALL, 1, SHOE, 10, HALL, 1, DOOR, 1)
        .walk(3, 0, DOOR, 1, HALL, 1, SHOE, 30, HALL, 1, DOOR, 1);

    mall.runUntil(2 * LATER);
    Dwell.Histogram dwell = new Dwell.Histogram();
    mall.metrics.drainFinished().stores().stream().filter(r -> r.zone().equals("shoe")).forEach(dwell::add);

    assertThat(dwell.visits()).isEqualTo(3);
    assertThat(dwell.buckets()).containsExactly(1, 1, 1, 0, 0);
    assertThat(dwell.medianMinutes()).isCloseTo(10.5, within(1e-9));
    assertThat(dwell.meanMinutes()).isCloseTo(43.0 / 3, within(1e-9));
    assertThat(Dwell.bucket(6 * LATER)).isEqualTo(4);
    assertThat(Dwell.bin(7 * LATER)).isEqualTo(Dwell.OVERFLOW_BIN);
  }

  @Test
  void staffByLongPresenceAndAllowListedDevicesAreExcluded() {
    // GIVEN a staff threshold of 10 minutes and device 7 on the allow-list
    Mall mall = new Mall(settings(120_000, 300_000, 10 * MIN, List.of("0000000000000007")))
        .walk(1, 0, DOOR, 1, HALL, 1, SHOE, 15, HALL, 1, DOOR, 1)
        .walk(7, 0, DOOR, 1, HALL, 1, BOOK, 3, HALL, 1, DOOR, 1);

    mall.runUntil(LATER);
    List<StoreMinute> rows = mall.metrics.drainFinished().stores();

    assertThat(total(rows, "shoe")).as("present 17 min when the visit ended").containsExactly(0, 0, 1, 0);
    assertThat(total(rows, "book")).as("allow-listed").containsExactly(0, 0, 1, 0);
    assertThat(total(rows, StoreMinute.SITE)).containsExactly(0, 0, 2, 0);
  }

  @Test
  void randomizedAddressesAreCountedApart() {
    Mall mall = new Mall();
    mall.stay(1, DOOR, 0, MIN, true).stay(1, HALL, MIN, 2 * MIN, true).stay(1, SHOE, 2 * MIN, 10 * MIN, true)
        .stay(1, HALL, 10 * MIN, 11 * MIN, true);

    mall.runUntil(LATER);
    List<StoreMinute> rows = mall.metrics.drainFinished().stores();

    assertThat(total(rows, "shoe")).containsExactly(0, 0, 0, 1);
    assertThat(total(rows, "book")).as("no pass counted for a random address").containsExactly(0, 0, 0, 0);
  }

  @Test
  void todaysVisitorsAreEveryVisitorFixedAndRandomizedWhileCaptureRateIsAmongThePhonesWhosePassesAreSeen() {
    // GIVEN one fixed-address visitor, one randomized-address visitor and one fixed-address passer-by of shoe
    Mall mall = new Mall().walk(1, 0, DOOR, 1, HALL, 1, SHOE, 5, HALL, 1, DOOR, 1)
        .walk(3, 0, DOOR, 1, HALL, 2, DOOR, 1);
    mall.stay(2, DOOR, 0, MIN, true).stay(2, HALL, MIN, 2 * MIN, true).stay(2, SHOE, 2 * MIN, 10 * MIN, true)
        .stay(2, HALL, 10 * MIN, 11 * MIN, true);

    mall.runUntil(LATER);

    StoreVisits.Today shoe = mall.metrics.today(T0 + LATER).stream()
        .filter(t -> t.zone().equals("shoe")).findFirst().orElseThrow();
    assertThat(shoe.visitors()).as("all visitors").isEqualTo(2);
    assertThat(shoe.fixedAddressVisitors()).isEqualTo(1);
    assertThat(shoe.random()).isEqualTo(1);
    assertThat(shoe.captureRate()).as("1 fixed visitor of 2 fixed phones that came by").isEqualTo(0.5);
    int[] stored = total(mall.metrics.drainFinished().stores(), "shoe");
    assertThat(stored[0] + stored[3]).as("the stored rows hold the same visitors").isEqualTo(shoe.visitors());
  }

  @Test
  void backDatedExitLandsInTheMinuteItHappenedAndIsFinalOnlyAfterTheAbsenceTimeout() {
    // GIVEN a device heard in hall last at 0:40 and in shoe first at 1:00, so it entered shoe half-way, at 0:50;
    // last heard in shoe at 6:40, it left at 7:40, known at 9:40
    Mall mall = new Mall().walk(1, 0, HALL, 1, SHOE, 6);

    mall.runUntil(10 * MIN - 1);
    assertThat(mall.metrics.drainFinished().stores()).as("minute 7 may still change until 10:00")
        .noneMatch(r -> r.minute() == T0 + 7 * MIN);

    mall.runUntil(11 * MIN);
    List<StoreMinute> rows = mall.metrics.drainFinished().stores();
    assertThat(rows).filteredOn(r -> r.zone().equals("shoe"))
        .singleElement()
        .satisfies(r -> {
          assertThat(r.minute()).isEqualTo(T0 + 7 * MIN);
          assertThat(r.visitors()).isEqualTo(1);
          assertThat(r.dwellFine()).containsExactly(6, 1);
          assertThat(r.dwellTotalMs()).isEqualTo(6 * MIN + 50_000);
        });
  }

  @Test
  void flushAtShutdownGivesProvisionalRowsOfOpenMinutes() {
    Mall mall = new Mall().walk(1, 0, DOOR, 1, HALL, 1, SHOE, 3, HALL, 1);
    mall.runUntil(6 * MIN);

    List<StoreMinute> rows = mall.metrics.flushOpen().stores();

    assertThat(total(rows, "shoe")).containsExactly(1, 0, 0, 0);
    assertThat(mall.metrics.drainFinished().stores()).isEmpty();
  }

  @Test
  void compositeListenerTellsEveryListenerInOrder() {
    RecordingListener first = new RecordingListener();
    RecordingListener second = new RecordingListener();
    VisitListener both = VisitListeners.of(first, second);

    both.onTransition(1, VisitListener.OUTSIDE, 0, T0, false);
    both.onVisit(1, 0, T0, T0 + 1000, false);

    assertThat(first.transitions).isEqualTo(second.transitions).hasSize(1);
    assertThat(first.visits).isEqualTo(second.visits).hasSize(1);
    assertThat(VisitListeners.of(first)).isSameAs(first);
  }

  static MetricsSettings settings(long minStore, long minSite, long staffMs, List<String> staff) {
    return new MetricsSettings(minStore, minSite, staffMs, staff, 5, 6, 500, false, false);
  }

  /** visitors, passers-by, excluded, random of one zone summed over all rows. */
  @Test
  void aVisitReportedLateWithinTheHorizonHandsItsMinuteOverAgainWithTheVisitorAdded() {
    // GIVEN shoe's minute 10 handed over with one visitor, the late horizon reaching back to minute 5
    StoreVisits visits = new StoreVisits(Mall.site(), new MetricsSettings(120_000, 300_000, 18_000_000, List.of(), 5, 6, 500, false, false));
    visits.onTransition(1, VisitListener.OUTSIDE, SHOE, T0, false);
    visits.onVisit(1, SHOE, T0, T0 + 10 * MIN + 5_000, false);
    visits.onFinal(T0 + 12 * MIN, T0 + 5 * MIN);
    assertThat(total(visits.drainFinished(), "shoe")).containsExactly(1, 0, 0, 0);

    // WHEN a sensor's backlog reports a second visit that ended in minute 10, and the next sweep runs
    visits.onTransition(2, VisitListener.OUTSIDE, SHOE, T0 + 2 * MIN, false);
    visits.onVisit(2, SHOE, T0 + 2 * MIN, T0 + 10 * MIN + 30_000, false);
    visits.onFinal(T0 + 13 * MIN, T0 + 6 * MIN);

    // THEN minute 10's row comes again, whole: it replaces the one written
    List<StoreMinute> again = visits.drainFinished().stream().filter(r -> r.zone().equals("shoe")).toList();
    assertThat(again).hasSize(1);
    assertThat(again.get(0).minute()).isEqualTo(T0 + 10 * MIN);
    assertThat(again.get(0).visitors()).isEqualTo(2);
  }

  @Test
  void aVisitReportedBeyondTheHorizonChangesNoMinuteHandedOver() {
    StoreVisits visits = new StoreVisits(Mall.site(), new MetricsSettings(120_000, 300_000, 18_000_000, List.of(), 5, 6, 500, false, false));
    visits.onFinal(T0 + 30 * MIN, T0 + 20 * MIN);

    visits.onTransition(2, VisitListener.OUTSIDE, SHOE, T0 + 2 * MIN, false);
    visits.onVisit(2, SHOE, T0 + 2 * MIN, T0 + 10 * MIN, false);
    visits.onFinal(T0 + 31 * MIN, T0 + 21 * MIN);

    assertThat(visits.drainFinished()).noneMatch(r -> r.zone().equals("shoe"));
  }

  static int[] total(List<StoreMinute> rows, String zone) {
    int[] sum = new int[4];
    rows.stream().filter(r -> r.zone().equals(zone)).forEach(r -> {
      sum[0] += r.visitors();
      sum[1] += r.passersBy();
      sum[2] += r.excluded();
      sum[3] += r.random();
    });
    return sum;
  }
}
