package io.footfall.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which zone a device counts in among the devices heard there in an hour. */
class HeardDevicesTest {

  private static final long HOUR = 3_600_000;

  @Test
  void countsADevicesFirstBurstInTheZoneItIsPlacedInNotWhereItWasHeardFirst() {
    // GIVEN a phone whose first burst reaches the sensor of A faintly first, then the sensor of B strongly
    TestSite.Feed feed = new TestSite.Feed();
    feed.sight(0, 0x42, 1_000, -80).sight(1, 0x42, 1_010, -50);
    // and a phone with a randomized address doing the same
    feed.analytics.accept(new TestSite.Batch(0).add(0x43, 2_000, -80, true).build());
    feed.analytics.accept(new TestSite.Batch(1).add(0x43, 2_010, -50, true).build());

    // WHEN the hour is over
    feed.advanceTo(HOUR + 60_000);
    List<DeviceEstimate> rows = feed.analytics.drainEstimates();

    // THEN both count in B, where their burst placed them, and A has no devices (no row) that hour
    assertThat(hourRow(rows, "B").devices()).isEqualTo(2);
    assertThat(hourRow(rows, "B").randomMacs()).isEqualTo(1);
    assertThat(rows).noneMatch(r -> r.resolutionSec() == DeviceEstimate.HOUR && r.zone().equals("A"));
    assertThat(hourRow(rows, DeviceEstimate.SITE).devices()).isEqualTo(2);
  }

  private static DeviceEstimate hourRow(List<DeviceEstimate> rows, String zone) {
    return rows.stream()
        .filter(r -> r.resolutionSec() == DeviceEstimate.HOUR && r.start() == TestSite.T0 && r.zone().equals(zone))
        .findFirst().orElseThrow();
  }
}
