package io.footfall.bus;

import io.vertx.core.Handler;
import io.vertx.core.eventbus.DeliveryContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An outbound event-bus interceptor that keeps a message that cannot be sent (its codec refuses to put it on the
 * wire) from throwing into the sender: the engine sends several messages per publish interval, and one refused must
 * not skip the others, nor the alerts after them. The failure is logged, at most once per
 * {@value #LOG_INTERVAL_MS} ms with the number held back, and counted. {@link Addresses#scope} keeps this from
 * happening at all; this is the guard for an address whose scope is declared wrong.
 */
final class SendGuard implements Handler<DeliveryContext<Object>> {

  static final long LOG_INTERVAL_MS = 10_000;
  private static final Logger LOG = LoggerFactory.getLogger(SendGuard.class);

  private final LogLimiter limiter = new LogLimiter(LOG_INTERVAL_MS);
  private long refused;

  @Override
  public void handle(DeliveryContext<Object> context) {
    try {
      context.next();
    } catch (RuntimeException e) {
      report(context.message().address(), e);
    }
  }

  /** Messages refused since the guard was installed. */
  synchronized long refused() {
    return refused;
  }

  private synchronized void report(String address, RuntimeException e) {
    refused++;
    if (limiter.due(System.currentTimeMillis())) {
      LOG.error("message not sent [address: {}, reason: {}, heldBack: {}]", address, e.toString(), limiter.held());
    }
  }
}
