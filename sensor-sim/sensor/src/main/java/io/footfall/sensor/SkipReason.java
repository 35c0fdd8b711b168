package io.footfall.sensor;

/** Why a captured frame did not become a sighting; each reason has its own counter. */
public enum SkipReason {
  /** A well-formed frame that is not a probe request (beacons, data, control frames ...). */
  NOT_PROBE("not-probe"),
  /** The frame check sequence is flagged bad by the radio or does not match the frame. */
  BAD_FCS("bad-fcs"),
  /** The frame ends before its headers say it should. */
  TRUNCATED("truncated"),
  /** A radiotap or PPI header that breaks its own rules (wrong version, impossible length). */
  MALFORMED("malformed"),
  /** A capture link type other than 802.11, radiotap or PPI. */
  UNSUPPORTED_LINKTYPE("unsupported-linktype"),
  /** No site key covers the frame's time, so it cannot be pseudonymized and is dropped. */
  NO_KEY("no-key");

  private final String counterName;

  SkipReason(String counterName) {
    this.counterName = counterName;
  }

  /** The name used in counters, the status topic and the replay summary. */
  public String counterName() {
    return counterName;
  }
}
