package io.footfall.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

class ProbeFingerprintTest {

  private static String fp(byte[] elements) {
    return ProbeFingerprint.of(elements, 0, elements.length);
  }

  @Test
  void staysTheSameWhenTheSsidAndChannelChange() {
    assertThat(fp(Frames.phoneElements("home-wifi", 6))).isEqualTo(fp(Frames.phoneElements("", 11)));
  }

  @Test
  void changesWithTheCapabilities() {
    byte[] elements = Frames.phoneElements("", 6);
    byte[] otherRates = elements.clone();
    otherRates[3] = 0x0c;

    assertThat(fp(otherRates)).isNotEqualTo(fp(elements));
  }

  @Test
  void changesWithTheOrderOfTheElements() {
    ByteArrayOutputStream a = new ByteArrayOutputStream();
    Frames.element(a, 1, new byte[] {2, 4});
    Frames.element(a, 50, new byte[] {48});
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    Frames.element(b, 50, new byte[] {48});
    Frames.element(b, 1, new byte[] {2, 4});

    assertThat(fp(a.toByteArray())).isNotEqualTo(fp(b.toByteArray()));
  }

  @Test
  void keepsOnlyTheOuiAndTypeOfVendorElements() {
    ByteArrayOutputStream a = new ByteArrayOutputStream();
    Frames.element(a, 221, new byte[] {0x00, 0x50, (byte) 0xf2, 0x08, 0x00, 0x10});
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    Frames.element(b, 221, new byte[] {0x00, 0x50, (byte) 0xf2, 0x08, 0x7f});

    assertThat(fp(a.toByteArray())).isEqualTo(fp(b.toByteArray()));
  }
}
