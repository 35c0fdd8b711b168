package io.footfall.store;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces the retention of stored data: once a minute after start and then every day, deletes the per-minute zone
 * rollups older than {@code zoneMinuteRetentionDays}, in slices of {@value #SLICE_ROWS} rows so that the purge never
 * holds locks long enough to delay the rollup writer. Consumes and produces nothing on the event bus; a failed purge
 * is logged and tried again the next day.
 */
public final class RetentionVerticle extends VerticleBase {

  static final int SLICE_ROWS = 10_000;
  private static final long FIRST_RUN_MS = 60_000;
  private static final long PERIOD_MS = Duration.ofDays(1).toMillis();
  private static final Logger LOG = LoggerFactory.getLogger(RetentionVerticle.class);

  private final DatabaseConfig config;
  private final Pool pool;
  private final LongSupplier clock;
  private long timer = -1;
  private volatile long purgedRows;

  public RetentionVerticle(DatabaseConfig config, Pool pool) {
    this(config, pool, System::currentTimeMillis);
  }

  RetentionVerticle(DatabaseConfig config, Pool pool, LongSupplier clock) {
    this.config = config;
    this.pool = pool;
    this.clock = clock;
  }

  /** Rows deleted since deployment. */
  public long purgedRows() {
    return purgedRows;
  }

  @Override
  public Future<?> start() {
    timer = vertx.setPeriodic(FIRST_RUN_MS, PERIOD_MS, id -> purge());
    LOG.info("retention purge scheduled [zoneMinuteRetentionDays: {}]", config.zoneMinuteRetentionDays());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }

  /** Deletes every zone rollup past its retention; completes with the number of rows deleted. */
  public Future<Long> purge() {
    Instant cutoff = Instant.ofEpochMilli(clock.getAsLong()).minus(Duration.ofDays(config.zoneMinuteRetentionDays()));
    return purgeFrom(OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC), 0)
        .onSuccess(rows -> LOG.info("retention purge done [table: zone_minute, before: {}, rows: {}]", cutoff, rows))
        .onFailure(e -> LOG.warn("retention purge failed, retrying tomorrow [reason: {}]", e.getMessage()));
  }

  private Future<Long> purgeFrom(OffsetDateTime cutoff, long soFar) {
    return pool.preparedQuery(Sql.PURGE_ZONE_MINUTES).execute(Tuple.of(cutoff, SLICE_ROWS))
        .compose(result -> {
          purgedRows += result.rowCount();
          long total = soFar + result.rowCount();
          return result.rowCount() < SLICE_ROWS ? Future.succeededFuture(total) : purgeFrom(cutoff, total);
        });
  }
}
