package io.footfall.store;

import io.footfall.analytics.ZoneMinute;
import io.footfall.analytics.ZoneMinutes;
import io.footfall.app.Addresses;
import io.footfall.app.NodeHealth;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.sqlclient.Pool;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the per-minute zone rollups of this node to PostgreSQL.
 *
 * <p>Consumes {@link Addresses#STORE_ROLLUPS} ({@link ZoneMinutes}, local codec) and queues the rows in memory.
 * Every {@code flushIntervalMs} it upserts all queued rows into {@code zone_minute} with one statement, so
 * re-sent minutes overwrite instead of duplicating. When a flush fails the rows stay queued and are retried
 * with a growing back-off (up to 16 intervals); the queue holds at most {@code maxQueuedRows} rows and drops the
 * oldest beyond that. Produces the {@value #HEALTH_COMPONENT} entry of {@link NodeHealth}: DEGRADED while writes
 * fail, UP otherwise. Stopping flushes what is queued, waiting at most {@value #STOP_FLUSH_WAIT_MS} ms.
 */
public final class RollupWriterVerticle extends VerticleBase {

  public static final String HEALTH_COMPONENT = "database";
  static final long STOP_FLUSH_WAIT_MS = 5000;
  private static final int MAX_BACKOFF_DOUBLINGS = 4;
  private static final Logger LOG = LoggerFactory.getLogger(RollupWriterVerticle.class);

  /**
   * Counters since deployment.
   *
   * @param rowsWritten rows upserted (after de-duplication within a flush)
   * @param flushes     successful flushes that wrote at least one row
   * @param failures    failed flushes
   * @param dropped     rows discarded: the oldest when the queue was full, invalid ones, and those left at stop
   * @param queued      rows not yet written, including a flush in flight
   */
  public record Stats(long rowsWritten, long flushes, long failures, long dropped, int queued) {
  }

  private final DatabaseConfig config;
  private final Pool pool;
  private final NodeHealth health;

  // touched on this verticle's event loop only; the counters below are volatile so stats() may be read anywhere
  private final ArrayDeque<ZoneMinute> queue = new ArrayDeque<>();
  private MessageConsumer<ZoneMinutes> consumer;
  private Future<Void> lastFlush = Future.succeededFuture();
  private int inFlight;
  private int consecutiveFailures;
  private long droppedUnreported;
  private long timer = -1;
  private boolean stopping;

  private volatile long rowsWritten;
  private volatile long flushes;
  private volatile long failures;
  private volatile long dropped;
  private volatile int queued;

  public RollupWriterVerticle(DatabaseConfig config, Pool pool, NodeHealth health) {
    this.config = config;
    this.pool = pool;
    this.health = health;
  }

  /** A consistent-enough snapshot for health and metrics; callable from any thread. */
  public Stats stats() {
    return new Stats(rowsWritten, flushes, failures, dropped, queued);
  }

  @Override
  public Future<?> start() {
    consumer = vertx.eventBus().localConsumer(Addresses.STORE_ROLLUPS, this::onRollups);
    health.report(HEALTH_COMPONENT, NodeHealth.State.UP, "writing rollups");
    scheduleFlush(config.flushIntervalMs());
    LOG.info("rollup writer started [flushIntervalMs: {}, maxQueuedRows: {}]",
        config.flushIntervalMs(), config.maxQueuedRows());
    return consumer.completion();
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    vertx.cancelTimer(timer);
    return consumer.unregister()
        .transform(unregistered -> lastFlush.transform(previous -> flush()))
        .timeout(STOP_FLUSH_WAIT_MS, TimeUnit.MILLISECONDS)
        .transform(flushed -> reportStop(flushed.cause()));
  }

  private void onRollups(Message<ZoneMinutes> message) {
    for (ZoneMinute row : message.body().rows()) {
      enqueue(row);
    }
    updateQueued();
    LOG.debug("rollups queued [site: {}, rows: {}, queued: {}]", message.body().site(),
        message.body().rows().size(), queued);
  }

  private void enqueue(ZoneMinute row) {
    if (!storable(row)) {
      LOG.error("dropping unstorable rollup [site: {}, zone: {}, minute: {}]", row.site(), row.zone(), row.minute());
      drop(1);
      return;
    }
    queue.addLast(row);
    trimQueue();
  }

  /** PostgreSQL would reject such a row, and with it every flush it is part of. */
  private static boolean storable(ZoneMinute row) {
    return row.site() != null && row.zone() != null && row.site().indexOf('\0') < 0 && row.zone().indexOf('\0') < 0;
  }

  private void trimQueue() {
    int excess = queue.size() - config.maxQueuedRows();
    for (int i = 0; i < excess; i++) {
      queue.pollFirst();
    }
    if (excess > 0) {
      drop(excess);
    }
  }

  private void drop(long rows) {
    dropped += rows;
    droppedUnreported += rows;
  }

  private void scheduleFlush(long delayMs) {
    timer = vertx.setTimer(delayMs, id -> {
      lastFlush = flush();
      lastFlush.onComplete(done -> {
        if (!stopping) {
          scheduleFlush(nextDelay());
        }
      });
    });
  }

  private long nextDelay() {
    return (long) config.flushIntervalMs() << Math.min(consecutiveFailures, MAX_BACKOFF_DOUBLINGS);
  }

  private Future<Void> flush() {
    reportDrops();
    if (queue.isEmpty()) {
      return Future.succeededFuture();
    }
    List<ZoneMinute> taken = new ArrayList<>(queue);
    queue.clear();
    inFlight = taken.size();
    UpsertBatch batch = new UpsertBatch(taken);
    return pool.preparedQuery(Sql.UPSERT_ZONE_MINUTES).execute(batch.parameters())
        .andThen(done -> inFlight = 0)
        .onSuccess(result -> flushed(batch))
        .onFailure(failure -> flushFailed(taken, failure))
        .mapEmpty();
  }

  // queued is updated before the counters, so that a reader seeing a counter move sees the queue it left

  private void flushed(UpsertBatch batch) {
    updateQueued();
    rowsWritten += batch.size();
    flushes++;
    if (consecutiveFailures > 0) {
      LOG.info("rollup writes resumed [rows: {}, failedAttempts: {}]", batch.size(), consecutiveFailures);
      consecutiveFailures = 0;
    }
    health.report(HEALTH_COMPONENT, NodeHealth.State.UP, "writing rollups");
    LOG.debug("rollups written [rows: {}]", batch.size());
  }

  /** Puts the rows back in front of those queued meanwhile, which are newer and must win de-duplication. */
  private void flushFailed(List<ZoneMinute> taken, Throwable failure) {
    List<ZoneMinute> newer = new ArrayList<>(queue);
    queue.clear();
    queue.addAll(taken);
    queue.addAll(newer);
    trimQueue();
    updateQueued();
    failures++;
    consecutiveFailures++;
    String reason = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    health.report(HEALTH_COMPONENT, NodeHealth.State.DEGRADED, "rollup writes failing, rows queued: " + reason);
    LOG.warn("rollup flush failed [rows: {}, attempt: {}, retryInMs: {}, reason: {}]", queue.size(),
        consecutiveFailures, nextDelay(), reason);
  }

  private void reportDrops() {
    if (droppedUnreported > 0) {
      LOG.error("rollups dropped [rows: {}, totalDropped: {}, maxQueuedRows: {}]", droppedUnreported, dropped,
          config.maxQueuedRows());
      droppedUnreported = 0;
    }
  }

  private Future<Void> reportStop(Throwable failure) {
    int left = queue.size() + inFlight;
    if (left > 0) {
      drop(left);
      LOG.error("rollups lost at stop [rows: {}, reason: {}]", left,
          failure == null ? "final flush failed" : failure.getMessage());
    }
    LOG.info("rollup writer stopped [rowsWritten: {}, flushes: {}, failures: {}, dropped: {}]",
        rowsWritten, flushes, failures, dropped);
    return Future.succeededFuture();
  }

  private void updateQueued() {
    queued = queue.size() + inFlight;
  }
}
