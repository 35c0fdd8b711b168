package io.footfall.bus;

/**
 * Lets a repeated log line through at most once per interval and counts the ones held back, so that an outage
 * shows in the log without filling it. Confined to one thread, or used under the caller's own lock.
 */
public final class LogLimiter {

  private final long intervalMs;
  private long nextAt = Long.MIN_VALUE;
  private long held;

  public LogLimiter(long intervalMs) {
    this.intervalMs = intervalMs;
  }

  /**
   * Whether to log now; if so, {@link #held()} tells how many were held back since the last line.
   *
   * @param nowMs wall time
   */
  public boolean due(long nowMs) {
    if (nowMs < nextAt) {
      held++;
      return false;
    }
    nextAt = nowMs + intervalMs;
    return true;
  }

  /** Lines held back before the one {@link #due} just let through; reading it starts the count again. */
  public long held() {
    long n = held;
    held = 0;
    return n;
  }

  /** Lets the next line through at once: the condition it reports is over. */
  public void reset() {
    nextAt = Long.MIN_VALUE;
    held = 0;
  }
}
