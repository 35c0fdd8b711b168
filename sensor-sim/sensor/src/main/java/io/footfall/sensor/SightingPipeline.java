package io.footfall.sensor;

import io.footfall.wire.DevicePseudonyms;
import io.footfall.wire.RepeatIds;
import io.footfall.wire.Sighting;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Capture listener that parses each packet, pseudonymizes the source address (and, when repeat visits are on and it
 * is globally administered, derives its repeat-visit id) and feeds the {@link Batcher}. For
 * {@link #KEY_CHANGE_QUIET_MS} after a site key takes over it sends neither sequence numbers nor fingerprints.
 * Runs on the capture thread. The raw address goes no further than this class.
 */
final class SightingPipeline implements PcapCapture.Listener {

  private static final Logger LOG = LoggerFactory.getLogger(SightingPipeline.class);
  /** Longer than the server remembers an absent device (3 minutes by default) and than phones' probe intervals. */
  static final long KEY_CHANGE_QUIET_MS = 10 * 60_000L;

  private final DevicePseudonyms pseudonyms;
  private final RepeatIds repeatIds;
  private final SensorCounters counters;
  private final Batcher batcher;

  /**
   * @param pseudonyms the site keys, or null to publish raw addresses ({@code --raw-macs})
   * @param repeatIds  repeat-visit ids for globally administered addresses, or null to send none
   */
  SightingPipeline(DevicePseudonyms pseudonyms, RepeatIds repeatIds, SensorCounters counters, Batcher batcher) {
    this.pseudonyms = pseudonyms;
    this.repeatIds = repeatIds;
    this.counters = counters;
    this.batcher = batcher;
  }

  @Override
  public void frame(long epochMillis, int linkType, byte[] packet, int originalLength) {
    counters.frame();
    ParsedFrame parsed = FrameParser.parse(linkType, packet, originalLength);
    if (parsed instanceof ParsedFrame.Skipped skipped) {
      counters.skipped(skipped.reason());
      return;
    }
    ProbeRequest probe = (ProbeRequest) parsed;
    counters.probeRequest();
    String dev = pseudonyms == null ? DevicePseudonyms.rawId(probe.source())
        : pseudonyms.pseudonym(probe.source(), epochMillis);
    if (dev == null) {
      if (counters.skippedFor(SkipReason.NO_KEY) == 0) {
        LOG.warn("dropping probe requests older than the first site key [frame-time: {}]",
            Instant.ofEpochMilli(epochMillis));
      }
      counters.skipped(SkipReason.NO_KEY);
      return;
    }
    String rid = repeatIds == null || probe.randomized() ? null : repeatIds.rid(probe.source(), epochMillis);
    // a phone's sequence number runs on across the key change and its fingerprint stays, so for a while after it
    // they would tie the new pseudonym to the old one; the server's estimates do without them meanwhile
    boolean quiet = pseudonyms != null && pseudonyms.justRotated(epochMillis, KEY_CHANGE_QUIET_MS);
    batcher.add(new Sighting(dev, probe.rssi(), epochMillis, probe.randomized(), quiet ? null : probe.sequence(),
        quiet ? null : probe.fingerprint(), 1, rid));
  }

  @Override
  public void idle(long epochMillis) {
    batcher.advanceTo(epochMillis);
  }

  /** Publishes whatever is still open; call once capture has ended. */
  void finish() {
    batcher.flush();
  }
}
