package io.footfall.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.fault.InvalidConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FootfallConfigTest {

  @Test
  void defaultsNeedNoFile() {
    FootfallConfig c = FootfallConfig.load(null, Map.of(), Map.of());
    assertThat(c.http().port()).isEqualTo(8080);
    assertThat(c.mqtt().port()).isEqualTo(1883);
    assertThat(c.database().embedded()).isTrue();
  }

  @Test
  void fileThenEnvironmentThenOptionsOverride(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("footfall.yaml");
    Files.writeString(file, "http: {port: 9000}\nmqtt: {port: 1999, maxSightings: 10}\nsites: [a.yaml]\n");

    FootfallConfig c = FootfallConfig.load(file, Map.of("FOOTFALL_MQTT_PORT", "2883", "FOOTFALL_DATA_DIR", "/srv/ff"),
        Map.of("http.port", "0"));

    assertThat(c.http().port()).isZero();
    assertThat(c.mqtt().port()).isEqualTo(2883);
    assertThat(c.mqtt().maxSightings()).isEqualTo(10);
    assertThat(c.dataDir()).isEqualTo("/srv/ff");
    assertThat(c.sites()).containsExactly("a.yaml");
  }

  @Test
  void refusesUnknownSettingsAndBadValuesNamingThem(@TempDir Path dir) throws Exception {
    Path typo = dir.resolve("typo.yaml");
    Files.writeString(typo, "mqtt: {prot: 1}\n");
    assertThatThrownBy(() -> FootfallConfig.load(typo, Map.of(), Map.of()))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("mqtt.prot");

    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "http: {port: 70000}\n");
    assertThatThrownBy(() -> FootfallConfig.load(bad, Map.of(), Map.of()))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("http.port must be 0-65535");
  }

  @Test
  void trustedProxiesComeAsAListOrCommaSeparatedAndAHostNameIsRefusedNamingTheSetting(@TempDir Path dir)
      throws Exception {
    FootfallConfig fromEnv = FootfallConfig.load(null, Map.of("FOOTFALL_HTTP_TRUSTED_PROXIES", "10.0.0.2, 192.168.0.0/16"),
        Map.of());
    Path file = dir.resolve("proxy.yaml");
    Files.writeString(file, "http: {trustedProxies: [proxy.example.com]}\n");

    assertThat(fromEnv.http().trustedProxies()).containsExactly("10.0.0.2", "192.168.0.0/16");
    assertThat(fromEnv.http().proxies().trusts("192.168.7.1")).isTrue();
    assertThat(fromEnv.http().proxies().trusts("10.0.0.3")).isFalse();
    assertThatThrownBy(() -> FootfallConfig.load(file, Map.of(), Map.of()))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("http.trustedProxies: 'proxy.example.com' is not an IP address or CIDR range");
  }
}
