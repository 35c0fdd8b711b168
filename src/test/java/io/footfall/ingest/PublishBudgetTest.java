package io.footfall.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PublishBudgetTest {

  @Test
  void takesABurstAtOnceThenHoldsPublishesBackAtTheRateAndRefusesThoseFiveSecondsBehind() {
    PublishBudget budget = new PublishBudget(10, 3);

    assertThat(budget.admit(0)).isZero();
    assertThat(budget.admit(0)).isZero();
    assertThat(budget.admit(0)).isZero();
    assertThat(budget.admit(0)).isEqualTo(100);
    assertThat(budget.admit(0)).isEqualTo(200);
    for (int i = 0; i < 48; i++) {
      budget.admit(0);
    }
    assertThat(budget.admit(0)).isEqualTo(PublishBudget.REFUSED);
  }

  @Test
  void aConnectionThatKeepsToTheRateIsNeverHeldBack() {
    PublishBudget budget = new PublishBudget(2, 1);

    for (long t = 0; t < 60_000; t += 500) {
      assertThat(budget.admit(t)).isZero();
    }
  }

  @Test
  void refusedPublishesDoNotUseTheBudget() {
    PublishBudget budget = new PublishBudget(1, 1);
    for (int i = 0; i < 6; i++) {
      budget.admit(0);
    }
    assertThat(budget.admit(0)).isEqualTo(PublishBudget.REFUSED);

    assertThat(budget.admit(6_000)).isZero();
  }
}
