package io.footfall.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeviceKeysTest {

  @Test
  void sixteenHexDigitsMapToTheirOwnValueSoKeysAreStableAcrossNodes() {
    assertThat(DeviceKeys.of("00000000000000ff")).isEqualTo(255L);
    assertThat(DeviceKeys.of("FFFFFFFFFFFFFFFF")).isEqualTo(-1L);
    assertThat(DeviceKeys.hex(DeviceKeys.of("0123456789abcdef"))).isEqualTo("0123456789abcdef");
  }

  @Test
  void otherIdsAreHashedAndNeverZero() {
    assertThat(DeviceKeys.of("aa:bb")).isNotZero().isNotEqualTo(DeviceKeys.of("aa:bc"));
    assertThat(DeviceKeys.of("0000000000000000")).isEqualTo(1L);
    assertThat(DeviceKeys.of("zzzzzzzzzzzzzzzz")).isEqualTo(DeviceKeys.of("zzzzzzzzzzzzzzzz")).isNotZero();
  }
}
