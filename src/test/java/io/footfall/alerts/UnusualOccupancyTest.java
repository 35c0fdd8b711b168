package io.footfall.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.footfall.site.Floor;
import io.footfall.site.Point;
import io.footfall.site.SensorSpec;
import io.footfall.site.Site;
import io.footfall.site.Zone;
import io.footfall.site.ZoneKind;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Occupancy far outside the usual level for the weekday and hour, sustained in event time, with hysteresis. */
class UnusualOccupancyTest {

  /** Friday 2024-11-29T10:00:00Z. */
  private static final long T0 = 1_732_874_400_000L;
  private static final long MIN = 60_000;
  private static final int SHOP = 0;
  private static final int HALL = 1;

  private final AlertsConfig config = AlertsConfig.defaults();

  /** Zones without capacity, so that only unusual occupancy can alert. */
  private static Site site(String timezone) {
    List<Point> square = List.of(new Point(0, 0), new Point(1, 0), new Point(1, 1));
    return new Site("t", "T", timezone, List.of(new Floor("G", "G", 0, 10, 10)),
        List.of(new Zone(0, "shop", "Shop", ZoneKind.STORE, "G", 0, square, null),
            new Zone(1, "hall", "Hall", ZoneKind.CORRIDOR, "G", 0, square, null)),
        List.of(new SensorSpec(0, "s0", "G", 0, 0, "shop", null)));
  }

  private static UnusualOccupancy rule(Site site, AlertsConfig config, int zone, DayOfWeek day, int hour,
                                       OccupancyBaseline.Slot usual) {
    UnusualOccupancy rule = new UnusualOccupancy(site, config);
    rule.baseline(new OccupancyBaseline.Builder(site).put(zone, day, hour, usual).build());
    return rule;
  }

  /** The shop on Fridays at 10: usually 10 devices, MAD 2, so the band is 10 ± 3 × 1.4826 × 2 = 10 ± 8.9. */
  private UnusualOccupancy shopUsually10() {
    return rule(site("UTC"), config, SHOP, DayOfWeek.FRIDAY, 10, new OccupancyBaseline.Slot(10, 2, 4));
  }

  private static List<AlertChange> at(UnusualOccupancy rule, long t, int shop) {
    List<AlertChange> changes = new ArrayList<>();
    rule.evaluate(T0 + t, new int[] {shop, 0}, changes);
    return changes;
  }

  @Test
  void raisesUnusuallyBusyOnlyOnceTheExcursionLastedTheSustainTime() {
    UnusualOccupancy rule = shopUsually10();

    assertThat(at(rule, 0, 20)).isEmpty();
    assertThat(at(rule, 5 * MIN, 20)).isEmpty();
    assertThat(at(rule, 10 * MIN - 1, 19)).isEmpty();

    List<AlertChange> raised = at(rule, 10 * MIN, 19);
    assertThat(raised).singleElement().satisfies(a -> {
      assertThat(a.kind()).isEqualTo(AlertChange.OCCUPANCY_UNUSUAL);
      assertThat(a.subject()).isEqualTo("shop");
      assertThat(a.direction()).isEqualTo(AlertChange.HIGH);
      assertThat(a.open()).isTrue();
      assertThat(a.raisedAt()).isEqualTo(T0 + 10 * MIN);
      assertThat(a.value()).isEqualTo(19);
      assertThat(a.threshold()).isCloseTo(10 + 3 * 1.4826 * 2, within(1e-9));
    });
  }

  @Test
  void clearsOnlyOnceBackWellInsideTheBand() {
    UnusualOccupancy rule = shopUsually10();
    at(rule, 0, 20);
    AlertChange raised = at(rule, 10 * MIN, 20).get(0);

    // inside the band (18.9) but not within 0.75 × 8.9 of the median (16.7): still unusual
    assertThat(at(rule, 11 * MIN, 18)).isEmpty();
    assertThat(at(rule, 12 * MIN, 17)).isEmpty();

    assertThat(at(rule, 13 * MIN, 16)).singleElement().satisfies(a -> {
      assertThat(a.id()).isEqualTo(raised.id());
      assertThat(a.clearedAt()).isEqualTo(T0 + 13 * MIN);
      assertThat(a.direction()).isEqualTo(AlertChange.HIGH);
      assertThat(a.threshold()).isEqualTo(raised.threshold());
    });
    assertThat(at(rule, 14 * MIN, 16)).isEmpty();
  }

  @Test
  void aDipBackIntoTheBandRestartsTheSustainTime() {
    UnusualOccupancy rule = shopUsually10();
    at(rule, 0, 20);
    at(rule, 5 * MIN, 12);

    assertThat(at(rule, 6 * MIN, 20)).isEmpty();
    assertThat(at(rule, 15 * MIN, 20)).isEmpty();
    assertThat(at(rule, 16 * MIN, 20)).singleElement()
        .satisfies(a -> assertThat(a.raisedAt()).isEqualTo(T0 + 16 * MIN));
  }

