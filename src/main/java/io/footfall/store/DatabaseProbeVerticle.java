package io.footfall.store;

import io.footfall.bus.NodeHealth;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks PostgreSQL a trivial question every {@value #INTERVAL_MS} ms on a connection of its own and reports the
 * {@value #HEALTH_COMPONENT} entry of {@link NodeHealth}: UP while it answers within {@code queryTimeoutMs}, DEGRADED
 * from the first question it does not answer in time or refuses. A server that stopped answering (frozen, or cut
 * off without a reset) refuses nothing, and the writers only notice it at their next write; this notices it within
 * {@code queryTimeoutMs} + {@value #INTERVAL_MS} ms whatever they do. It asks through a pool of its own
 * ({@link Database#probePool()}), so that a pool busy with slow queries does not pass for a slow server. Logs the
 * changes only, so an outage is one line and its end another.
 */
public final class DatabaseProbeVerticle extends VerticleBase {

  public static final String HEALTH_COMPONENT = "postgresql";
  static final long INTERVAL_MS = 1000;
  private static final Logger LOG = LoggerFactory.getLogger(DatabaseProbeVerticle.class);

  private final DatabaseConfig config;
  private final Pool pool;
  private final NodeHealth health;
  private long timer = -1;
  private boolean asking;
  private boolean answering = true;

  /** @param pool a pool of one connection used by nothing else, closed by its owner */
  public DatabaseProbeVerticle(DatabaseConfig config, Pool pool, NodeHealth health) {
    this.config = config;
    this.pool = pool;
    this.health = health;
  }

  @Override
  public Future<?> start() {
    health.report(HEALTH_COMPONENT, NodeHealth.State.STARTING, "first ping under way");
    ask();
    timer = vertx.setPeriodic(INTERVAL_MS, id -> ask());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    health.forget(HEALTH_COMPONENT);
    return Future.succeededFuture();
  }

  private void ask() {
    if (asking) {
      return;
    }
    asking = true;
    long sent = System.currentTimeMillis();
    pool.query(Sql.PING).execute()
        .timeout(config.queryTimeoutMs(), TimeUnit.MILLISECONDS)
        .onComplete(answer -> {
          asking = false;
          long tookMs = System.currentTimeMillis() - sent;
          if (answer.succeeded()) {
            answered(tookMs);
          } else {
            unanswered(answer.cause());
          }
        });
  }

  private void answered(long tookMs) {
    if (!answering) {
      LOG.info("postgresql answers again [tookMs: {}]", tookMs);
      answering = true;
    }
    health.report(HEALTH_COMPONENT, NodeHealth.State.UP, "answering, ping " + tookMs + " ms");
  }

  private void unanswered(Throwable cause) {
    String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    if (answering) {
      LOG.warn("postgresql not answering, writes are spooled [queryTimeoutMs: {}, reason: {}]",
          config.queryTimeoutMs(), reason);
      answering = false;
    }
    health.report(HEALTH_COMPONENT, NodeHealth.State.DEGRADED, "not answering within " + config.queryTimeoutMs()
        + " ms: " + reason);
  }
}
