package io.footfall.sensor;

/**
 * Turns one captured packet into a {@link ProbeRequest} or a {@link SkipReason}. A pure function over the raw
 * bytes with no capture-library types, so it can be fed anything: it never throws and never reads outside
 * {@code packet}.
 *
 * <p>Link types: {@link #DLT_IEEE802_11} (plain 802.11), {@link #DLT_IEEE802_11_RADIO} (802.11 behind a
 * radiotap header) and {@link #DLT_PPI} (802.11 or radiotap behind a PPI header).
 */
public final class FrameParser {

  public static final int DLT_IEEE802_11 = 105;
  public static final int DLT_IEEE802_11_RADIO = 127;
  public static final int DLT_PPI = 192;

  private FrameParser() {
  }

  /**
   * @param linkType       the capture's link type (pcap DLT)
   * @param packet         the captured bytes
   * @param originalLength the packet's length on the air; larger than {@code packet.length} when the capture's
   *                       snap length cut it, in which case the FCS is not checked
   */
  public static ParsedFrame parse(int linkType, byte[] packet, int originalLength) {
    boolean snapped = originalLength > packet.length;
    try {
      return parse(linkType, packet, 0, snapped, true);
    } catch (Radiotap.MalformedHeader e) {
      return new ParsedFrame.Skipped(SkipReason.MALFORMED);
    }
  }

  private static ParsedFrame parse(int linkType, byte[] b, int off, boolean snapped, boolean outer) {
    switch (linkType) {
      case DLT_IEEE802_11 -> {
        return Dot11.parse(b, off, b.length, Dot11.Fcs.UNKNOWN, false, snapped, null);
      }
      case DLT_IEEE802_11_RADIO -> {
        Radiotap.Header h = Radiotap.parse(b, off, b.length);
        if (h == null) {
          return new ParsedFrame.Skipped(SkipReason.TRUNCATED);
        }
        Dot11.Fcs fcs = h.flags() < 0 ? Dot11.Fcs.UNKNOWN : h.fcsAtEnd() ? Dot11.Fcs.PRESENT : Dot11.Fcs.ABSENT;
        return Dot11.parse(b, off + h.length(), b.length, fcs, h.badFcs(), snapped, h.antennaSignal());
      }
      case DLT_PPI -> {
        if (!outer) {
          return new ParsedFrame.Skipped(SkipReason.UNSUPPORTED_LINKTYPE);
        }
        Ppi.Header h = Ppi.parse(b, off, b.length);
        if (h == null) {
          return new ParsedFrame.Skipped(SkipReason.TRUNCATED);
        }
        return parseInsidePpi(h, b, off, snapped);
      }
      default -> {
        return new ParsedFrame.Skipped(SkipReason.UNSUPPORTED_LINKTYPE);
      }
    }
  }

  private static ParsedFrame parseInsidePpi(Ppi.Header h, byte[] b, int off, boolean snapped) {
    int inner = off + h.length();
    if (h.innerLinkType() == DLT_IEEE802_11) {
      Dot11.Fcs fcs = h.fcsAtEnd() ? Dot11.Fcs.PRESENT : Dot11.Fcs.ABSENT;
      return Dot11.parse(b, inner, b.length, fcs, h.badFcs(), snapped, h.antennaSignal());
    }
    ParsedFrame wrapped = parse(h.innerLinkType(), b, inner, snapped, false);
    if (wrapped instanceof ProbeRequest p && p.rssi() == null && h.antennaSignal() != null) {
      return new ProbeRequest(p.source(), p.sequence(), h.antennaSignal(), p.fingerprint());
    }
    return wrapped;
  }
}
