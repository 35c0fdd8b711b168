package io.footfall.sensor;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/** The agent's counters, shared by the capture thread and the uplink; shown in the status topic and summary. */
final class SensorCounters {

  private final AtomicLong frames = new AtomicLong();
  private final AtomicLong probeRequests = new AtomicLong();
  private final EnumMap<SkipReason, AtomicLong> skipped = new EnumMap<>(SkipReason.class);
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong queueDropped = new AtomicLong();

  SensorCounters() {
    for (SkipReason r : SkipReason.values()) {
      skipped.put(r, new AtomicLong());
    }
  }

  void frame() {
    frames.incrementAndGet();
  }

  void probeRequest() {
    probeRequests.incrementAndGet();
  }

  void skipped(SkipReason reason) {
    skipped.get(reason).incrementAndGet();
  }

  void batch() {
    batches.incrementAndGet();
  }

  void queueDropped(long n) {
    queueDropped.addAndGet(n);
  }

  long skippedFor(SkipReason reason) {
    return skipped.get(reason).get();
  }

  /** Counter name to value, in a stable order. */
  Map<String, Long> snapshot() {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("frames", frames.get());
    m.put("probe-requests", probeRequests.get());
    skipped.forEach((r, v) -> m.put(r.counterName(), v.get()));
    m.put("batches", batches.get());
    m.put("queue-dropped", queueDropped.get());
    return m;
  }

  /** One line for logs: {@code frames: 218, probe-requests: 9, ...}. */
  String summary() {
    return snapshot().entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
        .collect(Collectors.joining(", "));
  }
}
