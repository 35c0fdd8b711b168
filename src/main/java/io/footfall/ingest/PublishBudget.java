package io.footfall.ingest;

/**
 * The publish rate of one connection, as a generic cell rate algorithm: {@code burst} publishes may come at once,
 * then one per {@code 1/rate} s. A publish over the budget is held back rather than refused, so a sensor replaying
 * its backlog slows down without losing anything (MQTT clients wait for acknowledgements); one that would wait
 * longer than {@value #MAX_WAIT_MS} ms is refused. Confined to the connection's event loop.
 */
final class PublishBudget {

  static final long MAX_WAIT_MS = 5_000;
  static final long REFUSED = -1;

  private final double intervalMs;
  private final double toleranceMs;
  private double theoreticalArrival;

  PublishBudget(int perSecond, int burst) {
    this.intervalMs = 1000.0 / perSecond;
    this.toleranceMs = (burst - 1) * intervalMs;
  }

  /** Milliseconds to hold a publish arriving now back, 0 to take it at once, or {@link #REFUSED}. */
  long admit(long nowMs) {
    double tat = Math.max(theoreticalArrival, nowMs);
    double wait = tat - toleranceMs - nowMs;
    if (wait > MAX_WAIT_MS) {
      return REFUSED;
    }
    theoreticalArrival = tat + intervalMs;
    return wait <= 0 ? 0 : (long) Math.ceil(wait);
  }
}
