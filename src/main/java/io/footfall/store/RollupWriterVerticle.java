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
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the per-minute zone rollups of this node to PostgreSQL, and keeps them on disk while it cannot.
 *
 * <p>Consumes {@link Addresses#STORE_ROLLUPS} ({@link ZoneMinutes}, local codec) and queues the rows in memory.
 * Every {@code flushIntervalMs} it upserts all queued rows into {@code zone_minute} with one statement, so
 * re-sent minutes overwrite instead of duplicating. When a flush fails the rows go to the {@link RollupSpool} under
 * {@code <dataDir>/spool}, and so does everything that arrives while PostgreSQL is failing or rows are still spooled
 * (at every interval, and at once when more than {@code maxQueuedRows} wait in memory); retries back off up to 16
 * intervals. Once a write succeeds again, the spool is replayed oldest segment first, then the memory queue follows.
 * Produces the {@value #HEALTH_COMPONENT} entry of {@link NodeHealth}: DEGRADED while writes fail or rows are
 * spooled, UP otherwise. Stopping writes what is queued, or spools it, waiting at most {@value #STOP_FLUSH_WAIT_MS} ms;
 * the next start replays the spool.
 */
public final class RollupWriterVerticle extends VerticleBase {

  public static final String HEALTH_COMPONENT = "database";
  static final long STOP_FLUSH_WAIT_MS = 5000;
  static final long UPSERT_TIMEOUT_MS = 30_000;
  private static final int MAX_BACKOFF_DOUBLINGS = 4;
  private static final Logger LOG = LoggerFactory.getLogger(RollupWriterVerticle.class);

  /**
   * Counters since deployment.
   *
   * @param rowsWritten rows upserted (after de-duplication within a flush)
   * @param flushes     successful flushes that wrote at least one row
   * @param failures    failed flushes
   * @param dropped     rows discarded: invalid ones, those the full spool pushed out, and those neither written nor
   *                    spooled at stop
   * @param queued      rows in memory not yet written, including a flush in flight
   * @param spooled     rows on disk waiting for PostgreSQL
   */
  public record Stats(long rowsWritten, long flushes, long failures, long dropped, int queued, long spooled) {
  }

  private final DatabaseConfig config;
  private final Pool pool;
  private final NodeHealth health;
  private final Path spoolDir;

  // touched on this verticle's event loop only; the counters below are volatile so stats() may be read anywhere
  private final ArrayDeque<ZoneMinute> queue = new ArrayDeque<>();
  private RollupSpool spool;
  private MessageConsumer<ZoneMinutes> consumer;
  /** The one write, spill or replay running; they never overlap, which keeps rows in order. */
  private Future<Void> busy = Future.succeededFuture();
  private boolean working;
  private int inFlight;
  private int consecutiveFailures;
  private long nextAttemptAt;
  private long timer = -1;
  private boolean stopping;

  private volatile long rowsWritten;
  private volatile long flushes;
  private volatile long failures;
  private volatile long dropped;
  private volatile int queued;

  /** @param spoolDir where rows wait on disk while PostgreSQL is unreachable ({@code <dataDir>/spool}) */
  public RollupWriterVerticle(DatabaseConfig config, Pool pool, NodeHealth health, Path spoolDir) {
    this.config = config;
    this.pool = pool;
    this.health = health;
    this.spoolDir = spoolDir;
  }

  /** A consistent-enough snapshot for health and metrics; callable from any thread. */
  public Stats stats() {
    return new Stats(rowsWritten, flushes, failures, dropped, queued, spool == null ? 0 : spool.rows());
  }

  @Override
  public Future<?> start() {
    return vertx.executeBlocking(() -> new RollupSpool(spoolDir, config.maxSpoolBytes()))
        .compose(opened -> {
          spool = opened;
          consumer = vertx.eventBus().localConsumer(Addresses.STORE_ROLLUPS, this::onRollups);
          return consumer.completion();
        })
        .onSuccess(v -> {
          reportHealth(null);
          scheduleTick();
          LOG.info("rollup writer started [flushIntervalMs: {}, maxQueuedRows: {}, spool: {}, spooledRows: {}]",
              config.flushIntervalMs(), config.maxQueuedRows(), spoolDir, spool.rows());
        });
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    vertx.cancelTimer(timer);
    if (consumer == null) {
      return Future.succeededFuture();
    }
    return consumer.unregister()
        .transform(unregistered -> busy.transform(previous -> finalWrite()))
        .timeout(STOP_FLUSH_WAIT_MS, TimeUnit.MILLISECONDS)
        .transform(done -> reportStop(done.cause()));
  }

  private void onRollups(Message<ZoneMinutes> message) {
    for (ZoneMinute row : message.body().rows()) {
      if (storable(row)) {
        queue.addLast(row);
      } else {
        LOG.error("dropping unstorable rollup [site: {}, zone: {}, minute: {}]", row.site(), row.zone(), row.minute());
        dropped++;
      }
    }
    updateQueued();
    LOG.debug("rollups queued [site: {}, rows: {}, queued: {}]", message.body().site(),
        message.body().rows().size(), queued);
    if (queue.size() > config.maxQueuedRows() && !working) {
      run(this::spill);
    }
  }

  /** PostgreSQL would reject such a row, and with it every flush it is part of. */
  private static boolean storable(ZoneMinute row) {
    return row.site() != null && row.zone() != null && row.site().indexOf('\0') < 0 && row.zone().indexOf('\0') < 0;
  }

  private void scheduleTick() {
    timer = vertx.setTimer(config.flushIntervalMs(), id -> {
      if (!working) {
        run(this::tick);
      }
      if (!stopping) {
        scheduleTick();
      }
    });
  }

  private void run(Supplier<Future<Void>> step) {
    working = true;
    busy = step.get()
        .recover(failure -> {
          LOG.error("rollup writer step failed [reason: {}]", failure.getMessage());
          return Future.succeededFuture();
        })
        .andThen(done -> {
          working = false;
          reportHealth(null);
        });
  }

  /** One interval's work: straight to PostgreSQL when all is well; otherwise to disk, and replay when due. */
  private Future<Void> tick() {
    boolean attemptDue = System.currentTimeMillis() >= nextAttemptAt;
    if (spool.isEmpty() && consecutiveFailures == 0) {
      return write();
    }
    Future<Void> spilled = spill();
    return attemptDue ? spilled.compose(v -> replay()) : spilled;
  }

  /** Upserts the memory queue; on failure the rows go to the spool. */
  private Future<Void> write() {
    if (queue.isEmpty()) {
      return Future.succeededFuture();
    }
    List<ZoneMinute> taken = take();
    return upsert(taken)
        .transform(done -> done.succeeded() ? Future.succeededFuture() : toSpool(taken));
  }

  /** Moves the memory queue to the spool, behind what is there already. */
  private Future<Void> spill() {
    return queue.isEmpty() ? Future.succeededFuture() : toSpool(take());
  }

  /** Writes spooled segments oldest first until the spool is empty or a write fails, spilling between them. */
  private Future<Void> replay() {
    return vertx.executeBlocking(spool::oldest)
        .compose(segment -> {
          if (segment == null) {
            return write();
          }
          return upsert(segment.rows())
              .compose(v -> vertx.executeBlocking(() -> {
                spool.delete(segment.number());
                return null;
              }))
              .onSuccess(v -> LOG.info("spooled rollups replayed [rows: {}, stillSpooled: {}]",
                  segment.rows().size(), spool.rows()))
              .compose(v -> queue.size() > config.maxQueuedRows() ? spill() : Future.succeededFuture())
              .compose(v -> stopping ? Future.succeededFuture() : replay());
        });
  }

  private List<ZoneMinute> take() {
    List<ZoneMinute> taken = new ArrayList<>(queue);
    queue.clear();
    inFlight = taken.size();
    updateQueued();
    return taken;
  }

  private Future<Void> upsert(List<ZoneMinute> rows) {
    UpsertBatch batch = new UpsertBatch(rows);
    // a frozen server must not hold the writer (and its memory) forever; a late success only upserts again
    return pool.preparedQuery(Sql.UPSERT_ZONE_MINUTES).execute(batch.parameters())
        .timeout(UPSERT_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .onSuccess(result -> flushed(batch))
        .onFailure(this::flushFailed)
        .andThen(done -> {
          inFlight = 0;
          updateQueued();
        })
        .mapEmpty();
  }

  private Future<Void> toSpool(List<ZoneMinute> rows) {
    inFlight = rows.size();
    updateQueued();
    return vertx.<Long>executeBlocking(() -> spool.append(rows))
        .onSuccess(pushedOut -> {
          inFlight = 0;
          updateQueued();
          LOG.debug("rollups spooled [rows: {}, spooled: {}]", rows.size(), spool.rows());
          if (pushedOut > 0) {
            dropped += pushedOut;
            LOG.error("spool full, oldest rollups dropped [rows: {}, maxSpoolBytes: {}]", pushedOut,
                config.maxSpoolBytes());
          }
        })
        .onFailure(failure -> {
          // the disk refused too: keep the rows in memory, in front of newer ones, for the next attempt
          List<ZoneMinute> newer = new ArrayList<>(queue);
          queue.clear();
          queue.addAll(rows);
          queue.addAll(newer);
          inFlight = 0;
          updateQueued();
          LOG.error("cannot spool rollups [rows: {}, reason: {}]", rows.size(), failure.getMessage());
        })
        .mapEmpty();
  }

  // queued is updated before the counters, so that a reader seeing a counter move sees the queue it left

  private void flushed(UpsertBatch batch) {
    rowsWritten += batch.size();
    flushes++;
    if (consecutiveFailures > 0) {
      LOG.info("rollup writes resumed [rows: {}, failedAttempts: {}]", batch.size(), consecutiveFailures);
      consecutiveFailures = 0;
    }
    nextAttemptAt = 0;
    LOG.debug("rollups written [rows: {}]", batch.size());
  }

  private void flushFailed(Throwable failure) {
    failures++;
    consecutiveFailures++;
    long delay = (long) config.flushIntervalMs() << Math.min(consecutiveFailures, MAX_BACKOFF_DOUBLINGS);
    nextAttemptAt = System.currentTimeMillis() + delay;
    String reason = reason(failure);
    reportHealth(reason);
    LOG.warn("rollup flush failed, spooling [attempt: {}, retryInMs: {}, reason: {}]", consecutiveFailures, delay,
        reason);
  }

  private void reportHealth(String failure) {
    if (failure != null || consecutiveFailures > 0) {
      health.report(HEALTH_COMPONENT, NodeHealth.State.DEGRADED, "rollup writes failing, rows spooled to disk"
          + (failure == null ? "" : ": " + failure));
    } else if (spool != null && !spool.isEmpty()) {
      health.report(HEALTH_COMPONENT, NodeHealth.State.DEGRADED, "replaying spooled rollups: " + spool.rows() + " rows");
    } else {
      health.report(HEALTH_COMPONENT, NodeHealth.State.UP, "writing rollups");
    }
  }

  /** At stop: one write attempt if nothing is spooled, else (or if it fails) everything left goes to disk. */
  private Future<Void> finalWrite() {
    return spool.isEmpty() ? write() : spill();
  }

  private Future<Void> reportStop(Throwable failure) {
    int left = queue.size() + inFlight;
    if (left > 0) {
      dropped += left;
      LOG.error("rollups lost at stop [rows: {}, reason: {}]", left,
          failure == null ? "neither written nor spooled" : failure.getMessage());
    }
    LOG.info("rollup writer stopped [rowsWritten: {}, flushes: {}, failures: {}, dropped: {}, spooled: {}]",
        rowsWritten, flushes, failures, dropped, spool == null ? 0 : spool.rows());
    return Future.succeededFuture();
  }

  private static String reason(Throwable failure) {
    return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
  }

  private void updateQueued() {
    queued = queue.size() + inFlight;
  }
}
