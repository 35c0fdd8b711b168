package io.footfall.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code footfall check-config}: every problem of a file, each with its line, before anything starts. */
class ConfigCheckTest {

  @TempDir
  Path dir;

  @Test
  void reportsEveryProblemOfAServerConfigurationWithItsLine() throws Exception {
    Path config = Files.writeString(dir.resolve("footfall.yaml"), String.join("\n",
        "dataDir: /var/lib/footfall",
        "http:",
        "  port: 8080",
        "  colour: blue",
        "mqtt:",
        "  port: 70000",
        "meraki:",
        "  enabled: true",
        "sites:",
        "  - " + dir.resolve("missing.yaml"),
        ""));

    ConfigCheck check = ConfigCheck.of(config);

    // a setting that is missing is reported at its section
    assertThat(check.problems()).containsExactlyInAnyOrder(
        config + ":4: unknown setting 'http.colour'",
        config + ":6: mqtt.port must be 0-65535, got 70000",
        config + ":7: meraki.validator is required when meraki.enabled is true",
        config + ":10: sites[0]: no file " + dir.resolve("missing.yaml"));
  }

  @Test
  void reportsAnOptOutListThatDoesNotParse() throws Exception {
    Path optOut = Files.writeString(dir.resolve("optout.txt"), "# opted out\n0123456789abcdef\nAA:BB:CC:DD:EE:FF\n");
    Path config = Files.writeString(dir.resolve("footfall.yaml"), String.join("\n",
        "privacy:",
        "  optOutFile: " + optOut,
        ""));

    ConfigCheck check = ConfigCheck.of(config);

    assertThat(check.problems()).singleElement().asString()
        .startsWith(config + ":2: privacy.optOutFile: ")
        .endsWith("line 3: expected a 16-hex-digit device id");
  }

  @Test
  void reportsEveryProblemOfASiteFileWithItsLine() throws Exception {
    Path site = Files.writeString(dir.resolve("mall.yaml"), String.join("\n",
        "id: mall",
        "floors: [{id: G, width: 20, height: 20}]",
        "zones:",
        "  - {id: z, floor: G, capacity: 10, polygon: [[0, 0], [10, 0], [10, 10]]}",
        "sensors:",
        "  - {id: s-01, floor: G, zone: z}",
        "  - {id: s-02, floor: G, zone: nowhere}",
        "  - id: ap-1",
        "    floor: G",
        "    zone: z",
        "    merakiApMac: not-a-mac",
        ""));

    ConfigCheck check = ConfigCheck.of(site);

    assertThat(check.problems()).containsExactly(
        site + ":7: sensors[1].zone: no zone 'nowhere'",
        site + ":11: sensors[2].merakiApMac: must be a MAC address such as 00:18:0a:13:dd:b0, got 'not-a-mac'");
  }

  @Test
  void reportsAYamlSyntaxErrorWithItsLine() throws Exception {
    Path config = Files.writeString(dir.resolve("broken.yaml"), "http:\n  port: 8080\n   host: [\n");

    assertThat(ConfigCheck.of(config).problems()).singleElement().asString().startsWith(config + ":3: ");
  }

  @Test
  void acceptsAGoodServerConfigurationAndTheSiteFilesItNames() throws Exception {
    Path site = dir.resolve("demo-mall.yaml");
    try (var in = getClass().getClassLoader().getResourceAsStream("sites/demo-mall.yaml")) {
      Files.copy(in, site);
    }
    Path config = Files.writeString(dir.resolve("footfall.yaml"), "sites: [\"" + site + "\"]\nhttp: {port: 9090}\n");

    ConfigCheck check = ConfigCheck.of(config);

    assertThat(check.problems()).isEmpty();
    assertThat(check.summary()).contains(site + ": site demo-mall, 25 zones, 32 sensors");
  }
}
