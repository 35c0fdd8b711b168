package io.footfall.ingest;

import java.util.HashMap;
import java.util.Map;

/**
 * At most one log line per key and interval, so that a client repeating a fault cannot flood the log: the line that
 * is written says how many were left out since the previous one. Keys must come from a bounded set (reasons,
 * sensors of the site files), never from client input.
 */
final class LogThrottle {

  private final long intervalMs;
  /** Per key: when a line was last written, and how many were skipped since. */
  private final Map<String, long[]> byKey = new HashMap<>();

  LogThrottle(long intervalMs) {
    this.intervalMs = intervalMs;
  }

  /** @return -1 to write nothing, otherwise how many lines of this key were skipped since the last one written */
  synchronized long admit(String key, long nowMs) {
    long[] state = byKey.get(key);
    if (state == null) {
      byKey.put(key, new long[] {nowMs, 0});
      return 0;
    }
    if (nowMs - state[0] < intervalMs) {
      state[1]++;
      return -1;
    }
    long skipped = state[1];
    state[0] = nowMs;
    state[1] = 0;
    return skipped;
  }
}
