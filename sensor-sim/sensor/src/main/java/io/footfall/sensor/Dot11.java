package io.footfall.sensor;

import java.util.Arrays;
import java.util.zip.CRC32;

/** Reads an 802.11 probe request (management frame, subtype 4) and checks its frame check sequence. */
final class Dot11 {

  /** Whether the frame ends with a 4-byte FCS, as far as the capture's headers tell. */
  enum Fcs { PRESENT, ABSENT, UNKNOWN }

  private static final int HEADER = 24;
  private static final int HT_CONTROL = 4;
  private static final int FCS_LENGTH = 4;
  private static final int ORDER_BIT = 0x80;

  private Dot11() {
  }

  /**
   * @param b       captured bytes
   * @param off     start of the 802.11 frame
   * @param end     end of the captured bytes
   * @param fcs     whether the capture headers say an FCS ends the frame; when unknown, a trailing CRC that
   *                matches the frame is taken as its FCS
   * @param badFcs  whether the radio already flagged the FCS as bad
   * @param snapped whether the capture cut the packet short, so the FCS is not in the captured bytes
   * @param rssi    antenna signal from the capture headers, or null
   */
  static ParsedFrame parse(byte[] b, int off, int end, Fcs fcs, boolean badFcs, boolean snapped, Integer rssi) {
    if (badFcs) {
      return new ParsedFrame.Skipped(SkipReason.BAD_FCS);
    }
    int frameEnd = end;
    if (fcs == Fcs.PRESENT && !snapped) {
      if (end - off < 2 + FCS_LENGTH) {
        return new ParsedFrame.Skipped(SkipReason.TRUNCATED);
      }
      if (!fcsMatches(b, off, end)) {
        return new ParsedFrame.Skipped(SkipReason.BAD_FCS);
      }
      frameEnd = end - FCS_LENGTH;
    } else if (fcs == Fcs.UNKNOWN && !snapped && end - off >= HEADER + FCS_LENGTH && fcsMatches(b, off, end)) {
      frameEnd = end - FCS_LENGTH;
    }
    if (frameEnd - off < 2) {
      return new ParsedFrame.Skipped(SkipReason.TRUNCATED);
    }
    int fc0 = Bytes.u8(b, off);
    int type = (fc0 >> 2) & 0x3;
    int subtype = fc0 >> 4;
    if (type != 0 || subtype != 4) {
      return new ParsedFrame.Skipped(SkipReason.NOT_PROBE);
    }
    int header = HEADER + ((Bytes.u8(b, off + 1) & ORDER_BIT) != 0 ? HT_CONTROL : 0);
    if (frameEnd - off < header) {
      return new ParsedFrame.Skipped(SkipReason.TRUNCATED);
    }
    byte[] source = Arrays.copyOfRange(b, off + 10, off + 16);
    int sequence = Bytes.u16le(b, off + 22) >> 4;
    String fingerprint = ProbeFingerprint.of(b, off + header, frameEnd);
    return new ProbeRequest(source, sequence, rssi, fingerprint);
  }

  private static boolean fcsMatches(byte[] b, int off, int end) {
    CRC32 crc = new CRC32();
    crc.update(b, off, end - off - FCS_LENGTH);
    return crc.getValue() == Bytes.u32le(b, end - FCS_LENGTH);
  }
}
