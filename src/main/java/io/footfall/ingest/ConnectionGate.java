package io.footfall.ingest;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Limits per remote address: open connections, and connection attempts per minute (fixed one-minute windows).
 * Addresses with no open connection and an expired window are forgotten by {@link #prune}, so the table holds only
 * addresses active in the last minute. Confined to the ingest verticle's event loop.
 */
final class ConnectionGate {

  static final long WINDOW_MS = 60_000;

  private static final class Usage {
    int open;
    int attempts;
    long windowStart;
  }

  private final int maxOpen;
  private final int maxAttemptsPerMinute;
  private final Map<String, Usage> byAddress = new HashMap<>();

  ConnectionGate(int maxOpen, int maxAttemptsPerMinute) {
    this.maxOpen = maxOpen;
    this.maxAttemptsPerMinute = maxAttemptsPerMinute;
  }

  /**
   * Counts an attempt from an address.
   *
   * @return null to let it in (then {@link #closed} must follow once it closes), else the reason it is refused
   */
  String attempt(String address, long nowMs) {
    Usage usage = byAddress.computeIfAbsent(address, a -> new Usage());
    if (nowMs - usage.windowStart >= WINDOW_MS) {
      usage.windowStart = nowMs;
      usage.attempts = 0;
    }
    usage.attempts++;
    if (usage.attempts > maxAttemptsPerMinute) {
      return "connect-rate";
    }
    if (usage.open >= maxOpen) {
      return "connections-per-ip";
    }
    usage.open++;
    return null;
  }

  void closed(String address) {
    Usage usage = byAddress.get(address);
    if (usage != null && usage.open > 0) {
      usage.open--;
    }
  }

  void prune(long nowMs) {
    for (Iterator<Usage> it = byAddress.values().iterator(); it.hasNext(); ) {
      Usage usage = it.next();
      if (usage.open == 0 && nowMs - usage.windowStart >= WINDOW_MS) {
        it.remove();
      }
    }
  }

  int addresses() {
    return byAddress.size();
  }
}
