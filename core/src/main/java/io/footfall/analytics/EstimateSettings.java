package io.footfall.analytics;

/**
 * Thresholds for linking the randomized MACs of one phone into a chain (see {@link RandomDevices}). A new random
 * MAC continues an ended one when both carry the same probe fingerprint, the new one first appears at most
 * {@code gapMs} after the old one was last heard, and its 802.11 sequence number is at most {@code snGap} ahead
 * of the old one's last (modulo 4096). Three threshold pairs give the estimate and its band: the loose ones link
 * more and so give the lower bound, the strict ones the upper bound. Of several candidates the one with the smallest
 * sequence gap plus {@code zoneStepSn} per zone between where the old MAC was and where the new one's first burst was
 * placed wins: at busy hours many phones of a popular model rotate within a minute of each other, and the 4096
 * sequence numbers alone do not tell them apart, while a phone moves a zone or two between bursts at most.
 *
 * @param strictGapMs  strict time gap (default 120 000: screen-off probe intervals reach about two minutes)
 * @param strictSnGap  strict sequence-number gap (default 128)
 * @param gapMs        nominal time gap (default 150 000: two minutes plus a margin for a missed burst's jitter)
 * @param snGap        nominal sequence-number gap (default 256: other traffic between bursts moves it on)
 * @param looseGapMs   loose time gap (default 240 000: one whole missed burst)
 * @param looseSnGap   loose sequence-number gap (default 512)
 * @param zoneStepSn   how many sequence numbers one zone between the two MACs weighs when candidates are compared
 *                     (default 32: about the frames of one probe interval; 8 to 48 gave the same accuracy within
 *                     two points on the full simulated day, docs/estimation.md)
 */
public record EstimateSettings(long strictGapMs, int strictSnGap, long gapMs, int snGap, long looseGapMs,
                               int looseSnGap, int zoneStepSn) {

  public EstimateSettings {
    if (strictGapMs < 1_000 || strictGapMs > gapMs || gapMs > looseGapMs) {
      throw new IllegalArgumentException("gaps must satisfy 1000 <= strictGapMs <= gapMs <= looseGapMs");
    }
    if (zoneStepSn < 0 || zoneStepSn > 4095) {
      throw new IllegalArgumentException("zoneStepSn must be within 0..4095");
    }
    if (strictSnGap < 1 || strictSnGap > snGap || snGap > looseSnGap || looseSnGap > 4095) {
      throw new IllegalArgumentException("sequence gaps must satisfy 1 <= strictSnGap <= snGap <= looseSnGap < 4096");
    }
  }

  public static EstimateSettings defaults() {
    return new EstimateSettings(120_000, 128, 150_000, 256, 240_000, 512, 32);
  }

  long gap(int level) {
    return level == RandomDevices.STRICT ? strictGapMs : level == RandomDevices.NOMINAL ? gapMs : looseGapMs;
  }

  int sn(int level) {
    return level == RandomDevices.STRICT ? strictSnGap : level == RandomDevices.NOMINAL ? snGap : looseSnGap;
  }
}
