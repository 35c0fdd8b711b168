package io.footfall.wire;

/**
 * Folds a device id or fingerprint string into a non-zero 64-bit key. A 16-digit hex id (what footfall's
 * sensors send: a truncated keyed hash) maps to its own value; any other id is hashed. Zero is reserved to
 * mean "no key". The {@code char[]} form does not allocate, for the decoder's hot path.
 */
public final class DeviceKeys {

  private DeviceKeys() {
  }

  public static long of(CharSequence s) {
    char[] chars = s.toString().toCharArray();
    return of(chars, 0, chars.length);
  }

  public static long of(char[] s, int offset, int length) {
    if (length == 16) {
      long v = 0;
      int i = 0;
      for (; i < 16; i++) {
        int d = Character.digit(s[offset + i], 16);
        if (d < 0) {
          break;
        }
        v = (v << 4) | d;
      }
      if (i == 16) {
        return v == 0 ? 1 : v;
      }
    }
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < length; i++) {
      h = (h ^ s[offset + i]) * 0x100000001b3L;
    }
    long mixed = mix(h);
    return mixed == 0 ? 1 : mixed;
  }

  /** The 16-hex-digit form that {@link #of} maps back to the same key. */
  public static String hex(long key) {
    String h = Long.toHexString(key);
    return "0".repeat(16 - h.length()) + h;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
