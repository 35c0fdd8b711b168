package io.footfall.live;

import static org.assertj.core.api.Assertions.assertThat;

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
}
