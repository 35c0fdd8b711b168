package io.footfall.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.analytics.AnalyticsSettings;
import io.footfall.app.FootfallConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineConfigTest {

  @Test
  void bundledDefaultsAreTheDocumentedAnalyticsDefaults() {
    EngineConfig engine = FootfallConfig.load(null, Map.of(), Map.of()).engine();

    assertThat(engine.analytics()).isEqualTo(AnalyticsSettings.defaults());
    assertThat(engine.publishIntervalMs()).isEqualTo(500);
  }

  @Test
  void environmentOverridesASetting() {
    EngineConfig engine = FootfallConfig.load(null, Map.of("FOOTFALL_ENGINE_HYSTERESIS_DB", "6"), Map.of()).engine();

    assertThat(engine.hysteresisDb()).isEqualTo(6);
  }

  @Test
  void rejectsABurstLongerThanHalfTheAbsenceTimeoutNamingTheSetting() {
    assertThatThrownBy(() -> new EngineConfig(5_000, 20_000, 60_000, 60_000, 10_000, 15_000, -85, -75, 15, 4,
        5_000, 500))
        .hasMessage("engine.burstMs must not exceed half of absenceTimeoutMs");
  }

  @Test
  void rejectsASwitchMarginBelowTheHysteresis() {
    assertThatThrownBy(() -> new EngineConfig(5_000, 180_000, 60_000, 60_000, 10_000, 1_000, -85, -75, 2, 4,
        5_000, 500))
        .hasMessage("engine.switchMarginDb must be at least hysteresisDb");
  }

  @Test
  void rejectsANegativeLateness() {
    assertThatThrownBy(() -> new EngineConfig(-1, 180_000, 60_000, 60_000, 10_000, 1_000, -85, -75, 15, 4,
        5_000, 500))
        .hasMessageStartingWith("engine.allowedLatenessMs must be at least 0");
  }

  @Test
  void rejectsAPublishIntervalOutOfRange() {
    assertThatThrownBy(() -> new EngineConfig(5_000, 180_000, 60_000, 60_000, 10_000, 1_000, -85, -75, 15, 4,
        5_000, 10))
        .hasMessageContaining("engine.publishIntervalMs");
  }
}
