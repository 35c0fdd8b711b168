package io.footfall.sensor;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Fingerprint of a probe request's information elements that stays the same when a phone rotates its MAC:
 * the element ids in order, the content of the capability elements (supported and extended rates, HT, VHT
 * and extended capabilities), the OUI and type of vendor-specific elements and the extension id of extension
 * elements. The SSID and the channel (DS parameter set) are left out: they change with what the phone looks
 * for and where it listens, not with what it is. 16 hex digits: the first 8 bytes of a SHA-256.
 */
public final class ProbeFingerprint {

  private static final int SUPPORTED_RATES = 1;
  private static final int HT_CAPABILITIES = 45;
  private static final int EXTENDED_RATES = 50;
  private static final int EXTENDED_CAPABILITIES = 127;
  private static final int VHT_CAPABILITIES = 191;
  private static final int VENDOR_SPECIFIC = 221;
  private static final int EXTENSION = 255;

  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(ProbeFingerprint::sha256);

  private ProbeFingerprint() {
  }

  /**
   * Fingerprints the elements in {@code b[from..to)}. An element cut short by the end of the capture ends the
   * list; the ones before it still count.
   */
  public static String of(byte[] b, int from, int to) {
    MessageDigest md = SHA256.get();
    md.reset();
    int p = from;
    while (p + 2 <= to) {
      int id = Bytes.u8(b, p);
      int length = Bytes.u8(b, p + 1);
      int data = p + 2;
      if (data + length > to) {
        break;
      }
      md.update((byte) id);
      switch (id) {
        case SUPPORTED_RATES, EXTENDED_RATES, HT_CAPABILITIES, VHT_CAPABILITIES, EXTENDED_CAPABILITIES -> {
          md.update((byte) length);
          md.update(b, data, length);
        }
        case VENDOR_SPECIFIC -> md.update(b, data, Math.min(length, 4));
        case EXTENSION -> md.update(b, data, Math.min(length, 1));
        default -> {
          // the other elements count by id and position only
        }
      }
      p = data + length;
    }
    return HexFormat.of().formatHex(md.digest(), 0, 8);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
