package io.footfall.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.SplittableRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class PhoneTest {

  private static final Scenario.Phones PHONES = Scenario.defaults().phones();
  private static final PhoneCatalog CATALOG = new PhoneCatalog(PHONES.models());
  private static final DeviceHasher HASHER = new DeviceHasher("k".getBytes(StandardCharsets.UTF_8));

  @Test
  void randomizingPhoneRotatesItsLocallyAdministeredMacAndContinuesItsSequenceNumbers() {
    Phone phone = new Phone(1, CATALOG, true, 0, new SplittableRandom(1));
    Set<String> devs = new HashSet<>();
    int lastSn = -1;
    for (int burst = 0; burst < 40; burst++) {
      phone.startBurst(PHONES, HASHER);
      assertThat(phone.random()).isTrue();
      int first = phone.nextSn();
      if (lastSn >= 0) {
        assertThat(Math.floorMod(first - lastSn, 4096)).isBetween(1, PHONES.maxSequenceGap() + 1);
      }
      lastSn = first;
      devs.add(phone.dev);
    }
    assertThat(devs.size()).as("one MAC per 1-4 bursts").isBetween(10, 40);
    assertThat(phone.fp).isEqualTo(CATALOG.fingerprint(phone.model));
  }

  @Test
  void phoneWithoutRandomizationKeepsItsVendorMac() {
    Phone phone = new Phone(1, CATALOG, false, 0, new SplittableRandom(2));
    phone.startBurst(PHONES, HASHER);
    String dev = phone.dev;
    for (int burst = 0; burst < 20; burst++) {
      phone.newSession();
      phone.startBurst(PHONES, HASHER);
      assertThat(phone.dev).isEqualTo(dev);
    }
    assertThat(phone.random()).isFalse();
  }

  @Test
  void devIsTheMacsHmacSha256TruncatedToSixteenHexDigits() throws Exception {
    long mac = 0x02_11_22_33_44_55L;
    Mac hmac = Mac.getInstance("HmacSHA256");
    hmac.init(new SecretKeySpec("k".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] digest = hmac.doFinal(new byte[] {0x02, 0x11, 0x22, 0x33, 0x44, 0x55});
    assertThat(HASHER.dev(mac)).isEqualTo(HexFormat.of().formatHex(digest, 0, 8));
  }

  @Test
  void manyPhonesShareAFewPopularModels() {
    SplittableRandom rng = new SplittableRandom(3);
    int[] counts = new int[CATALOG.models()];
    for (int i = 0; i < 10_000; i++) {
      counts[CATALOG.pick(rng)]++;
    }
    assertThat(counts[0]).isGreaterThan(counts[CATALOG.models() - 1] * 10);
    assertThat(new HashSet<>(java.util.Arrays.asList(CATALOG.fingerprint(0), CATALOG.fingerprint(1)))).hasSize(2);
  }
}
