package io.footfall.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.site.Floor;
import io.footfall.site.Point;
import io.footfall.site.SensorSpec;
import io.footfall.site.Site;
import io.footfall.site.Zone;
import io.footfall.site.ZoneKind;
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
}
