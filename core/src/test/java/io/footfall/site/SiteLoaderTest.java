package io.footfall.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SiteLoaderTest {

  @Test
  void theDemoMallIsABelievableTwoFloorMall() {
    Site site = SiteLoader.loadResource("sites/demo-mall.yaml");

    assertThat(site.id()).isEqualTo("demo-mall");
    assertThat(site.floors()).hasSize(2);
    assertThat(site.zones()).hasSizeGreaterThanOrEqualTo(25);
    assertThat(site.zones().stream().filter(z -> z.kind() == ZoneKind.STORE)).hasSizeGreaterThanOrEqualTo(12);
    assertThat(site.zones().stream().map(Zone::kind)).contains(ZoneKind.CORRIDOR, ZoneKind.ENTRANCE, ZoneKind.FOOD_COURT);
    assertThat(site.sensors()).hasSizeGreaterThanOrEqualTo(30);
    site.zones().stream().filter(z -> z.kind() == ZoneKind.STORE)
        .forEach(store -> assertThat(site.zone(store.frontage())).as(store.id() + " frontage").isPresent());
    site.sensors().forEach(s -> assertThat(site.zone(s.zone()).orElseThrow().contains(s.position()))
        .as(s.id() + " lies inside its zone").isTrue());
  }

  @Test
  void aZoneStaysAsLongAsItsKindUnlessTheSiteFileSaysOtherwise() throws Exception {
    String yaml = """
        id: two-zones
        floors: [{id: G, width: 10, height: 10}]
        zones:
          - {id: hall, kind: corridor, floor: G, capacity: 9, polygon: [[0,0],[5,0],[5,5]]}
          - {id: shop, kind: store, floor: G, capacity: 9, polygon: [[5,0],[9,0],[9,5]], typicalStaySeconds: 1500}
        sensors:
          - {id: s1, floor: G, zone: hall}
        """;
    Site site = SiteLoader.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "t.yaml");

    assertThat(site.zone("hall").orElseThrow().typicalStayMs()).isEqualTo(ZoneKind.CORRIDOR.typicalStayMs());
    assertThat(site.zone("shop").orElseThrow().typicalStayMs()).isEqualTo(1_500_000);
  }

  @Test
  void reportsEveryProblemWithItsField() {
    String yaml = """
        id: bad site
        floors: [{id: G, width: 10, height: 0}]
        zones:
          - {id: a, kind: shop, floor: X, capacity: 0, polygon: [[0,0],[1,1]], frontage: nowhere, typicalStaySeconds: 0}
        sensors:
          - {id: s1, floor: G, zone: b, secret: plain-text}
        """;
    assertThatThrownBy(() -> SiteLoader.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "t.yaml"))
        .isInstanceOf(InvalidSiteException.class)
        .hasMessageContaining("id: must be 1-64 letters")
        .hasMessageContaining("floors[0].height")
        .hasMessageContaining("zones[0].kind: unknown zone kind 'shop'")
        .hasMessageContaining("zones[0].floor: no floor 'X'")
        .hasMessageContaining("zones[0].polygon: needs at least 3 points")
        .hasMessageContaining("zones[0].capacity")
        .hasMessageContaining("zones[0].frontage: no zone 'nowhere'")
        .hasMessageContaining("zones[0].typicalStaySeconds: must be a number of seconds within 1..86400")
        .hasMessageContaining("sensors[0].zone: no zone 'b'")
        .hasMessageContaining("sensors[0].secret");
  }

  @Test
  void reportsTheLineOfAYamlSyntaxError() {
    String yaml = "id: x\nzones: [\n  {id: a\n";
    assertThatThrownBy(() -> SiteLoader.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "t.yaml"))
        .isInstanceOf(InvalidSiteException.class)
        .hasMessageMatching("(?s)t\\.yaml: line \\d+: .*");
  }

  @Test
  void secretsVerifyOnlyTheirOwnPassword() {
    String hash = SensorSecrets.hash("correct horse");
    assertThat(SensorSecrets.isHash(hash)).isTrue();
    assertThat(SensorSecrets.verify("correct horse", hash)).isTrue();
    assertThat(SensorSecrets.verify("correct horse ", hash)).isFalse();
    assertThat(SensorSecrets.hash("correct horse")).isNotEqualTo(hash);
  }

  @Test
  void aSiteTurnsDevicesIntoPeopleWithItsOwnModelOrThePlainFactor() throws Exception {
    String yaml = """
        id: lab
        floors: [{id: G, width: 10, height: 10}]
        zones:
          - {id: room, kind: store, floor: G, capacity: 40, polygon: [[0,0],[9,0],[9,9]]}
        sensors:
          - {id: s1, floor: G, zone: room}
        people: {backgroundDevices: 2, exponent: 0.2}
        """;
    Site site = SiteLoader.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "t.yaml");
    Site plain = SiteLoader.parse(new ByteArrayInputStream(yaml.replaceAll("people:.*\n", "")
        .getBytes(StandardCharsets.UTF_8)), "t.yaml");

    assertThat(site.people()).isEqualTo(new PeopleModel(2, 0.2));
    assertThat(plain.people()).isEqualTo(PeopleModel.LINEAR);
    assertThatThrownBy(() -> SiteLoader.parse(new ByteArrayInputStream(yaml.replace("0.2}", "1.5}")
        .getBytes(StandardCharsets.UTF_8)), "t.yaml")).isInstanceOf(InvalidSiteException.class)
        .hasMessageContaining("people");
  }

  @Test
  void fixedDevicesAreListedByIdAndFoundOnlyWhenTheSiteFileSaysAfterHowLong() throws Exception {
    String yaml = """
        id: lab
        floors: [{id: G, width: 10, height: 10}]
        zones: [{id: room, kind: store, floor: G, capacity: 9, polygon: [[0,0],[5,0],[5,5]]}]
        sensors: [{id: s1, floor: G, zone: room}]
        fixedDevices: {devices: [00000000000000ff, 3A4b5c6d7e8f9012], detectAfterMinutes: 180}
        """;
    Site site = SiteLoader.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "t.yaml");
    Site plain = SiteLoader.parse(new ByteArrayInputStream(yaml.replaceAll("fixedDevices:.*\n", "")
        .getBytes(StandardCharsets.UTF_8)), "t.yaml");

    assertThat(site.fixedDevices().devices()).containsExactly(0xffL, 0x3a4b5c6d7e8f9012L);
    assertThat(site.fixedDevices().detectAfterMs()).isEqualTo(3 * 3_600_000L);
    assertThat(plain.fixedDevices()).isEqualTo(FixedDeviceSpec.DEFAULT);
    assertThat(plain.fixedDevices().detectAfterMs()).isZero();
  }

  @Test
  void aSensorMayHaveItsOwnRssiFloorAndABadOneIsNamed() throws Exception {
    String yaml = """
        id: lab
        floors: [{id: G, width: 10, height: 10}]
        zones: [{id: room, kind: store, floor: G, capacity: 9, polygon: [[0,0],[5,0],[5,5]]}]
        sensors:
          - {id: s1, floor: G, zone: room, rssiFloorDbm: -72}
          - {id: s2, floor: G, zone: room}
        """;
    Site site = SiteLoader.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "t.yaml");
    assertThat(site.sensors().get(0).rssiFloorDbm()).isEqualTo(-72);
    assertThat(site.sensors().get(1).rssiFloorDbm()).isNull();

    String bad = yaml.replace("-72", "-72.5").replace("zone: room}", "zone: room}\nfixedDevices: {devices: [aa:bb:cc:dd:ee:ff],"
        + " detectAfterMinutes: -1}");
    assertThatThrownBy(() -> SiteLoader.parse(new ByteArrayInputStream(bad.getBytes(StandardCharsets.UTF_8)), "t.yaml"))
        .isInstanceOf(InvalidSiteException.class)
        .hasMessageContaining("sensors[0].rssiFloorDbm: must be a whole number of dBm")
        .hasMessageContaining("fixedDevices.devices[0]: must be a device id of 16 hex digits")
        .hasMessageContaining("fixedDevices.detectAfterMinutes");
  }
}
