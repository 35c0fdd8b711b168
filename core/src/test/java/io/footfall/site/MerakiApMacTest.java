package io.footfall.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The optional {@code merakiApMac} of a sensor in the site file. */
class MerakiApMacTest {

  private static Site parse(String sensors) throws Exception {
    String yaml = String.join("\n",
        "id: mall",
        "floors: [{id: G, width: 20, height: 20}]",
        "zones: [{id: z, floor: G, capacity: 10, polygon: [[0, 0], [10, 0], [10, 10]]}]",
        "sensors:",
        sensors,
        "");
    return SiteLoader.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "mall.yaml");
  }

  @Test
  void normalisesTheAccessPointMacToLowercaseWithColons() throws Exception {
    Site site = parse("  - {id: ap-1, floor: G, zone: z, merakiApMac: \"00-18-0A-13-DD-B0\"}\n"
        + "  - {id: s-01, floor: G, zone: z}");

    assertThat(site.sensor("ap-1").orElseThrow().merakiApMac()).isEqualTo("00:18:0a:13:dd:b0");
    assertThat(site.sensor("s-01").orElseThrow().merakiApMac()).isNull();
  }

  @Test
  void reportsAMalformedOrRepeatedAccessPointMac() {
    assertThatThrownBy(() -> parse("  - {id: ap-1, floor: G, zone: z, merakiApMac: \"00:18:0a\"}\n"
        + "  - {id: ap-2, floor: G, zone: z, merakiApMac: \"00:18:0a:13:dd:b0\"}\n"
        + "  - {id: ap-3, floor: G, zone: z, merakiApMac: \"00:18:0A:13:DD:B0\"}"))
        .isInstanceOf(InvalidSiteException.class)
        .hasMessageContaining("sensors[0].merakiApMac: must be a MAC address")
        .hasMessageContaining("sensors[2].merakiApMac: access point 00:18:0a:13:dd:b0 already stands for another sensor");
  }
}
