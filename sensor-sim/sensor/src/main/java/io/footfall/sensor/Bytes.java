package io.footfall.sensor;

/** Little-endian reads for the capture parsers; callers check bounds first. */
final class Bytes {

  private Bytes() {
  }

  static int u8(byte[] b, int i) {
    return b[i] & 0xff;
  }

  static int u16le(byte[] b, int i) {
    return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8;
  }

  static long u32le(byte[] b, int i) {
    return u16le(b, i) | (long) u16le(b, i + 2) << 16;
  }
}
