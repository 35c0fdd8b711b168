package io.footfall.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuppressionTest {

  @Test
  void showsCountsOfAtLeastKAndZeros() {
    Suppression s = new Suppression(5, 0, 5, 12);

    assertThat(s.value(0)).isZero();
    assertThat(s.value(1)).isEqualTo(5);
    assertThat(s.value(2)).isEqualTo(12);
  }

  @Test
  void hidesASmallCountTogetherWithTheSmallestOtherSoNeitherFollowsFromTheTotal() {
    // daily 2, weekly 9, monthly 6, occasional 30: hiding only the 2 would leave it as total minus the rest
    Suppression s = new Suppression(5, 2, 9, 6, 30);

    assertThat(s.hidden(0)).isTrue();
    assertThat(s.hidden(2)).as("the smallest shown count goes too").isTrue();
    assertThat(s.value(1)).isEqualTo(9);
    assertThat(s.value(3)).isEqualTo(30);
  }

  @Test
  void hidesNoMoreWhenTheHiddenCountsTogetherReachK() {
    Suppression s = new Suppression(5, 3, 4, 20);

    assertThat(s.hidden(0)).isTrue();
    assertThat(s.hidden(1)).isTrue();
    assertThat(s.value(2)).isEqualTo(20);
  }

  @Test
  void aLoneTotalIsHiddenOnlyWhenBelowK() {
    assertThat(new Suppression(5, 4).value(0)).isNull();
    assertThat(new Suppression(5, 5).value(0)).isEqualTo(5);
  }

  @Test
  void aStoresDwellOfFifteenVisitsHidesTheThirteenWithTheTwoSoNeitherFollowsFromTheTotal() {
    // the probe: buckets 0, 2, 0, 13, 0 beside 15 visits showed 0, null, 0, 13, 0
    Suppression s = new Suppression(5, 0, 2, 0, 13, 0);

    assertThat(s.value(1)).isNull();
    assertThat(s.value(3)).isNull();
    assertThat(List.of(s.value(0), s.value(2), s.value(4))).containsOnly(0L);
  }

  @Test
  void aGroupAddingUpToFewerThanKHidesItsZerosTooSoTheyCannotPointAtTheOthers() {
    Suppression s = new Suppression(5, 0, 3, 0, 0);

    assertThat(List.of(s.hidden(0), s.hidden(1), s.hidden(2), s.hidden(3))).containsOnly(true);
    assertThat(new Suppression(5, 0, 0).value(0)).as("nothing to protect").isZero();
  }

  @Test
  void inATableEveryRowAndColumnWithAHiddenCellHidesEnoughOfItsOthers() {
    // from a: a->x 2, a->y 20; from b: b->x 30, b->y 40 (row and column totals are published elsewhere)
    long[] counts = {2, 20, 30, 40};
    List<String> rows = List.of("a", "a", "b", "b");
    List<String> columns = List.of("x", "y", "x", "y");

    Suppression s = new Suppression(5, counts, rows, columns);

    assertThat(s.hidden(0)).isTrue();
    assertThat(s.hidden(1)).as("its row: a's total minus 20 would give the 2").isTrue();
    assertThat(s.hidden(2)).as("its column: x's total minus 30 would give the 2").isTrue();
    assertThat(s.hidden(3)).as("then b's row and y's column each hold one hidden cell").isTrue();
    for (String row : List.of("a", "b")) {
      long hidden = 0;
      for (int i = 0; i < counts.length; i++) {
        hidden += rows.get(i).equals(row) && s.hidden(i) ? counts[i] : 0;
      }
      assertThat(hidden).as("hidden in row " + row).isGreaterThanOrEqualTo(5);
    }
  }
}
