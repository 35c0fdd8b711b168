package io.footfall.sensor;

/**
 * Reads a PPI (Per-Packet Information, link type 192) header: the link type of the packet it wraps and, from
 * its 802.11-common field (type 2), the FCS flags and the dBm antenna signal. Other field types are skipped.
 */
final class Ppi {

  private static final int FIELD_80211_COMMON = 2;
  private static final int COMMON_LENGTH = 20;
  private static final int COMMON_FLAG_FCS = 0x0001;
  private static final int COMMON_FLAG_FCS_INVALID = 0x0004;
  private static final int HEADER_FLAG_ALIGNED = 0x01;
  /** PPI marks an unmeasured dBm antenna signal with -128. */
  private static final int SIGNAL_UNKNOWN = -128;

  /**
   * @param length        header length; the wrapped packet starts there
   * @param innerLinkType link type of the wrapped packet
   * @param fcsAtEnd      whether the 802.11-common field says the frame ends with its FCS
   * @param badFcs        whether the 802.11-common field flags that FCS as invalid
   * @param antennaSignal dBm antenna signal, or null when absent
   */
  record Header(int length, int innerLinkType, boolean fcsAtEnd, boolean badFcs, Integer antennaSignal) {
  }

  private Ppi() {
  }

  /**
   * @return the header, or null when {@code b[off..end)} does not hold a complete PPI header
   * @throws Radiotap.MalformedHeader when the header is complete but breaks the format's rules
   */
  static Header parse(byte[] b, int off, int end) {
    if (end - off < 8) {
      return null;
    }
    if (b[off] != 0) {
      throw new Radiotap.MalformedHeader("ppi version " + b[off]);
    }
    boolean aligned = (Bytes.u8(b, off + 1) & HEADER_FLAG_ALIGNED) != 0;
    int length = Bytes.u16le(b, off + 2);
    if (length < 8) {
      throw new Radiotap.MalformedHeader("ppi length " + length);
    }
    if (length > end - off) {
      return null;
    }
    long linkType = Bytes.u32le(b, off + 4);
    int headerEnd = off + length;
    boolean fcs = false;
    boolean badFcs = false;
    Integer signal = null;
    int p = off + 8;
    while (p + 4 <= headerEnd) {
      int type = Bytes.u16le(b, p);
      int fieldLength = Bytes.u16le(b, p + 2);
      int data = p + 4;
      if (data + fieldLength > headerEnd) {
        throw new Radiotap.MalformedHeader("ppi field overruns the header");
      }
      if (type == FIELD_80211_COMMON && fieldLength >= COMMON_LENGTH) {
        int flags = Bytes.u16le(b, data + 8);
        fcs = (flags & COMMON_FLAG_FCS) != 0;
        badFcs = (flags & COMMON_FLAG_FCS_INVALID) != 0;
        int dbm = b[data + 18];
        signal = dbm == SIGNAL_UNKNOWN ? null : dbm;
      }
      p = data + fieldLength;
      if (aligned) {
        p = off + (p - off + 3) / 4 * 4;
      }
    }
    return new Header(length, linkType > Integer.MAX_VALUE ? -1 : (int) linkType, fcs, badFcs, signal);
  }
}
