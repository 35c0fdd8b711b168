package io.footfall.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The configuration reference, the bundled defaults and the config records tell the same story. */
class ConfigurationDocTest {

  @Test
  void docsConfigurationListsExactlyTheSettingsOfTheDefaults() throws Exception {
    Set<String> documented = new TreeSet<>();
    Matcher m = Pattern.compile("(?m)^\\| `([A-Za-z.]+)` \\|").matcher(Files.readString(Path.of("docs/configuration.md")));
    while (m.find()) {
      documented.add(m.group(1));
    }

    assertThat(documented).isEqualTo(settings(defaults()));
  }

  @Test
  void docsConfigurationHoldsTheGeneratedReferenceVerbatimBetweenItsMarkers() throws Exception {
    String document = Files.readString(Path.of("docs/configuration.md"));

    assertThat(ConfigReference.section(document))
        .as("docs/configuration.md is not what `footfall config-reference` generates; regenerate it with%n"
            + "  mvn -B -q package -DskipTests && java -jar target/footfall.jar config-reference --write "
            + "docs/configuration.md")
        .isEqualTo(ConfigReference.markdown());
  }

  @Test
  void everyComponentOfEveryConfigRecordHasADefault() throws Exception {
    Set<String> fromRecords = new TreeSet<>();
    for (RecordComponent section : FootfallConfig.class.getRecordComponents()) {
      if (section.getType().isRecord()) {
        for (RecordComponent setting : section.getType().getRecordComponents()) {
          fromRecords.add(section.getName() + "." + setting.getName());
        }
      } else {
        fromRecords.add(section.getName());
      }
    }

    assertThat(settings(defaults())).isEqualTo(fromRecords);
  }

  private static JsonNode defaults() throws Exception {
    try (InputStream in = ConfigurationDocTest.class.getClassLoader().getResourceAsStream("footfall-defaults.yaml")) {
      return new ObjectMapper(new YAMLFactory()).readTree(in);
    }
  }

  private static Set<String> settings(JsonNode defaults) {
    Set<String> keys = new TreeSet<>();
    defaults.fields().forEachRemaining(section -> {
      if (section.getValue().isObject()) {
        section.getValue().fieldNames().forEachRemaining(key -> keys.add(section.getKey() + "." + key));
      } else {
        keys.add(section.getKey());
      }
    });
    return keys;
  }
}
