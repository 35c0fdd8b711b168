package io.footfall.analytics;

import static io.footfall.analytics.Mall.BOOK;
import static io.footfall.analytics.Mall.DOOR;
import static io.footfall.analytics.Mall.HALL;
import static io.footfall.analytics.Mall.MIN;
import static io.footfall.analytics.Mall.SHOE;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepeatVisitsTest {

  private static final long DAY = 24 * 60 * MIN;
  private static final long FIRST_DAY = LocalDate.parse("2024-11-29").toEpochDay();
  private static final long RID = 0xabcdef0123456789L;

  @Test
  void recordsEachStoreAndTheSiteOncePerDayUnderTheRepeatId() {
    // GIVEN a shopper with a repeat id who shops in shoe twice on two trips of the same day
    Mall mall = new Mall().repeatId(1, RID)
        .walk(1, 0, DOOR, 1, HALL, 1, SHOE, 8, HALL, 1, DOOR, 1)
        .walk(1, 120 * MIN, DOOR, 1, HALL, 1, SHOE, 8, HALL, 1, DOOR, 1);

    mall.runUntil(300 * MIN);

    // THEN shoe and the site are each recorded once; book, only passed by, is not
    assertThat(mall.metrics.drainRepeats().rows()).containsExactlyInAnyOrder(
        new RepeatVisit("shoe", FIRST_DAY, RID), new RepeatVisit(StoreMinute.SITE, FIRST_DAY, RID));
    assertThat(mall.metrics.drainRepeats().rows()).as("handed out once").isEmpty();
  }

  @Test
  void theSameIdOnAnotherDayIsRecordedAgainEvenUnderANewDeviceId() {
    // GIVEN the same phone on two days: its device id rotated overnight, its repeat id did not
    Mall mall = new Mall().repeatId(1, RID).repeatId(2, RID)
        .walk(1, 10 * 60 * MIN, DOOR, 1, HALL, 1, SHOE, 8, HALL, 1, DOOR, 1)
        .walk(2, DAY + 10 * 60 * MIN, DOOR, 1, HALL, 1, BOOK, 8, HALL, 1, DOOR, 1);

    mall.runUntil(DAY + 12 * 60 * MIN);

    assertThat(mall.metrics.drainRepeats().rows()).containsExactlyInAnyOrder(
        new RepeatVisit("shoe", FIRST_DAY, RID), new RepeatVisit(StoreMinute.SITE, FIRST_DAY, RID),
        new RepeatVisit("book", FIRST_DAY + 1, RID), new RepeatVisit(StoreMinute.SITE, FIRST_DAY + 1, RID));
  }

  @Test
  void passersByShortTripsStaffAndDevicesWithoutAnIdAreNotRecorded() {
    // GIVEN a passer-by with an id, a short stay in shoe with an id, a staff phone with an id and a visitor without
    MetricsSettings staffListed = new MetricsSettings(120_000, 300_000, 18_000_000,
        List.of("0000000000000004"), 5, 6, 500, false, false);
    Mall mall = new Mall(staffListed).repeatId(1, 11).repeatId(2, 22).repeatId(4, 44)
        .walk(1, 0, DOOR, 1, HALL, 2, DOOR, 1)
        .walk(2, 0, DOOR, 1, SHOE, 1, DOOR, 1)
        .walk(3, 0, DOOR, 1, HALL, 1, SHOE, 8, HALL, 1, DOOR, 1)
        .walk(4, 0, DOOR, 1, HALL, 1, SHOE, 8, HALL, 1, DOOR, 1);

    mall.runUntil(60 * MIN);

    assertThat(mall.metrics.drainRepeats().rows()).isEmpty();
  }

  @Test
  void aDevicePresentAcrossARestoreKeepsItsRepeatId() {
    // GIVEN a shopper whose visit to shoe is still open when the engine restarts from its snapshot
    Mall mall = new Mall().repeatId(1, RID)
        .walk(1, 0, DOOR, 1, HALL, 1, SHOE, 7)
        .restartAt(9 * MIN);

    // WHEN the rest of the trip is fed to the restored analytics
    mall.walk(1, 10 * MIN, SHOE, 10, HALL, 1, DOOR, 1).runUntil(60 * MIN);

    assertThat(mall.metrics.drainRepeats().rows()).contains(new RepeatVisit("shoe", FIRST_DAY, RID));
  }
}
