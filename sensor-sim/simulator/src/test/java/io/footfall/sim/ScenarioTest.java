package io.footfall.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScenarioTest {

  private static final Path SCENARIOS = Path.of(System.getProperty("user.dir")).resolve("deploy/scenarios");

  @Test
  void defaultScenarioFileSpellsOutTheBuiltInDefaults() {
    assertThat(Scenario.load(SCENARIOS.resolve("default.yaml"))).isEqualTo(Scenario.defaults());
  }

  @Test
  void shortScenarioOverridesOnlyWhatItNames() {
    Scenario s = Scenario.load(SCENARIOS.resolve("short.yaml"));
    assertThat(s.runDuration()).isEqualTo(Duration.ofHours(2));
    assertThat(s.visitorsPerDay()).isEqualTo(1500);
    assertThat(s.staff().perStore()).isEqualTo(1);
    assertThat(s.staff().shiftStart()).isEqualTo(Scenario.defaults().staff().shiftStart());
    assertThat(s.radio()).isEqualTo(Scenario.defaults().radio());
  }

  @Test
  void storesMergeOverTheDefaultStores() {
    Scenario s = Scenario.parse("stores: {store-new: {enter: 0.5, dwellMinutes: 3, sigma: 0.1}}", "test");
    assertThat(s.store("store-new").enter()).isEqualTo(0.5);
    assertThat(s.store("store-aroma")).isEqualTo(Scenario.defaults().store("store-aroma"));
    assertThat(s.store("store-unknown")).isEqualTo(s.storeDefaults());
  }

  @Test
  void rejectsUnknownParametersAndOutOfRangeShares() {
    assertThatThrownBy(() -> Scenario.parse("visitorsPerDy: 10", "test"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("visitorsPerDy");
    assertThatThrownBy(() -> Scenario.parse("phones: {randomMacShare: 1.5}", "test"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("phones.randomMacShare");
  }

  @Test
  void readsDurationsAsPeopleWriteThem() {
    assertThat(DurationText.parse("12h")).isEqualTo(Duration.ofHours(12));
    assertThat(DurationText.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(DurationText.parse("PT45S")).isEqualTo(Duration.ofSeconds(45));
    assertThat(DurationText.parse("forever")).isNull();
    assertThatThrownBy(() -> DurationText.parse("soon")).isInstanceOf(IllegalArgumentException.class);
  }
}
