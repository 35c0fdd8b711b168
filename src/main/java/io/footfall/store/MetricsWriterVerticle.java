package io.footfall.store;

import io.footfall.analytics.VisitMetrics;
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
 * Writes the visitor and flow metrics of this node to PostgreSQL, queued and retried like the zone rollups.
 *
 * <p>Consumes {@link Addresses#STORE_METRICS} ({@link VisitMetrics}, local codec) and queues their rows. Every
 * {@code flushIntervalMs} it upserts all queued rows in one transaction with one statement per table
 * ({@code store_minute}, {@code flow_hour}, {@code path_hour}), so re-sent periods overwrite instead of
 * duplicating. A failed flush keeps the rows queued and retries with a growing back-off (up to 16 intervals); the
 * queue holds at most {@code maxQueuedRows} rows and drops the oldest beyond that. Produces the
 * {@value #HEALTH_COMPONENT} entry of {@link NodeHealth}. Stopping flushes what is queued, waiting at most
 * {@value RollupWriterVerticle#STOP_FLUSH_WAIT_MS} ms.
 */
public final class MetricsWriterVerticle extends VerticleBase {

  public static final String HEALTH_COMPONENT = "database-metrics";
  private static final int MAX_BACKOFF_DOUBLINGS = 4;
  private static final Logger LOG = LoggerFactory.getLogger(MetricsWriterVerticle.class);

  /**
   * Counters since deployment.
   *
   * @param rowsWritten rows upserted (after de-duplication within a flush)
   * @param flushes     successful flushes that wrote at least one row
   * @param failures    failed flushes
   * @param dropped     rows discarded when the queue was full or left at stop
   */
  public record Stats(long rowsWritten, long flushes, long failures, long dropped) {
  }

  private final DatabaseConfig config;
  private final Pool pool;
  private final NodeHealth health;
  private final ArrayDeque<Object> queue = new ArrayDeque<>();
  private MessageConsumer<VisitMetrics> consumer;
  private Future<Void> lastFlush = Future.succeededFuture();
  private int inFlight;
  private int consecutiveFailures;
  private long timer = -1;
  private boolean stopping;

  private volatile long rowsWritten;
  private volatile long flushes;
  private volatile long failures;
  private volatile long dropped;

  public MetricsWriterVerticle(DatabaseConfig config, Pool pool, NodeHealth health) {
    this.config = config;
    this.pool = pool;
    this.health = health;
  }

  /** Callable from any thread. */
  public Stats stats() {
    return new Stats(rowsWritten, flushes, failures, dropped);
  }

  @Override
  public Future<?> start() {
    consumer = vertx.eventBus().consumer(Addresses.STORE_METRICS, this::onMetrics);
    health.report(HEALTH_COMPONENT, NodeHealth.State.UP, "writing metrics");
    scheduleFlush(config.flushIntervalMs());
    LOG.info("metrics writer started [flushIntervalMs: {}, maxQueuedRows: {}]",
        config.flushIntervalMs(), config.maxQueuedRows());
    return consumer.completion();
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    vertx.cancelTimer(timer);
    return consumer.unregister()
        .transform(unregistered -> lastFlush.transform(previous -> flush()))
        .timeout(RollupWriterVerticle.STOP_FLUSH_WAIT_MS, TimeUnit.MILLISECONDS)
        .transform(flushed -> reportStop(flushed.cause()));
  }

  private void onMetrics(Message<VisitMetrics> message) {
    VisitMetrics metrics = message.body();
    queue.addAll(metrics.stores());
    queue.addAll(metrics.flows());
    queue.addAll(metrics.paths());
    trimQueue();
    LOG.debug("metrics queued [site: {}, storeRows: {}, flowRows: {}, pathRows: {}]", metrics.site(),
        metrics.stores().size(), metrics.flows().size(), metrics.paths().size());
  }

  private void trimQueue() {
    int excess = queue.size() - config.maxQueuedRows();
    for (int i = 0; i < excess; i++) {
      queue.pollFirst();
    }
    if (excess > 0) {
      dropped += excess;
      LOG.error("metrics dropped [rows: {}, totalDropped: {}, maxQueuedRows: {}]", excess, dropped,
          config.maxQueuedRows());
    }
  }

  private void scheduleFlush(long delayMs) {
    timer = vertx.setTimer(delayMs, id -> {
      lastFlush = flush();
      lastFlush.onComplete(done -> {
        if (!stopping) {
          scheduleFlush((long) config.flushIntervalMs() << Math.min(consecutiveFailures, MAX_BACKOFF_DOUBLINGS));
        }
      });
    });
  }

  private Future<Void> flush() {
    if (queue.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Object> taken = new ArrayList<>(queue);
    queue.clear();
    inFlight = taken.size();
    MetricsBatch batch = new MetricsBatch(taken);
    return pool.withTransaction(batch::write)
        .andThen(done -> inFlight = 0)
        .onSuccess(done -> flushed(batch))
        .onFailure(failure -> flushFailed(taken, failure));
  }

  private void flushed(MetricsBatch batch) {
    rowsWritten += batch.size();
    flushes++;
    if (consecutiveFailures > 0) {
      LOG.info("metrics writes resumed [rows: {}, failedAttempts: {}]", batch.size(), consecutiveFailures);
      consecutiveFailures = 0;
    }
    health.report(HEALTH_COMPONENT, NodeHealth.State.UP, "writing metrics");
    LOG.debug("metrics written [rows: {}]", batch.size());
  }

  /** Puts the rows back in front of those queued meanwhile, which are newer and must win de-duplication. */
  private void flushFailed(List<Object> taken, Throwable failure) {
    List<Object> newer = new ArrayList<>(queue);
    queue.clear();
    queue.addAll(taken);
    queue.addAll(newer);
    trimQueue();
    failures++;
    consecutiveFailures++;
    String reason = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    health.report(HEALTH_COMPONENT, NodeHealth.State.DEGRADED, "metrics writes failing, rows queued: " + reason);
    LOG.warn("metrics flush failed [rows: {}, attempt: {}, reason: {}]", queue.size(), consecutiveFailures, reason);
  }

  private Future<Void> reportStop(Throwable failure) {
    int left = queue.size() + inFlight;
    if (left > 0) {
      dropped += left;
      LOG.error("metrics lost at stop [rows: {}, reason: {}]", left,
          failure == null ? "final flush failed" : failure.getMessage());
    }
    LOG.info("metrics writer stopped [rowsWritten: {}, flushes: {}, failures: {}, dropped: {}]",
        rowsWritten, flushes, failures, dropped);
    return Future.succeededFuture();
  }
}
