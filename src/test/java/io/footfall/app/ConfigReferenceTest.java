package io.footfall.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.footfall.fault.InvalidConfigException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** How the settings reference is read out of footfall-defaults.yaml and checked against the config records. */
class ConfigReferenceTest {

  @Test
  void takesTheCommentAfterASettingAndItsIndentedContinuationAsItsMeaning() {
    String reference = ConfigReference.markdown();

    assertThat(reference)
        .contains("| `http.port` | `8080` | port; 0 picks a free one (logged) |")
        .contains("| `mqtt.maxInFlightBatches` | `256` | batches of one site handed to the engine and not yet taken; "
            + "beyond it QoS 0 batches are dropped and QoS 1 ones left unacknowledged (the sensor re-sends), "
            + "counted as `overload` |")
        .contains("| `broker.topic` | `footfall/v1/+/+/sightings` |");
  }

  @Test
  void headsEachSectionWithItsRecordAndTheCommentUnderItsName() {
    assertThat(ConfigReference.markdown())
        .startsWith("## Node\n")
        .contains("## `http` (`io.footfall.live.HttpConfig`)\n\nWeb server: REST API, WebSocket and dashboards")
        .doesNotContain("Presence: phones probe every");
  }

  @Test
  void refusesASettingWithoutAMeaningAndOneNoRecordHas() throws Exception {
    String defaults = bundledDefaults()
        .replace("  port: 8080  # port; 0 picks a free one (logged)\n", "  port: 8080\n")
        .replace("  pushIntervalMs: 500", "  colour: blue  # not a setting\n  pushIntervalMs: 500");

    assertThatThrownBy(() -> ConfigReference.markdown(defaults))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("http.port has no meaning: write it as a comment after the value")
        .hasMessageContaining("http.colour is not a component of FootfallConfig");
  }

  @Test
  void keepsAHashInsideQuotesAsPartOfTheValue() throws Exception {
    String defaults = bundledDefaults().replace("  secret: \"\"  # shared secret of the",
        "  secret: \"a#b\"  # shared secret of the");

    assertThat(ConfigReference.markdown(defaults)).contains("| `notifications.secret` | `\"a#b\"` | shared secret");
  }

  @Test
  void replacesOnlyTheTextBetweenTheMarkers() {
    String document = "intro\n" + ConfigReference.BEGIN + "\nold\n" + ConfigReference.END + "\nafter\n";

    assertThat(ConfigReference.replaceSection(document, "new\n"))
        .isEqualTo("intro\n" + ConfigReference.BEGIN + "\nnew\n" + ConfigReference.END + "\nafter\n");
  }

  @Test
  void theCommentedDefaultsStillLoadAsYaml() throws Exception {
    assertThat(new ObjectMapper(new YAMLFactory()).readTree(bundledDefaults()).at("/mqtt/maxInFlightBatches").asInt())
        .isEqualTo(256);
  }

  private static String bundledDefaults() throws Exception {
    try (InputStream in = ConfigReferenceTest.class.getClassLoader().getResourceAsStream("footfall-defaults.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
