package io.footfall.broker;

import io.vertx.core.Vertx;

/**
 * When a client of the broker tries to connect again: after {@link BrokerConfig#reconnectMinMs()}, doubling after
 * every attempt that does not succeed up to {@link BrokerConfig#reconnectMaxMs()}, one attempt pending at a time,
 * none once stopped. Used from the owner's context.
 */
public final class Reconnects {

  private final Vertx vertx;
  private final BrokerConfig config;
  private final Runnable connect;
  private long waitMs;
  private long timer = -1;
  private boolean stopped;

  /** @param connect starts one connection attempt */
  public Reconnects(Vertx vertx, BrokerConfig config, Runnable connect) {
    this.vertx = vertx;
    this.config = config;
    this.connect = connect;
    this.waitMs = config.reconnectMinMs();
  }

  /** The wait before the next attempt, for the logs. */
  public long nextWaitMs() {
    return waitMs;
  }

  /** Schedules an attempt, unless one is pending or the client stopped. */
  public void schedule() {
    if (stopped || timer >= 0) {
      return;
    }
    long wait = waitMs;
    waitMs = Math.min(waitMs * 2, config.reconnectMaxMs());
    timer = vertx.setTimer(wait, id -> {
      timer = -1;
      connect.run();
    });
  }

  /** The connection is up: the next loss waits the shortest time again. */
  public void succeeded() {
    waitMs = config.reconnectMinMs();
  }

  /** No more attempts; whether the client is stopping, for handlers of a connection that closes meanwhile. */
  public void stop() {
    stopped = true;
    vertx.cancelTimer(timer);
  }

  public boolean stopped() {
    return stopped;
  }
}
