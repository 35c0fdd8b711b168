package io.footfall.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.site.Floor;
import io.footfall.site.Point;
import io.footfall.site.SensorSpec;
import io.footfall.site.Site;
import io.footfall.site.Zone;
import io.footfall.site.ZoneKind;
import java.time.DayOfWeek;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Capacity alerts with hysteresis and sensor-silence alerts, in event time. */
class AlertRulesTest {

  private static final long T0 = 1_732_838_400_000L;
  private static final long MIN = 60_000;

  /** Zone "shop" holds 20, zone "hall" 100; sensor s0 is in the shop, s1 in the hall. */
  private static Site site() {
    List<Point> square = List.of(new Point(0, 0), new Point(1, 0), new Point(1, 1));
    return new Site("t", "T", "UTC", List.of(new Floor("G", "G", 0, 10, 10)),
        List.of(new Zone(0, "shop", "Shop", ZoneKind.STORE, "G", 20, square, null),
            new Zone(1, "hall", "Hall", ZoneKind.CORRIDOR, "G", 100, square, null)),
        List.of(new SensorSpec(0, "s0", "G", 0, 0, "shop", null), new SensorSpec(1, "s1", "G", 0, 0, "hall", null)));
  }

  private final AlertRules rules = new AlertRules(site(), AlertsConfig.defaults());

  private List<AlertChange> at(long t, int shop, long lastS0, long lastS1) {
    return rules.evaluate(T0 + t, new int[] {shop, 10}, new long[] {T0 + lastS0, T0 + lastS1});
  }

  @Test
  void raisesCapacityAtTheLimitAndClearsOnlyBelowTheClearRatio() {
    assertThat(at(0, 19, 0, 0)).isEmpty();

    List<AlertChange> raised = at(MIN, 20, MIN, MIN);
    assertThat(raised).singleElement().satisfies(a -> {
      assertThat(a.kind()).isEqualTo(AlertChange.CAPACITY);
      assertThat(a.subject()).isEqualTo("shop");
      assertThat(a.open()).isTrue();
      assertThat(a.raisedAt()).isEqualTo(T0 + MIN);
      assertThat(a.threshold()).isEqualTo(20);
    });

    // hovering between 90 % and 100 % does not flap
    assertThat(at(2 * MIN, 19, 2 * MIN, 2 * MIN)).isEmpty();
    assertThat(at(3 * MIN, 20, 3 * MIN, 3 * MIN)).isEmpty();
    assertThat(at(4 * MIN, 18, 4 * MIN, 4 * MIN)).isEmpty();

    List<AlertChange> cleared = at(5 * MIN, 17, 5 * MIN, 5 * MIN);
    assertThat(cleared).singleElement().satisfies(a -> {
      assertThat(a.open()).isFalse();
      assertThat(a.raisedAt()).isEqualTo(T0 + MIN);
      assertThat(a.clearedAt()).isEqualTo(T0 + 5 * MIN);
      assertThat(a.id()).isEqualTo(raised.get(0).id());
    });
    assertThat(at(6 * MIN, 17, 6 * MIN, 6 * MIN)).isEmpty();
  }

  @Test
  void raisesSilenceAfterTheThresholdOfEventTimeAndClearsOnTheNextBatch() {
    assertThat(at(0, 0, 0, 0)).isEmpty();
    // s1 keeps sending, s0 stops at 0: exactly five minutes is not yet silent
    assertThat(at(5 * MIN, 0, 0, 5 * MIN)).isEmpty();

    List<AlertChange> raised = at(5 * MIN + 1, 0, 0, 5 * MIN);
    assertThat(raised).singleElement().satisfies(a -> {
      assertThat(a.kind()).isEqualTo(AlertChange.SENSOR_SILENT);
      assertThat(a.subject()).isEqualTo("s0");
      assertThat(a.value()).isEqualTo(5 * MIN + 1);
    });
    assertThat(at(8 * MIN, 0, 0, 8 * MIN)).isEmpty();

    assertThat(at(9 * MIN, 0, 9 * MIN, 9 * MIN)).singleElement()
        .satisfies(a -> assertThat(a.clearedAt()).isEqualTo(T0 + 9 * MIN));
  }

  @Test
  void countsASensorThatNeverSentFromTheFirstEvaluation() {
    long[] neverS0 = {AlertRules.NEVER, T0};
    assertThat(rules.evaluate(T0, new int[] {0, 0}, neverS0)).isEmpty();
    neverS0[1] = T0 + 6 * MIN;

    assertThat(rules.evaluate(T0 + 6 * MIN, new int[] {0, 0}, neverS0)).singleElement()
        .satisfies(a -> assertThat(a.subject()).isEqualTo("s0"));
    assertThat(rules.open(T0 + 6 * MIN, new int[] {0, 0}, neverS0)).hasSize(1);
  }