  @Test
  void raisesUnusuallyQuietBelowTheBand() {
    UnusualOccupancy rule = rule(site("UTC"), config, SHOP, DayOfWeek.FRIDAY, 10, new OccupancyBaseline.Slot(30, 2, 3));

    at(rule, 0, 15);
    assertThat(at(rule, 10 * MIN, 15)).singleElement().satisfies(a -> {
      assertThat(a.direction()).isEqualTo(AlertChange.LOW);
      assertThat(a.threshold()).isCloseTo(30 - 3 * 1.4826 * 2, within(1e-9));
    });
    // 24 is above the bound (21.1) but not yet within 0.75 × 8.9 of the median (23.3)
    assertThat(at(rule, 11 * MIN, 23)).isEmpty();
    assertThat(at(rule, 12 * MIN, 24)).singleElement().satisfies(a -> assertThat(a.open()).isFalse());
  }

  @Test
  void aSteadySmallZoneNeedsTheMinimumDeviationOfFiveDevices() {
    // GIVEN a zone that always holds 2 devices: MAD 0
    UnusualOccupancy rule = rule(site("UTC"), config, SHOP, DayOfWeek.FRIDAY, 10, new OccupancyBaseline.Slot(2, 0, 4));

    at(rule, 0, 7);
    assertThat(at(rule, 20 * MIN, 7)).as("7 devices is within 2 + 5").isEmpty();
    at(rule, 21 * MIN, 8);
    assertThat(at(rule, 31 * MIN, 8)).singleElement().satisfies(a -> assertThat(a.threshold()).isEqualTo(7));
  }

  @Test
  void aZoneHourWithTooFewWeeksOfHistoryOrNoneNeverAlerts() {
    UnusualOccupancy twoWeeks = rule(site("UTC"), config, SHOP, DayOfWeek.FRIDAY, 10,
        new OccupancyBaseline.Slot(10, 2, 2));

    at(twoWeeks, 0, 50);
    assertThat(at(twoWeeks, 30 * MIN, 50)).isEmpty();

    UnusualOccupancy rule = shopUsually10();
    List<AlertChange> changes = new ArrayList<>();
    rule.evaluate(T0, new int[] {10, 200}, changes);
    rule.evaluate(T0 + 30 * MIN, new int[] {10, 200}, changes);
    assertThat(changes).as("the hall has no usual level").isEmpty();
  }

  @Test
  void anOpenAlertClearsWhenTheNextHourHasNoUsualLevel() {
    UnusualOccupancy rule = shopUsually10();
    at(rule, 40 * MIN, 25);
    at(rule, 50 * MIN, 25);

    assertThat(at(rule, 60 * MIN, 25)).singleElement()
        .satisfies(a -> assertThat(a.clearedAt()).isEqualTo(T0 + 60 * MIN));
  }

  @Test
  void weekdayAndHourAreTheSitesLocalTime() {
    // GIVEN a site in New York, where T0 (10:00 UTC) is 05:00 on Friday
    Site newYork = site("America/New_York");
    UnusualOccupancy local = rule(newYork, config, SHOP, DayOfWeek.FRIDAY, 5, new OccupancyBaseline.Slot(0, 0, 4));
    UnusualOccupancy utcHour = rule(newYork, config, SHOP, DayOfWeek.FRIDAY, 10, new OccupancyBaseline.Slot(0, 0, 4));

    at(local, 0, 9);
    at(utcHour, 0, 9);

    assertThat(at(local, 10 * MIN, 9)).hasSize(1);
    assertThat(at(utcHour, 10 * MIN, 9)).isEmpty();
  }

  @Test
  void alertRulesListTheOpenUnusualAlertWithItsDirectionInTheJson() {
    Site site = site("UTC");
    AlertRules rules = new AlertRules(site, config);
    rules.baseline(new OccupancyBaseline.Builder(site).put(HALL, DayOfWeek.FRIDAY, 10,
        new OccupancyBaseline.Slot(40, 5, 4)).build());
    long[] heard = {T0};

    rules.evaluate(T0, new int[] {0, 80}, heard);
    List<AlertChange> raised = rules.evaluate(T0 + 10 * MIN, new int[] {0, 80}, new long[] {T0 + 10 * MIN});

    assertThat(raised).singleElement().satisfies(a -> assertThat(a.toJson().getString("direction")).isEqualTo("high"));
    assertThat(rules.open(T0 + 11 * MIN, new int[] {0, 81}, new long[] {T0 + 11 * MIN})).singleElement()
        .satisfies(a -> {
          assertThat(a.subject()).isEqualTo("hall");
          assertThat(a.value()).isEqualTo(81);
          assertThat(AlertChange.fromJson(a.toJson())).isEqualTo(a);
        });
  }

  @Test
  void settingsThatCouldNeverAlertOrWouldAlertOnNoiseAreRejected() {
    assertThatThrownBy(() -> new AlertsConfig(1.0, 0.9, 180_000, 300_000, 4, 5, 3.0, 5, 600_000, 0.75, 3_600_000))
        .hasMessageContaining("alerts.unusualMinWeeks");
    assertThatThrownBy(() -> new AlertsConfig(1.0, 0.9, 180_000, 300_000, 4, 3, 3.0, 0, 600_000, 0.75, 3_600_000))
        .hasMessageContaining("alerts.unusualMinDeviation");
    assertThatThrownBy(() -> new AlertsConfig(1.0, 0.9, 180_000, 300_000, 4, 3, 3.0, 5, 600_000, 1.5, 3_600_000))
        .hasMessageContaining("alerts.unusualClearRatio");
  }
}
