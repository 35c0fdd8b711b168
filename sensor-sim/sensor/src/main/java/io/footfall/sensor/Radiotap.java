package io.footfall.sensor;

/**
 * Reads the parts of a radiotap header (https://www.radiotap.org) that the sensor needs: its length, the
 * flags field (FCS at end, bad FCS) and the first dBm antenna signal. Walks every presence word, including
 * extended words, radiotap namespace resets and vendor namespaces (skipped by their declared length), and
 * honours each field's alignment relative to the start of the header. A field of unknown size ends the walk,
 * since nothing after it can be located; whatever was read before it still counts.
 */
final class Radiotap {

  static final int FLAG_FCS_AT_END = 0x10;
  static final int FLAG_BAD_FCS = 0x40;

  private static final int FIELD_FLAGS = 1;
  private static final int FIELD_ANTENNA_SIGNAL = 5;
  private static final int BIT_RADIOTAP_NAMESPACE = 29;
  private static final int BIT_VENDOR_NAMESPACE = 30;
  private static final int BIT_EXT = 31;
  private static final int MAX_PRESENCE_WORDS = 64;

  /** Alignment and size of radiotap fields 0-27; field 28 (TLVs) and above cannot be walked over. */
  private static final int[][] FIELDS = {
      {8, 8}, {1, 1}, {1, 1}, {2, 4}, {1, 2}, {1, 1}, {1, 1}, {2, 2}, {2, 2}, {2, 2}, {1, 1}, {1, 1}, {1, 1},
      {1, 1}, {2, 2}, {2, 2}, {1, 1}, {1, 1}, {4, 8}, {1, 3}, {4, 8}, {2, 12}, {8, 12}, {2, 12}, {2, 12},
      {2, 6}, {1, 1}, {2, 4}};

  /**
   * @param length        total header length; the 802.11 frame starts there
   * @param flags         the flags field, or -1 when absent
   * @param antennaSignal first dBm antenna signal, or null when absent
   */
  record Header(int length, int flags, Integer antennaSignal) {

    boolean fcsAtEnd() {
      return flags >= 0 && (flags & FLAG_FCS_AT_END) != 0;
    }

    boolean badFcs() {
      return flags >= 0 && (flags & FLAG_BAD_FCS) != 0;
    }
  }

  private Radiotap() {
  }

  /**
   * @return the header, or null when {@code b[off..end)} does not hold a complete radiotap header
   * @throws MalformedHeader when the header is complete but breaks the format's rules
   */
  static Header parse(byte[] b, int off, int end) {
    if (end - off < 8) {
      return null;
    }
    if (b[off] != 0) {
      throw new MalformedHeader("radiotap version " + b[off]);
    }
    int length = Bytes.u16le(b, off + 2);
    if (length < 8) {
      throw new MalformedHeader("radiotap length " + length);
    }
    if (length > end - off) {
      return null;
    }
    int headerEnd = off + length;
    int words = 1;
    while ((Bytes.u32le(b, off + 4 * words) & (1L << BIT_EXT)) != 0) {
      words++;
      if (words > MAX_PRESENCE_WORDS || off + 4 + 4 * words > headerEnd) {
        throw new MalformedHeader("radiotap presence words overrun the header");
      }
    }
    Walk walk = new Walk(b, off, headerEnd, off + 4 + 4 * words);
    walk.run(words);
    return new Header(length, walk.flags, walk.antennaSignal);
  }

  /** State of one walk over the data fields. */
  private static final class Walk {
    final byte[] b;
    final int start;
    final int headerEnd;
    int cursor;
    int flags = -1;
    Integer antennaSignal;

    Walk(byte[] b, int start, int headerEnd, int dataStart) {
      this.b = b;
      this.start = start;
      this.headerEnd = headerEnd;
      this.cursor = dataStart;
    }

    void run(int words) {
      boolean vendor = false;
      int vendorEnd = 0;
      int base = 0;
      for (int w = 0; w < words; w++) {
        long present = Bytes.u32le(b, start + 4 + 4 * w);
        if (!vendor && !readFields(present, base)) {
          return;
        }
        boolean toRadiotap = bit(present, BIT_RADIOTAP_NAMESPACE);
        boolean toVendor = bit(present, BIT_VENDOR_NAMESPACE);
        if (toRadiotap || toVendor) {
          if (vendor) {
            cursor = vendorEnd;
          }
          base = 0;
          vendor = toVendor;
          if (toVendor) {
            cursor = align(2);
            if (cursor + 6 > headerEnd) {
              return;
            }
            vendorEnd = cursor + 6 + Bytes.u16le(b, cursor + 4);
            cursor += 6;
          }
        } else {
          base += 32;
        }
      }
    }

    /** @return false when the walk cannot go on (unknown field or data running past the header) */
    private boolean readFields(long present, int base) {
      for (int bit = 0; bit < BIT_RADIOTAP_NAMESPACE; bit++) {
        if (!bit(present, bit)) {
          continue;
        }
        int field = base + bit;
        if (field >= FIELDS.length) {
          return false;
        }
        int at = align(FIELDS[field][0]);
        if (at + FIELDS[field][1] > headerEnd) {
          return false;
        }
        if (field == FIELD_FLAGS) {
          flags = Bytes.u8(b, at);
        } else if (field == FIELD_ANTENNA_SIGNAL && antennaSignal == null) {
          antennaSignal = (int) b[at];
        }
        cursor = at + FIELDS[field][1];
      }
      return true;
    }

    private int align(int alignment) {
      int rel = cursor - start;
      return start + (rel + alignment - 1) / alignment * alignment;
    }

    private static boolean bit(long word, int bit) {
      return (word & (1L << bit)) != 0;
    }
  }

  /** A header that is complete but not valid; the frame is counted as malformed. */
  static final class MalformedHeader extends RuntimeException {
    MalformedHeader(String message) {
      super(message, null, false, false);
    }
  }
}
