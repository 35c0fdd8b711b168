package io.footfall.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevicePseudonymsTest {

  private static final byte[] MAC = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55};
  private static final String KEY_A = "000102030405060708090a0b0c0d0e0f";
  private static final byte[] KEY_B = "a second site key of 32 bytes!!!".getBytes();

  @TempDir
  Path tmp;

  @Test
  void pseudonymIsTheTruncatedHmacSha256OfTheAddress() throws Exception {
    Files.writeString(tmp.resolve("k"), "2024-01-01 " + KEY_A + "\n");
    DevicePseudonyms p = DevicePseudonyms.fromKeyFile(tmp.resolve("k"));
    Mac hmac = Mac.getInstance("HmacSHA256");
    hmac.init(new SecretKeySpec(HexFormat.of().parseHex(KEY_A), "HmacSHA256"));

    String dev = p.pseudonym(MAC, Instant.parse("2024-06-01T12:00:00Z").toEpochMilli());

    assertThat(dev).isEqualTo(HexFormat.of().formatHex(hmac.doFinal(MAC), 0, 8)).matches("[0-9a-f]{16}");
  }

  @Test
  void rotatesToTheKeyValidAtTheFrameTime() throws Exception {
    Files.writeString(tmp.resolve("k"), "# rotation\n2024-02-01 " + Base64.getEncoder().encodeToString(KEY_B)
        + "\n\n2024-01-01 " + KEY_A + "\n");
    DevicePseudonyms p = DevicePseudonyms.fromKeyFile(tmp.resolve("k"));
    long january = Instant.parse("2024-01-31T23:59:59Z").toEpochMilli();
    long february = Instant.parse("2024-02-01T00:00:00Z").toEpochMilli();

    assertThat(p.pseudonym(MAC, january)).isNotEqualTo(p.pseudonym(MAC, february));
    assertThat(p.pseudonym(MAC, january)).isEqualTo(p.pseudonym(MAC, january - 86_400_000L));
    assertThat(p.keyAt(february).id()).isEqualTo("2024-02-01T00:00:00Z");
  }

  @Test
  void givesNoPseudonymBeforeTheFirstKey() throws Exception {
    Files.writeString(tmp.resolve("k"), "2024-01-01T06:00:00Z " + KEY_A + "\n");

    assertThat(DevicePseudonyms.fromKeyFile(tmp.resolve("k"))
        .pseudonym(MAC, Instant.parse("2024-01-01T05:59:59Z").toEpochMilli())).isNull();
  }

  @Test
  void rejectsShortKeysAndUnreadableLines() throws Exception {
    Files.writeString(tmp.resolve("short"), "2024-01-01 00010203\n");
    Files.writeString(tmp.resolve("bad"), "yesterday " + KEY_A + "\n");

    assertThatThrownBy(() -> DevicePseudonyms.fromKeyFile(tmp.resolve("short"))).hasMessageContaining("line 1");
    assertThatThrownBy(() -> DevicePseudonyms.fromKeyFile(tmp.resolve("bad"))).hasMessageContaining("valid-from");
  }

  @Test
  void rawIdIsTheAddressAsTwelveHexDigits() {
    assertThat(DevicePseudonyms.rawId(MAC)).isEqualTo("001122334455");
  }
}
