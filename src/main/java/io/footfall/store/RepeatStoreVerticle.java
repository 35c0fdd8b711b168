package io.footfall.store;

import io.footfall.analytics.RepeatVisit;
import io.footfall.analytics.RepeatVisits;
import io.footfall.bus.Addresses;
import io.footfall.bus.NodeHealth;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the repeat-visit triples: consumes {@link Addresses#STORE_REPEATS} ({@link RepeatVisits.Rows}, local codec,
 * from the engines of this node) and hands them to a {@link FencedWriter}, stamped with the site's fencing epoch
 * ({@link SiteEpochs}), whose durable {@link WriteQueue} spools each triple to {@code <dataDir>/spool/repeats-*.jsonl}
 * as it arrives and upserts them into {@code repeat_visit} every {@code flushIntervalMs} (a re-send or a replay is
 * harmless, and a triple of an older epoch than the stored one's is refused): while PostgreSQL is unreachable, and
 * across a stop during an outage, they wait on disk. Produces the {@value #HEALTH_COMPONENT} entry of
 * {@link NodeHealth}. Once a minute after start and then daily it purges the triples of days more than
 * {@code repeat.windowDays} + 1 days before today (UTC; the extra day covers every timezone), in slices.
 */
public final class RepeatStoreVerticle extends VerticleBase {

  public static final String HEALTH_COMPONENT = "database-repeats";
  static final int SLICE_ROWS = 10_000;
  private static final long FIRST_PURGE_MS = 60_000;
  private static final long PURGE_PERIOD_MS = Duration.ofDays(1).toMillis();
  private static final Logger LOG = LoggerFactory.getLogger(RepeatStoreVerticle.class);

  /** The spool format of a triple: site, zone, day (days since 1970-01-01) and repeat-visit id. */
  static final RowFormat<RepeatStore.SiteVisit> FORMAT = new RowFormat<>() {
    @Override
    public String name() {
      return "repeats";
    }

    @Override
    public JsonArray encode(RepeatStore.SiteVisit row) {
      return new JsonArray().add(row.site()).add(row.visit().zone()).add(row.visit().day()).add(row.visit().rid());
    }

    @Override
    public RepeatStore.SiteVisit decode(JsonArray a) {
      return new RepeatStore.SiteVisit(a.getString(0), new RepeatVisit(a.getString(1), a.getLong(2), a.getLong(3)));
    }
  };

  private final RepeatStore store;
  private final RepeatConfig config;
  private final LongSupplier clock;
  private final FencedWriter<RepeatVisits.Rows, RepeatStore.SiteVisit> writer;
  private long purgeTimer = -1;
  private volatile long purged;

  /** A single node's store: every site under the epoch of its start. */
  public RepeatStoreVerticle(RepeatStore store, RepeatConfig config, DatabaseConfig database, NodeHealth health,
                             Path spoolDir) {
    this(store, config, database, health, spoolDir, SiteEpochs.single(), System::currentTimeMillis);
  }

  /**
   * @param spoolDir where triples wait on disk while PostgreSQL is unreachable ({@code <dataDir>/spool})
   * @param epochs   the fencing epoch each site's triples are stamped with as they arrive
   */
  public RepeatStoreVerticle(RepeatStore store, RepeatConfig config, DatabaseConfig database, NodeHealth health,
                             Path spoolDir, SiteEpochs epochs) {
    this(store, config, database, health, spoolDir, epochs, System::currentTimeMillis);
  }

  RepeatStoreVerticle(RepeatStore store, RepeatConfig config, DatabaseConfig database, NodeHealth health,
                      Path spoolDir, SiteEpochs epochs, LongSupplier clock) {
    this.store = store;
    this.config = config;
    this.clock = clock;
    this.writer = new FencedWriter<>(Addresses.STORE_REPEATS, HEALTH_COMPONENT, FORMAT, store::upsertFenced, true,
        RepeatStoreVerticle::siteVisits, database, health, spoolDir, epochs);
  }

  /** Callable from any thread. */
  public WriteQueue.Stats stats() {
    return writer.stats();
  }

  @Override
  public Future<?> start() {
    return writer.start(vertx)
        .onSuccess(v -> {
          purgeTimer = vertx.setPeriodic(FIRST_PURGE_MS, PURGE_PERIOD_MS, id -> purge());
          LOG.info("repeat-visit store started [windowDays: {}, keyRotationDays: {}]", config.windowDays(),
              config.keyRotationDays());
        });
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(purgeTimer);
    return writer.stop()
        .onComplete(v -> LOG.info("repeat-visit store stopped [purged: {}]", purged));
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

  private static FencedWriter.Rows<RepeatStore.SiteVisit> siteVisits(RepeatVisits.Rows rows) {
    return new FencedWriter.Rows<>(rows.site(),
        rows.rows().stream().map(row -> new RepeatStore.SiteVisit(rows.site(), row)).toList());
  }
}
