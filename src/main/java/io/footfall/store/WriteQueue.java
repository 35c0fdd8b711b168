package io.footfall.store;

import io.footfall.bus.NodeHealth;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rows on their way to PostgreSQL, kept through outages and restarts; each writer verticle of this package owns one.
 *
 * <p>Rows are queued in memory in arrival order. Every {@code flushIntervalMs} all queued rows go to the
 * {@link Sink} in one batch; the sinks upsert, so a batch written twice leaves the same rows. When a write fails
 * the batch goes to the {@link Spool} of this queue's {@link RowFormat} under the spool directory, and so does
 * everything that arrives while writes are failing or rows are still spooled (at every interval, and at once when
 * more than {@code maxQueuedRows} wait in memory); attempts back off up to 16 intervals. Once a write succeeds
 * again the spool is replayed oldest segment first, then the memory queue follows, so the newest figures of a
 * period are always written last. Only one write, spill or replay runs at a time.
 *
 * <p>A durable queue spools every row as it arrives, and writes from the spool at every interval: a
 * {@code kill -9} then loses at most the rows of the last few milliseconds, for one forced write per
 * {@link #add}. The writers of rows nothing else would send again (metrics, estimates, alerts, repeat visits) use
 * one; the rollups, which the engine's snapshot re-sends after a crash, do not.
 *
 * <p>Reports a {@link NodeHealth} component: DEGRADED while writes fail or rows are spooled, UP otherwise. Stopping
 * writes what is queued, or spools it, waiting at most {@code queryTimeoutMs} + {@value #STOP_SPOOL_WAIT_MS} ms (a
 * write PostgreSQL does not answer is given up after {@code queryTimeoutMs}, then spooled); the next start on the same
 * spool directory replays the spool. Call {@link #add}, {@link #flush} and the lifecycle methods on the owning
 * verticle's context; {@link #stats} from anywhere.
 *
 * @param <T> the row type
 */
public final class WriteQueue<T> {

  /** What a stop allows for spooling, on top of the query timeout of its last write. */
  static final long STOP_SPOOL_WAIT_MS = 2000;
  private static final int MAX_BACKOFF_DOUBLINGS = 4;
  private static final Logger LOG = LoggerFactory.getLogger(WriteQueue.class);

  /** Writes one batch in one transaction and completes with the rows written after de-duplication. */
  @FunctionalInterface
  interface Sink<T> {
    Future<Integer> write(List<T> rows);
  }

  /**
   * Counters since the queue started.
   *
   * @param rowsWritten rows written (after de-duplication within a batch)
   * @param flushes     successful writes of at least one row
   * @param failures    failed writes
   * @param dropped     rows discarded: those the full spool pushed out, and those neither written nor spooled at stop
   * @param queued      rows in memory not yet written, including a write in flight
   * @param spooled     rows on disk waiting for PostgreSQL
   */
  public record Stats(long rowsWritten, long flushes, long failures, long dropped, int queued, long spooled) {

    /** Nothing written, queued or spooled yet. */
    public static final Stats NONE = new Stats(0, 0, 0, 0, 0, 0);

    /** The same counts with {@code rows} more dropped (rows a writer refused before queueing them). */
    public Stats plusDropped(long rows) {
      return new Stats(rowsWritten, flushes, failures, dropped + rows, queued, spooled);
    }

    /** The counts of several queues together: the node's whole traffic to PostgreSQL. */
    public static Stats sum(List<Stats> all) {
      Stats total = NONE;
      for (Stats s : all) {
        total = new Stats(total.rowsWritten + s.rowsWritten, total.flushes + s.flushes, total.failures + s.failures,
            total.dropped + s.dropped, total.queued + s.queued, total.spooled + s.spooled);
      }
      return total;
    }
  }

  private final Vertx vertx;
  private final DatabaseConfig config;
  private final Path spoolDir;
  private final RowFormat<T> format;
  private final Sink<T> sink;
  private final NodeHealth health;
  private final String healthComponent;
  private final boolean durable;

  // touched on the owner's context only; the counters below are volatile so stats() may be read anywhere
  private final ArrayDeque<T> queue = new ArrayDeque<>();
  private Spool<T> spool;
  /** The last write, spill or replay; each starts when the one before ended, which keeps rows in order. */
  private Future<Void> busy = Future.succeededFuture();
  private int pending;
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
  /** The spool's row count as of the owner's last spill or replay, after the queue it changed was updated. */
  private volatile long spooled;

  /**
   * @param spoolDir        where rows wait on disk while PostgreSQL is unreachable ({@code <dataDir>/spool})
   * @param healthComponent the {@link NodeHealth} entry this queue reports
   * @param durable         whether every row is spooled as it arrives
   */
  WriteQueue(Vertx vertx, DatabaseConfig config, Path spoolDir, RowFormat<T> format, Sink<T> sink, NodeHealth health,
             String healthComponent, boolean durable) {
    this.vertx = vertx;
    this.config = config;
    this.spoolDir = spoolDir;
    this.format = format;
    this.sink = sink;
    this.health = health;
    this.healthComponent = healthComponent;
    this.durable = durable;
  }

  /** A consistent-enough snapshot for health and metrics; callable from any thread. */
  public Stats stats() {
    return new Stats(rowsWritten, flushes, failures, dropped, queued, spooled);
  }

  /** Opens the spool (replaying what an earlier run left there from the first interval on) and starts the timer. */
  Future<Void> start() {
    return vertx.executeBlocking(() -> new Spool<>(spoolDir, format, config.maxSpoolBytes()))
        .map(opened -> {
          spool = opened;
          spooled = spool.rows();
          reportHealth(null);
          scheduleTick();
          LOG.info("write queue started [queue: {}, flushIntervalMs: {}, maxQueuedRows: {}, spool: {}, "
              + "spooledRows: {}]", format.name(), config.flushIntervalMs(), config.maxQueuedRows(), spoolDir,
              spool.rows());
          return null;
        });
  }

  /** Queues rows behind those queued before. */
  void add(Collection<? extends T> rows) {
    queue.addAll(rows);
    updateQueued();
    if (durable || queue.size() > config.maxQueuedRows() && pending == 0) {
      run(this::spill);
    }
  }

  /**
   * Writes everything queued now, replaying the spool first and ignoring the back-off; what cannot be written is
   * spooled. Completes when that is done, successfully either way.
   */
  Future<Void> flush() {
    return run(this::drain);
  }

  /** Writes or spools what is left; the caller stops handing rows over first. */
  Future<Void> stop() {
    stopping = true;
    vertx.cancelTimer(timer);
    if (spool == null) {
      return Future.succeededFuture();
    }
    return run(this::finalWrite)
        .timeout(config.queryTimeoutMs() + STOP_SPOOL_WAIT_MS, TimeUnit.MILLISECONDS)
        .transform(done -> reportStop(done.cause()));
  }

  private void scheduleTick() {
    timer = vertx.setTimer(config.flushIntervalMs(), id -> {
      if (pending == 0) {
        run(this::tick);
      }
      if (!stopping) {
        scheduleTick();
      }
    });
  }

  private Future<Void> run(Supplier<Future<Void>> step) {
    pending++;
    busy = busy.transform(previous -> step.get())
        .recover(failure -> {
          LOG.error("write queue step failed [queue: {}, reason: {}]", format.name(), failure.getMessage());
          return Future.succeededFuture();
        })
        .andThen(done -> {
          pending--;
          reportHealth(null);
        });
    return busy;
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

  private Future<Void> drain() {
    return spool.isEmpty() && consecutiveFailures == 0 ? write() : spill().compose(v -> replay());
  }

  /**
   * At stop: one write attempt if nothing is spooled (or, durable, if writes were working), else (or if it fails)
   * everything left goes to disk.
   */
  private Future<Void> finalWrite() {
    if (spool.isEmpty()) {
      return write();
    }
    return durable && consecutiveFailures == 0 ? spill().compose(v -> replay()) : spill();
  }

  /** Writes the memory queue; on failure the rows go to the spool. */
  private Future<Void> write() {
    if (queue.isEmpty()) {
      return Future.succeededFuture();
    }
    List<T> taken = take();
    return writeBatch(taken)
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
          return writeBatch(segment.rows())
              .compose(v -> vertx.executeBlocking(() -> {
                spool.delete(segment.number());
                return null;
              }))
              .onSuccess(v -> {
                spooled = spool.rows();
                replayed(segment.rows().size());
              })
              .compose(v -> queue.size() > config.maxQueuedRows() ? spill() : Future.succeededFuture())
              .compose(v -> stopping ? Future.succeededFuture() : replay());
        });
  }

  /** A durable queue replays all the time, so only the replays of an ordinary one are worth an INFO line. */
  private void replayed(int rows) {
    if (durable) {
      LOG.debug("spooled rows written [queue: {}, rows: {}, stillSpooled: {}]", format.name(), rows, spool.rows());
    } else {
      LOG.info("spooled rows replayed [queue: {}, rows: {}, stillSpooled: {}]", format.name(), rows, spool.rows());
    }
  }

  private List<T> take() {
    List<T> taken = new ArrayList<>(queue);
    queue.clear();
    inFlight = taken.size();
    updateQueued();
    return taken;
  }

  private Future<Void> writeBatch(List<T> rows) {
    if (rows.isEmpty()) {
      return Future.succeededFuture();
    }
    // a frozen server must not hold the queue: the rows are spooled instead; a late success only upserts again
    return sink.write(rows)
        .timeout(config.queryTimeoutMs(), TimeUnit.MILLISECONDS)
        .onSuccess(this::written)
        .onFailure(this::writeFailed)
        .andThen(done -> {
          inFlight = 0;
          updateQueued();
        })
        .mapEmpty();
  }

  private Future<Void> toSpool(List<T> rows) {
    inFlight = rows.size();
    updateQueued();
    return vertx.<Long>executeBlocking(() -> spool.append(rows))
        .onSuccess(pushedOut -> {
          inFlight = 0;
          updateQueued();
          // read on the owner's context, after the queue: the worker's append moves the spool's own count earlier
          spooled = spool.rows();
          LOG.debug("rows spooled [queue: {}, rows: {}, spooled: {}]", format.name(), rows.size(), spooled);
          if (pushedOut > 0) {
            dropped += pushedOut;
            LOG.error("spool full, oldest rows dropped [queue: {}, rows: {}, maxSpoolBytes: {}]", format.name(),
                pushedOut, config.maxSpoolBytes());
          }
        })
        .onFailure(failure -> {
          // the disk refused too: keep the rows in memory, in front of newer ones, for the next attempt
          List<T> newer = new ArrayList<>(queue);
          queue.clear();
          queue.addAll(rows);
          queue.addAll(newer);
          inFlight = 0;
          updateQueued();
          LOG.error("cannot spool rows [queue: {}, rows: {}, reason: {}]", format.name(), rows.size(),
              failure.getMessage());
        })
        .mapEmpty();
  }

  // queued is updated before the counters, so that a reader seeing a counter move sees the queue it left

  private void written(int rows) {
    rowsWritten += rows;
    flushes++;
    if (consecutiveFailures > 0) {
      LOG.info("writes resumed [queue: {}, rows: {}, failedAttempts: {}]", format.name(), rows, consecutiveFailures);
      consecutiveFailures = 0;
    }
    nextAttemptAt = 0;
    LOG.debug("rows written [queue: {}, rows: {}]", format.name(), rows);
  }

  private void writeFailed(Throwable failure) {
    failures++;
    consecutiveFailures++;
    long delay = (long) config.flushIntervalMs() << Math.min(consecutiveFailures, MAX_BACKOFF_DOUBLINGS);
    nextAttemptAt = System.currentTimeMillis() + delay;
    String reason = reason(failure);
    reportHealth(reason);
    LOG.warn("write failed, spooling [queue: {}, attempt: {}, retryInMs: {}, reason: {}]", format.name(),
        consecutiveFailures, delay, reason);
  }

  private void reportHealth(String failure) {
    if (failure != null || consecutiveFailures > 0) {
      health.report(healthComponent, NodeHealth.State.DEGRADED, format.name() + " writes failing, rows spooled to disk"
          + (failure == null ? "" : ": " + failure));
    } else if (spool != null && !spool.isEmpty() && !durable) {
      health.report(healthComponent, NodeHealth.State.DEGRADED,
          "replaying spooled " + format.name() + ": " + spool.rows() + " rows");
    } else {
      health.report(healthComponent, NodeHealth.State.UP, "writing " + format.name());
    }
  }

  private Future<Void> reportStop(Throwable failure) {
    int left = queue.size() + inFlight;
    if (left > 0) {
      dropped += left;
      LOG.error("rows lost at stop [queue: {}, rows: {}, reason: {}]", format.name(), left,
          failure == null ? "neither written nor spooled" : failure.getMessage());
    }
    LOG.info("write queue stopped [queue: {}, rowsWritten: {}, flushes: {}, failures: {}, dropped: {}, spooled: {}]",
        format.name(), rowsWritten, flushes, failures, dropped, spool.rows());
    return Future.succeededFuture();
  }

  private static String reason(Throwable failure) {
    return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
  }

  private void updateQueued() {
    queued = queue.size() + inFlight;
  }
}
