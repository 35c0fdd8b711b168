package io.footfall.sim;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns a synthetic MAC address into the opaque {@code dev} id of the wire format: HMAC-SHA256 under a key,
 * truncated to 16 hex digits, as a real sensor does, so a MAC never leaves the simulated sensor. One instance
 * per thread ({@link Mac} is not thread-safe).
 */
public final class DeviceHasher {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final Mac mac;
  private final byte[] address = new byte[6];

  public DeviceHasher(byte[] key) {
    try {
      mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 missing from this JVM", e);
    }
  }

  /** The key the simulator uses for a seed, so that device ids are reproducible for a seed. */
  public static DeviceHasher forSeed(long seed) {
    return new DeviceHasher(("footfall-sim-key:" + seed).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The key behind the simulator's repeat-visit ids ({@code rid}) for a seed: separate from the device key, and, like
   * it, not rotated during a run, so a regular's phone keeps its rid across the days of a run.
   */
  public static DeviceHasher repeatForSeed(long seed) {
    return new DeviceHasher(("footfall-sim-repeat-key:" + seed).getBytes(StandardCharsets.UTF_8));
  }

  /** @param mac48 the MAC address in the low 48 bits, first octet most significant */
  public String dev(long mac48) {
    for (int i = 0; i < 6; i++) {
      address[i] = (byte) (mac48 >>> (40 - 8 * i));
    }
    byte[] digest = mac.doFinal(address);
    char[] out = new char[16];
    for (int i = 0; i < 8; i++) {
      out[2 * i] = HEX[(digest[i] >> 4) & 0xf];
      out[2 * i + 1] = HEX[digest[i] & 0xf];
    }
    return new String(out);
  }
}
