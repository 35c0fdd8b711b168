package io.footfall.store;

import io.footfall.analytics.RepeatVisit;
import io.footfall.analytics.RepeatVisits;
import io.footfall.app.Addresses;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the repeat-visit triples: consumes {@link Addresses#STORE_REPEATS} ({@link RepeatVisits.Rows}, local codec),
 * queues them and every {@code flushIntervalMs} inserts what is queued into {@code repeat_visit} (idempotently, so a
 * re-send is harmless). A failed insert keeps the rows queued for the next interval; beyond {@code maxQueuedRows}
 * the oldest are dropped. Once a minute after start and then daily it purges the triples of days more than
 * {@code repeat.windowDays} + 1 days before today (UTC; the extra day covers every timezone), in slices. Produces
 * nothing on the event bus.
 */
public final class RepeatStoreVerticle extends VerticleBase {

  static final int SLICE_ROWS = 10_000;
  private static final long FIRST_PURGE_MS = 60_000;
  private static final long PURGE_PERIOD_MS = Duration.ofDays(1).toMillis();
  private static final Logger LOG = LoggerFactory.getLogger(RepeatStoreVerticle.class);

  private final RepeatStore store;
  private final RepeatConfig config;
  private final DatabaseConfig database;
  private final LongSupplier clock;
  private final Map<String, List<RepeatVisit>> queued = new LinkedHashMap<>();
  private int queuedRows;
  private MessageConsumer<RepeatVisits.Rows> consumer;
  private Future<Void> lastFlush = Future.succeededFuture();
  private long flushTimer = -1;
  private long purgeTimer = -1;
  private volatile long written;
  private volatile long dropped;
  private volatile long purged;

  public RepeatStoreVerticle(RepeatStore store, RepeatConfig config, DatabaseConfig database) {
    this(store, config, database, System::currentTimeMillis);
  }

  RepeatStoreVerticle(RepeatStore store, RepeatConfig config, DatabaseConfig database, LongSupplier clock) {
    this.store = store;
    this.config = config;
    this.database = database;
    this.clock = clock;
  }

  /** Triples inserted since deployment (not counting those already stored). */
  public long written() {
    return written;
  }

  @Override
  public Future<?> start() {
    consumer = Addresses.consumer(vertx.eventBus(), Addresses.STORE_REPEATS, this::onRows);
    flushTimer = vertx.setPeriodic(database.flushIntervalMs(), id -> {
      if (lastFlush.isComplete()) {
        lastFlush = flush();
      }
    });
    purgeTimer = vertx.setPeriodic(FIRST_PURGE_MS, PURGE_PERIOD_MS, id -> purge());
    LOG.info("repeat-visit store started [windowDays: {}, keyRotationDays: {}]", config.windowDays(),
        config.keyRotationDays());
    return consumer.completion();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(flushTimer);
    vertx.cancelTimer(purgeTimer);
    return consumer.unregister()
        .transform(unregistered -> lastFlush.transform(previous -> flush()))
        .timeout(RollupWriterVerticle.STOP_FLUSH_WAIT_MS, TimeUnit.MILLISECONDS)
        .transform(flushed -> {
          if (queuedRows > 0) {
            LOG.error("repeat visits lost at stop [rows: {}]", queuedRows);
          }
          LOG.info("repeat-visit store stopped [written: {}, dropped: {}, purged: {}]", written, dropped, purged);
          return Future.succeededFuture();
        });
  }

  /** Deletes every triple past the window; completes with the number of rows deleted. */
  public Future<Long> purge() {
    LocalDate today = LocalDate.ofInstant(Instant.ofEpochMilli(clock.getAsLong()), ZoneOffset.UTC);
    LocalDate before = today.minusDays(config.windowDays() + 1L);
    return purgeFrom(before, 0)
        .onSuccess(rows -> LOG.info("retention purge done [table: repeat_visit, before: {}, rows: {}]", before, rows))
        .onFailure(e -> LOG.warn("repeat-visit purge failed, retrying tomorrow [reason: {}]", e.getMessage()));
  }

  private Future<Long> purgeFrom(LocalDate before, long soFar) {
    return store.purgeSlice(before, SLICE_ROWS).compose(rows -> {
      purged += rows;
      long total = soFar + rows;
      return rows < SLICE_ROWS ? Future.succeededFuture(total) : purgeFrom(before, total);
    });
  }

  private void onRows(Message<RepeatVisits.Rows> message) {
    RepeatVisits.Rows rows = message.body();
    queued.computeIfAbsent(rows.site(), s -> new ArrayList<>()).addAll(rows.rows());
    queuedRows += rows.rows().size();
    trim();
    LOG.debug("repeat visits queued [site: {}, rows: {}]", rows.site(), rows.rows().size());
  }

  /** Drops the oldest rows beyond the limit, site by site in arrival order. */
  private void trim() {
    int excess = queuedRows - database.maxQueuedRows();
    for (List<RepeatVisit> rows : queued.values()) {
      int cut = Math.min(excess, rows.size());
      if (cut <= 0) {
        break;
      }
      rows.subList(0, cut).clear();
      excess -= cut;
      queuedRows -= cut;
      dropped += cut;
      LOG.error("repeat visits dropped [rows: {}, maxQueuedRows: {}]", cut, database.maxQueuedRows());
    }
  }

  private Future<Void> flush() {
    if (queuedRows == 0) {
      return Future.succeededFuture();
    }
    Map<String, List<RepeatVisit>> taken = new LinkedHashMap<>(queued);
    queued.clear();
    queuedRows = 0;
    Future<Void> chain = Future.succeededFuture();
    for (Map.Entry<String, List<RepeatVisit>> site : taken.entrySet()) {
      chain = chain.compose(done -> store.insert(site.getKey(), site.getValue())
          .onSuccess(rows -> written += rows)
          .onSuccess(rows -> site.getValue().clear())
          .mapEmpty());
    }
    return chain.recover(failure -> {
      taken.forEach((site, rows) -> {
        queued.computeIfAbsent(site, s -> new ArrayList<>()).addAll(0, rows);
        queuedRows += rows.size();
      });
      trim();
      LOG.warn("repeat visits not written, retrying [rows: {}, reason: {}]", queuedRows, failure.getMessage());
      return Future.succeededFuture();
    });
  }
}
