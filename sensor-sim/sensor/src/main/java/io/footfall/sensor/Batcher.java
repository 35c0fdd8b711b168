package io.footfall.sensor;

import io.footfall.wire.Sighting;
import io.footfall.wire.WireEncoder;
import java.util.ArrayList;
import java.util.List;

/**
 * Groups sightings into one batch per window of capture time and encodes each in the wire format with an
 * increasing {@code seq}. A batch closes when a sighting from a later window arrives, when capture time moves
 * past its window ({@link #advanceTo}) or when it reaches the size limit. Used by the capture thread only.
 */
final class Batcher {

  /** Receives every encoded batch, in seq order. */
  interface Sink {
    void accept(long seq, String payload);
  }

  private final String sensor;
  private final long windowMs;
  private final int maxSightings;
  private final Sink sink;
  private final SensorCounters counters;
  private final List<Sighting> open = new ArrayList<>();
  private long window;
  private int rssiMissing;
  private long nextSeq;

  Batcher(String sensor, long windowMs, int maxSightings, long firstSeq, Sink sink, SensorCounters counters) {
    this.sensor = sensor;
    this.windowMs = windowMs;
    this.maxSightings = maxSightings;
    this.nextSeq = firstSeq;
    this.sink = sink;
    this.counters = counters;
  }

  void add(Sighting s) {
    long w = Math.floorDiv(s.ts(), windowMs);
    // capture clocks can step back a little; such a frame joins the open batch rather than reopening an old one
    if (!open.isEmpty() && w > window) {
      flush();
    }
    if (open.isEmpty()) {
      window = w;
    }
    open.add(s);
    if (s.rssi() == null) {
      rssiMissing++;
    }
    if (open.size() >= maxSightings) {
      flush();
    }
  }

  /** Closes the open batch if capture time {@code epochMillis} is past its window. */
  void advanceTo(long epochMillis) {
    if (!open.isEmpty() && Math.floorDiv(epochMillis, windowMs) > window) {
      flush();
    }
  }

  /** Closes the open batch, if any. */
  void flush() {
    if (open.isEmpty()) {
      return;
    }
    String payload = WireEncoder.batch(sensor, nextSeq, open, rssiMissing);
    sink.accept(nextSeq, payload);
    counters.batch();
    nextSeq++;
    open.clear();
    rssiMissing = 0;
  }
}