  @Test
  void rulesRestoredElsewhereClearTheAlertsRaisedBeforeInsteadOfRaisingThemAgain() throws Exception {
    // GIVEN the shop over capacity and s0 silent on the node that ran the site
    at(0, 0, 0, 0);
    at(MIN, 20, MIN, MIN);
    List<AlertChange> raised = at(7 * MIN, 20, MIN, 7 * MIN);
    assertThat(raised).singleElement().satisfies(a -> assertThat(a.subject()).isEqualTo("s0"));

    // WHEN another node takes the site over from the snapshot
    AlertRules restored = new AlertRules(site(), AlertsConfig.defaults());
    restored.restore(rules.snapshot());

    // THEN hovering between the clear and raise levels, with s0 still silent, changes nothing
    assertThat(restored.evaluate(T0 + 8 * MIN, new int[] {19, 10}, new long[] {T0 + MIN, T0 + 8 * MIN})).isEmpty();
    assertThat(restored.open(T0 + 8 * MIN, new int[] {19, 10}, new long[] {T0 + MIN, T0 + 8 * MIN}))
        .extracting(AlertChange::id).containsExactlyInAnyOrder("zone-over-capacity/shop/" + (T0 + MIN),
            raised.get(0).id());
    // AND both clear under the ids they were raised with
    assertThat(restored.evaluate(T0 + 9 * MIN, new int[] {17, 10}, new long[] {T0 + 9 * MIN, T0 + 9 * MIN}))
        .allSatisfy(a -> assertThat(a.open()).isFalse())
        .extracting(AlertChange::id)
        .containsExactly("zone-over-capacity/shop/" + (T0 + MIN), raised.get(0).id());
  }

  @Test
  void rulesResumedFromASnapshotRaiseNoCapacityAlertUntilTheRestoredDevicesCouldHaveTimedOut() throws Exception {
    // GIVEN rules that ran an hour with the shop under its capacity
    at(0, 0, 0, 0);
    at(60 * MIN, 15, 60 * MIN, 60 * MIN);

    // WHEN the node restarts from their snapshot and its restored devices still hold phones that left meanwhile
    AlertRules restored = new AlertRules(site(), AlertsConfig.defaults());
    restored.restore(rules.snapshot());
    long[] heard = {T0 + 61 * MIN, T0 + 61 * MIN};

    // THEN the shop at its capacity raises nothing within the grace
    assertThat(restored.evaluate(T0 + 61 * MIN, new int[] {25, 10}, heard)).isEmpty();
    assertThat(restored.evaluate(T0 + 63 * MIN, new int[] {22, 10}, heard)).isEmpty();
    // AND a crowd still there once it has passed is an alert
    assertThat(restored.evaluate(T0 + 64 * MIN, new int[] {21, 10}, heard)).singleElement().satisfies(a -> {
      assertThat(a.kind()).isEqualTo(AlertChange.CAPACITY);
      assertThat(a.raisedAt()).isEqualTo(T0 + 64 * MIN);
    });
  }

  @Test
  void aNodeStartedAfreshRaisesCapacityAtOnceSinceItRestoredNoDevices() {
    assertThat(at(0, 20, 0, 0)).singleElement().satisfies(a -> assertThat(a.kind()).isEqualTo(AlertChange.CAPACITY));
  }

  @Test
  void anAlertOpenBeforeARestartClearsWithinTheGrace() throws Exception {
    at(0, 0, 0, 0);
    assertThat(at(MIN, 20, MIN, MIN)).hasSize(1);
    AlertRules restored = new AlertRules(site(), AlertsConfig.defaults());
    restored.restore(rules.snapshot());

    assertThat(restored.evaluate(T0 + 2 * MIN, new int[] {17, 10}, new long[] {T0 + 2 * MIN, T0 + 2 * MIN}))
        .singleElement().satisfies(a -> assertThat(a.clearedAt()).isEqualTo(T0 + 2 * MIN));
  }

