package io.footfall.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Vacant units and store categories in site files (docs/decisions.md, "Site file"). */
class VacantUnitSiteTest {

  @Test
  void theDemoWithAVacantUnitLoadsItWithItsFrontageAndCategory() {
    Site site = SiteLoader.loadResource("sites/demo-mall-vacant.yaml");

    Zone unit = site.zone("unit-1-04").orElseThrow();
    assertThat(unit.kind()).isEqualTo(ZoneKind.VACANT);
    assertThat(unit.frontage()).isEqualTo("corridor-1-west");
    assertThat(unit.category()).isEqualTo("kids");
    assertThat(unit.typicalStayMs()).isEqualTo(ZoneKind.STORE.typicalStayMs());
    assertThat(site.zone("store-toyplanet").orElseThrow().category()).isEqualTo("kids");
    assertThat(SiteLoader.loadResource("sites/demo-mall.yaml").zone("store-kidz").orElseThrow().kind())
        .isEqualTo(ZoneKind.STORE);
  }

  @Test
  void aCategoryIsOptionalAndABadOneIsReportedWithItsPlace() {
    String zone = "  - {id: a, kind: vacant, floor: G, capacity: 5, polygon: [[0,0],[1,0],[1,1]]%s}\n";
    String site = "id: x\nname: X\ntimezone: UTC\nfloors: [{id: G, name: G, level: 0, width: 10, height: 10}]\n"
        + "zones:\n%ssensors: []\n";

    Site plain = parse(String.format(site, String.format(zone, "")));
    assertThat(plain.zone("a").orElseThrow().category()).isNull();
    assertThat(parse(String.format(site, String.format(zone, ", category: \" Fashion \""))).zone("a").orElseThrow()
        .category()).isEqualTo("fashion");
    assertThatThrownBy(() -> parse(String.format(site, String.format(zone, ", category: \"<script>\""))))
        .isInstanceOf(InvalidSiteException.class)
        .hasMessageContaining("zones[0].category: must be 1-40 letters");
    assertThatThrownBy(() -> parse(String.format(site, String.format(zone, "").replace("vacant", "empty"))))
        .hasMessageContaining("expected one of store, corridor, entrance, food-court, service, vacant");
  }

  private static Site parse(String yaml) {
    try {
      return SiteLoader.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "t.yaml");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
