package io.footfall.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PeopleModelTest {

  @Test
  void theLinearModelIsThePlainFactor() {
    assertThat(PeopleModel.LINEAR.scaled(37.5)).isEqualTo(37.5);
  }

  @Test
  void theBackgroundIsSubtractedAndNothingIsLeftBelowIt() {
    PeopleModel model = new PeopleModel(2, 0.5);

    assertThat(model.scaled(1.5)).isZero();
    assertThat(model.scaled(2)).isZero();
    assertThat(model.scaled(11)).isCloseTo(3.0, within(1e-12));
  }

  @Test
  void aRoomTwiceAsLoudIsLessThanTwiceAsFullBelowExponentOne() {
    PeopleModel model = new PeopleModel(0, 0.3);

    assertThat(model.scaled(40) / model.scaled(20)).isCloseTo(Math.pow(2, 0.3), within(1e-12));
  }

  @Test
  void anExponentOutsideZeroToOneOrANegativeBackgroundIsRefused() {
    assertThatThrownBy(() -> new PeopleModel(0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PeopleModel(0, 1.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PeopleModel(-1, 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
