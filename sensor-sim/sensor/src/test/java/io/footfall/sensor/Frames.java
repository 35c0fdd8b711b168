package io.footfall.sensor;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/** Builds 802.11, radiotap and PPI bytes for tests, the way a radio and libpcap would deliver them. */
final class Frames {

  static final byte[] GLOBAL_MAC = {(byte) 0x00, 0x11, 0x22, 0x33, 0x44, 0x55};
  static final byte[] RANDOM_MAC = {(byte) 0xda, (byte) 0xa1, 0x19, 0x01, 0x02, 0x03};

  private Frames() {
  }

  /** Information elements of a typical phone probe: SSID, rates, DS parameter set, HT caps, ext rates, vendor. */
  static byte[] phoneElements(String ssid, int channel) {
    ByteArrayOutputStream ie = new ByteArrayOutputStream();
    element(ie, 0, ssid.getBytes(StandardCharsets.US_ASCII));
    element(ie, 1, new byte[] {2, 4, 11, 22, 12, 18, 24, 36});
    element(ie, 3, new byte[] {(byte) channel});
    element(ie, 45, new byte[26]);
    element(ie, 50, new byte[] {48, 72, 96, 108});
    element(ie, 127, new byte[] {0, 0, 8, (byte) 0x80});
    element(ie, 221, new byte[] {0x00, 0x50, (byte) 0xf2, 0x08, 0x00, 0x10, 0x00});
    return ie.toByteArray();
  }

  static void element(ByteArrayOutputStream out, int id, byte[] data) {
    out.write(id);
    out.write(data.length);
    out.writeBytes(data);
  }

  /** An 802.11 probe request (no FCS). */
  static byte[] probeRequest(byte[] source, int sequence, byte[] elements) {
    ByteBuffer b = le(24 + elements.length);
    b.put((byte) 0x40).put((byte) 0).putShort((short) 0);
    b.put(new byte[] {-1, -1, -1, -1, -1, -1}).put(source).put(new byte[] {-1, -1, -1, -1, -1, -1});
    b.putShort((short) (sequence << 4)).put(elements);
    return b.array();
  }

  /** An 802.11 beacon, which is not a probe request. */
  static byte[] beacon(byte[] source) {
    byte[] f = probeRequest(source, 1, new byte[12]);
    f[0] = (byte) 0x80;
    return f;
  }

  static byte[] withFcs(byte[] frame) {
    CRC32 crc = new CRC32();
    crc.update(frame);
    return concat(frame, le(4).putInt((int) crc.getValue()).array());
  }

  static byte[] withBadFcs(byte[] frame) {
    byte[] f = withFcs(frame);
    f[f.length - 1] ^= 0x5a;
    return f;
  }

  /** Radiotap header with flags and, when {@code signal} is not null, a dBm antenna signal. */
  static byte[] radiotap(int flags, Integer signal) {
    // tsft (8, aligned 8) | flags | rate | channel (aligned 2) | antenna signal
    int present = 1 | 1 << 1 | 1 << 2 | 1 << 3 | (signal == null ? 0 : 1 << 5);
    ByteBuffer b = le(signal == null ? 24 : 25);
    b.put((byte) 0).put((byte) 0).putShort((short) b.capacity()).putInt(present);
    b.putLong(123456789L).put((byte) flags).put((byte) 2).putShort((short) 2437).putShort((short) 0x00a0);
    if (signal != null) {
      b.put(signal.byteValue());
    }
    return b.array();
  }

  /**
   * Radiotap header with three presence words, as multi-antenna radios write it: the first word carries
   * tsft, flags and no signal, then a radiotap-namespace word with signal {@code first} and antenna 0, then one
   * with signal {@code second} and antenna 1.
   */
  static byte[] radiotapExtended(int first, int second) {
    int ext = 1 << 31;
    int ns = 1 << 29;
    ByteBuffer b = le(29);
    b.put((byte) 0).put((byte) 0).putShort((short) 29);
    b.putInt(1 | 1 << 1 | ns | ext).putInt(1 << 5 | 1 << 11 | ns | ext).putInt(1 << 5 | 1 << 11);
    b.putLong(42L).put((byte) 0);
    b.put((byte) first).put((byte) 0).put((byte) second).put((byte) 1);
    return b.array();
  }

  /**
   * Radiotap header whose first word opens a vendor namespace holding {@code vendorBytes} unknown bytes, then
   * returns to the radiotap namespace for the antenna signal.
   */
  static byte[] radiotapVendorNamespace(int signal, int vendorBytes) {
    int ext = 1 << 31;
    ByteBuffer b = le(64);
    b.put((byte) 0).put((byte) 0).putShort((short) 0);
    b.putInt(1 << 1 | 1 << 30 | ext).putInt(0x7 | 1 << 29 | ext).putInt(1 << 5);
    b.put((byte) 0); // flags at 16
    b.put((byte) 0); // pad: the vendor namespace header aligns to 2
    b.put(new byte[] {0x00, 0x11, 0x22}).put((byte) 1).putShort((short) vendorBytes);
    for (int i = 0; i < vendorBytes; i++) {
      b.put((byte) 0x5a);
    }
    b.put((byte) signal);
    int length = b.position();
    b.putShort(2, (short) length);
    return trim(b, length);
  }

  /** PPI header wrapping plain 802.11 (DLT 105) with an 802.11-common field. */
  static byte[] ppi(boolean fcs, int signal) {
    ByteBuffer b = le(8 + 4 + 20);
    b.put((byte) 0).put((byte) 0).putShort((short) 32).putInt(FrameParser.DLT_IEEE802_11);
    b.putShort((short) 2).putShort((short) 20);
    b.putLong(0L).putShort((short) (fcs ? 1 : 0)).putShort((short) 10).putShort((short) 2412).putShort((short) 0xa0);
    b.put((byte) 0).put((byte) 0).put((byte) signal).put((byte) -95);
    return b.array();
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] r = new byte[a.length + b.length];
    System.arraycopy(a, 0, r, 0, a.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static byte[] trim(ByteBuffer b, int length) {
    byte[] r = new byte[length];
    System.arraycopy(b.array(), 0, r, 0, length);
    return r;
  }
}
