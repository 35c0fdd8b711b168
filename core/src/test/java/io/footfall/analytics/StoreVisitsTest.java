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

import java.util.ArrayList;
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
  void aShopperEightMinutesInAStoreIsAVisitorTwoMinutesAfterEnteringBeforeItLeaves() {
    // GIVEN a device in hall until 2:00 that enters shoe half-way between its bursts, at 1:50, and shops until 10:00
    Mall mall = new Mall().walk(1, 0, DOOR, 1, HALL, 1, SHOE, 8, HALL, 1, DOOR, 1);

    // WHEN event time reaches 6:00, the device still in shoe
    mall.runTo(6 * MIN);

    // THEN shoe and the site have their visitor already: the visit qualified at 3:50, the trip at 5:00
    assertThat(today(mall, "shoe").visitors()).isEqualTo(1);
    assertThat(today(mall, StoreMinute.SITE).visitors()).isEqualTo(1);

    // AND once it left, it is still one visitor, stored in the minute it qualified, its dwell in the minute it ended
    mall.runUntil(LATER);
    assertThat(today(mall, "shoe").visitors()).isEqualTo(1);
    List<StoreMinute> shoe = mall.metrics.drainFinished().stores().stream()
        .filter(r -> r.zone().equals("shoe")).toList();
    assertThat(total(shoe, "shoe")).containsExactly(1, 0, 0, 0);
    assertThat(shoe).filteredOn(r -> r.visitors() > 0).singleElement()
        .satisfies(r -> assertThat(r.minute()).isEqualTo(T0 + 3 * MIN));
    assertThat(shoe).filteredOn(r -> r.dwellTotalMs() > 0).singleElement()
        .satisfies(r -> {
          assertThat(r.minute()).isEqualTo(T0 + 9 * MIN);
          assertThat(r.dwellFine()).containsExactly(8, 1);
        });
  }

  @Test
  void aOneMinuteStayIsAPasserByEvenWhileTheDeviceIsNotKnownGoneYet() {
    // GIVEN a device that walks the hall and is in shoe from 1:50, last heard there at 2:40 (it left by 3:40)
    Mall mall = new Mall().walk(1, 0, DOOR, 1, HALL, 1, SHOE, 1);

    // WHEN event time passes entry + 2 min while its absence is not timed out yet (it is, at 5:40)
    mall.runTo(5 * MIN);

    // THEN it is no visitor: nothing heard proves it stayed 2 minutes
    assertThat(today(mall, "shoe").visitors()).isZero();

    // AND once known gone, its 1:50 in shoe is a pass of shoe, as of book
    mall.runUntil(LATER);
    List<StoreMinute> rows = mall.metrics.drainFinished().stores();
    assertThat(total(rows, "shoe")).containsExactly(0, 1, 0, 0);
    assertThat(total(rows, "book")).containsExactly(0, 1, 0, 0);
    assertThat(today(mall, "shoe").visitors()).isZero();
  }

  @Test
  void aVisitorRestoredMidVisitIsCountedOnce() {
    // GIVEN a shopper in shoe from 1:50 to 9:50, counted at 3:50; the site restarts from a snapshot at 6:00
    Mall mall = new Mall().walk(1, 0, DOOR, 1, HALL, 1, SHOE, 8, HALL, 1, DOOR, 1);
    mall.runTo(6 * MIN);
    List<StoreMinute> rows = new ArrayList<>(mall.metrics.drainFinished().stores());

    // WHEN it goes on from the snapshot until long after the shopper left
    mall.restart().runUntil(LATER);
    rows.addAll(mall.metrics.drainFinished().stores());

    // THEN shoe and the site have one visitor each, live and stored, with the dwell of the whole visit
    assertThat(total(rows, "shoe")).containsExactly(1, 0, 0, 0);
    assertThat(total(rows, StoreMinute.SITE)).containsExactly(1, 0, 0, 0);
    assertThat(today(mall, "shoe").visitors()).isEqualTo(1);
    assertThat(today(mall, StoreMinute.SITE).visitors()).isEqualTo(1);
    assertThat(rows).filteredOn(r -> r.zone().equals("shoe") && r.dwellTotalMs() > 0).singleElement()
        .satisfies(r -> assertThat(r.dwellTotalMs()).isEqualTo(8 * MIN));
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
  void staffByLongPresenceIsDecidedWhenTheVisitQualifiesAndAllowListedDevicesAreAlwaysExcluded() {
    // GIVEN a staff threshold of 10 minutes and device 7 on the allow-list
    Mall mall = new Mall(settings(120_000, 300_000, 10 * MIN, List.of("0000000000000007")))
        .walk(1, 0, DOOR, 1, HALL, 1, SHOE, 15, HALL, 1, DOOR, 1)
        .walk(2, 0, DOOR, 1, HALL, 11, BOOK, 3, HALL, 1, DOOR, 1)
        .walk(7, 0, DOOR, 1, HALL, 1, BOOK, 3, HALL, 1, DOOR, 1);

    mall.runUntil(LATER);
    List<StoreMinute> rows = mall.metrics.drainFinished().stores();

    // THEN a visit that qualified before its device was present 10 min stays a visitor, once counted; one that
    // qualified after is excluded, and so are the passes of devices present longer when the pass ended
    assertThat(total(rows, "shoe")).as("qualified 3:50 after arrival, before turning out staff")
        .containsExactly(1, 0, 0, 0);
    assertThat(total(rows, "book")).as("qualified 13:50 after arrival; allow-listed").containsExactly(0, 0, 2, 0);
    assertThat(total(rows, StoreMinute.SITE)).as("two trips qualified at 5 min; allow-listed")
        .containsExactly(2, 0, 1, 0);
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
    assertThat(rows).filteredOn(r -> r.zone().equals("shoe") && r.minute() == T0 + 7 * MIN)
        .singleElement()
        .satisfies(r -> {
          assertThat(r.visitors()).as("counted when it qualified, at 2:50").isZero();
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
  void aVisitReportedLateWithinTheHorizonHandsItsMinutesOverAgainWithTheVisitorAndItsDwellAdded() {
    // GIVEN shoe's minute 7 handed over with one visitor (entered 5:00) and minute 10 with its dwell, the late
    // horizon reaching back to minute 5
    StoreVisits visits = new StoreVisits(Mall.site(), settings(120_000, 300_000, 18_000_000, List.of()));
    visits.onTransition(1, VisitListener.OUTSIDE, SHOE, T0 + 5 * MIN, false);
    visits.onVisit(1, SHOE, T0 + 5 * MIN, T0 + 10 * MIN + 5_000, false);
    visits.onFinal(T0 + 12 * MIN, T0 + 5 * MIN);
    assertThat(total(visits.drainFinished(), "shoe")).containsExactly(1, 0, 0, 0);

    // WHEN a sensor's backlog reports a second visit, from 5:30 to 10:30, and the next sweep runs
    visits.onTransition(2, VisitListener.OUTSIDE, SHOE, T0 + 5 * MIN + 30_000, false);
    visits.onVisit(2, SHOE, T0 + 5 * MIN + 30_000, T0 + 10 * MIN + 30_000, false);
    visits.onFinal(T0 + 13 * MIN, T0 + 6 * MIN);

    // THEN minutes 7 (where it qualified) and 10 (where it ended) come again, whole: they replace the ones written
    List<StoreMinute> again = visits.drainFinished().stream().filter(r -> r.zone().equals("shoe")).toList();
    assertThat(again).extracting(StoreMinute::minute).containsExactly(T0 + 7 * MIN, T0 + 10 * MIN);
    assertThat(again.get(0).visitors()).isEqualTo(2);
    assertThat(again.get(1).dwellFine()).containsExactly(5, 2);
  }

  @Test
  void aLateVisitThatQualifiedBeyondTheHorizonIsCountedInTheMinuteItEnded() {
    // GIVEN the late horizon reaching back to minute 5
    StoreVisits visits = new StoreVisits(Mall.site(), settings(120_000, 300_000, 18_000_000, List.of()));
    visits.onFinal(T0 + 12 * MIN, T0 + 5 * MIN);

    // WHEN a sensor's backlog reports a visit from 0:00 (qualified at 2:00, beyond the horizon) to 10:30
    visits.onTransition(2, VisitListener.OUTSIDE, SHOE, T0, false);
    visits.onVisit(2, SHOE, T0, T0 + 10 * MIN + 30_000, false);
    visits.onFinal(T0 + 13 * MIN, T0 + 6 * MIN);

    // THEN minute 10 comes again with the visitor and its dwell
    List<StoreMinute> again = visits.drainFinished().stream().filter(r -> r.zone().equals("shoe")).toList();
    assertThat(again).singleElement().satisfies(r -> {
      assertThat(r.minute()).isEqualTo(T0 + 10 * MIN);
      assertThat(r.visitors()).isEqualTo(1);
      assertThat(r.dwellFine()).containsExactly(10, 1);
    });
  }

  @Test
  void aVisitReportedBeyondTheHorizonChangesNoMinuteHandedOver() {
    StoreVisits visits = new StoreVisits(Mall.site(), settings(120_000, 300_000, 18_000_000, List.of()));
    visits.onFinal(T0 + 30 * MIN, T0 + 20 * MIN);

    visits.onTransition(2, VisitListener.OUTSIDE, SHOE, T0 + 2 * MIN, false);
    visits.onVisit(2, SHOE, T0 + 2 * MIN, T0 + 10 * MIN, false);
    visits.onFinal(T0 + 31 * MIN, T0 + 21 * MIN);

    assertThat(visits.drainFinished()).noneMatch(r -> r.zone().equals("shoe"));
  }

  private static StoreVisits.Today today(Mall mall, String zone) {
    return mall.metrics.today(mall.analytics.watermark()).stream()
        .filter(t -> t.zone().equals(zone)).findFirst().orElseThrow();
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