  @Test
  void aSiteTakenOverGivesEverySensorTheWholeThresholdBeforeCallingItSilent() throws Exception {
    // GIVEN rules that ran an hour with both sensors sending
    at(0, 0, 0, 0);
    at(60 * MIN, 0, 60 * MIN, 60 * MIN);

    // WHEN another node takes the site over: its analytics know no sensor's last batch yet
    AlertRules restored = new AlertRules(site(), AlertsConfig.defaults());
    restored.restore(rules.snapshot());
    long[] unheard = {AlertRules.NEVER, AlertRules.NEVER};

    // THEN nothing is silent before the threshold has passed since the takeover
    assertThat(restored.evaluate(T0 + 61 * MIN, new int[] {0, 10}, unheard)).isEmpty();
    assertThat(restored.evaluate(T0 + 66 * MIN, new int[] {0, 10}, unheard)).isEmpty();
    // AND a sensor still unheard after it is
    assertThat(restored.evaluate(T0 + 66 * MIN + 1, new int[] {0, 10}, new long[] {AlertRules.NEVER, T0 + 66 * MIN}))
        .singleElement().satisfies(a -> {
          assertThat(a.subject()).isEqualTo("s0");
          assertThat(a.value()).isEqualTo(5 * MIN + 1);
        });
  }

  @Test
  void aBatchDatedAfterTheWatermarkIsNoSilence() {
    assertThat(at(0, 0, 0, 0)).isEmpty();
    // s0 stops at 0, then comes back with a batch 5.4 s ahead of the watermark
    assertThat(at(6 * MIN, 0, 0, 6 * MIN)).singleElement().satisfies(a -> assertThat(a.open()).isTrue());

    assertThat(at(7 * MIN, 0, 7 * MIN + 5_430, 7 * MIN)).singleElement().satisfies(a -> {
      assertThat(a.open()).isFalse();
      assertThat(a.value()).isZero();
    });
    // AND a sensor first heard ahead of the watermark at a restart raises nothing
    AlertRules restarted = new AlertRules(site(), AlertsConfig.defaults());
    assertThat(restarted.evaluate(T0, new int[] {0, 0}, new long[] {T0 + 5_430, T0 + 5_430})).isEmpty();
  }

  @Test
  void anAlertOpenBeforeATakeoverStaysOpenUntilTheSensorIsHeard() throws Exception {
    at(0, 0, 0, 0);
    assertThat(at(6 * MIN, 0, 0, 6 * MIN)).hasSize(1);
    AlertRules restored = new AlertRules(site(), AlertsConfig.defaults());
    restored.restore(rules.snapshot());

    assertThat(restored.evaluate(T0 + 7 * MIN, new int[] {0, 10}, new long[] {AlertRules.NEVER, T0 + 7 * MIN}))
        .isEmpty();
    assertThat(restored.open(T0 + 7 * MIN, new int[] {0, 10}, new long[] {AlertRules.NEVER, T0 + 7 * MIN}))
        .singleElement().satisfies(a -> assertThat(a.subject()).isEqualTo("s0"));
    assertThat(restored.evaluate(T0 + 8 * MIN, new int[] {0, 10}, new long[] {T0 + 8 * MIN, T0 + 8 * MIN}))
        .singleElement().satisfies(a -> assertThat(a.open()).isFalse());
  }

  @Test
  void aSnapshotCarriesAnUnusualOccupancyExcursionUnderWay() throws Exception {
    Site site = site();
    OccupancyBaseline usual = new OccupancyBaseline.Builder(site)
        .put(1, DayOfWeek.FRIDAY, 0, new OccupancyBaseline.Slot(40, 5, 4)).build();
    long friday = T0; // a Friday, 00:00 UTC
    AlertRules before = new AlertRules(site, AlertsConfig.defaults());
    before.baseline(usual);
    // the hall has been busy for 6 of the 10 minutes an excursion must last
    before.evaluate(friday, new int[] {0, 80}, new long[] {friday, friday});
    before.evaluate(friday + 6 * MIN, new int[] {0, 80}, new long[] {friday + 6 * MIN, friday + 6 * MIN});

    AlertRules after = new AlertRules(site, AlertsConfig.defaults());
    after.baseline(usual);
    after.restore(before.snapshot());

    assertThat(after.evaluate(friday + 10 * MIN, new int[] {0, 80}, new long[] {friday + 10 * MIN, friday + 10 * MIN}))
        .singleElement().satisfies(a -> {
          assertThat(a.kind()).isEqualTo(AlertChange.OCCUPANCY_UNUSUAL);
          assertThat(a.direction()).isEqualTo(AlertChange.HIGH);
          assertThat(a.raisedAt()).isEqualTo(friday + 10 * MIN);
        });
  }

  @Test
  void restoreRefusesBytesThatAreNoAlertStateAndKeepsTheRulesAsTheyWere() {
    at(MIN, 20, MIN, MIN);

    assertThatThrownBy(() -> rules.restore(new byte[] {0, 0, 0, 9, 1})).isInstanceOf(java.io.IOException.class);

    assertThat(rules.open(T0 + MIN, new int[] {20, 10}, new long[] {T0 + MIN, T0 + MIN})).hasSize(1);
  }
}
