package io.footfall.store;

import io.footfall.analytics.ZoneMinute;
import io.footfall.analytics.ZoneMinutes;
import io.footfall.bus.Addresses;
import io.footfall.bus.NodeHealth;
import io.footfall.fault.LogSafe;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the per-minute zone rollups of this node to PostgreSQL, and keeps them on disk while it cannot.
 *
 * <p>Consumes {@link Addresses#STORE_ROLLUPS} ({@link ZoneMinutes}, local codec) and hands the rows to a
 * {@link WriteQueue}, stamped with the site's fencing epoch ({@link SiteEpochs}), which upserts them into
 * {@code zone_minute} every {@code flushIntervalMs} with one statement (re-sent minutes overwrite instead of
 * duplicating, unless they are of an older epoch than the stored row) and spools them to
 * {@code <dataDir>/spool/rollups-*.jsonl} while PostgreSQL is failing or more than {@code maxQueuedRows} wait. Produces the {@value #HEALTH_COMPONENT}
 * entry of {@link NodeHealth}: DEGRADED while writes fail or rows are spooled, UP otherwise. Stopping writes what
 * is queued, or spools it, waiting at most {@code queryTimeoutMs} + {@value WriteQueue#STOP_SPOOL_WAIT_MS} ms; the next
 * start replays the spool.
 */
public final class RollupWriterVerticle extends VerticleBase {

  public static final String HEALTH_COMPONENT = "database";
  private static final Logger LOG = LoggerFactory.getLogger(RollupWriterVerticle.class);

  /** The spool format of a rollup row: site, zone, minute, the figures and the revision (absent: 0). */
  static final RowFormat<ZoneMinute> FORMAT = new RowFormat<>() {
    @Override
    public String name() {
      return "rollups";
    }

    @Override
    public JsonArray encode(ZoneMinute row) {
      return new JsonArray().add(row.site()).add(row.zone()).add(row.minute()).add(row.devicesAvg())
          .add(row.devicesMax()).add(row.entries()).add(row.exits()).add(row.uniques()).add(row.revision());
    }

    @Override
    public ZoneMinute decode(JsonArray a) {
      return new ZoneMinute(a.getString(0), a.getString(1), a.getLong(2), a.getDouble(3), a.getInteger(4),
          a.getInteger(5), a.getInteger(6), a.getInteger(7), a.size() > 8 ? a.getInteger(8) : 0);
    }
  };

  private final Pool pool;
  private final FencedWriter<ZoneMinutes, ZoneMinute> writer;
  private volatile long invalid;

  /** A single node's writer: every site under the epoch of its start. */
  public RollupWriterVerticle(DatabaseConfig config, Pool pool, NodeHealth health, Path spoolDir) {
    this(config, pool, health, spoolDir, SiteEpochs.single());
  }

  /**
   * @param spoolDir where rows wait on disk while PostgreSQL is unreachable ({@code <dataDir>/spool})
   * @param epochs   the fencing epoch each site's rows are stamped with as they arrive
   */
  public RollupWriterVerticle(DatabaseConfig config, Pool pool, NodeHealth health, Path spoolDir, SiteEpochs epochs) {
    this.pool = pool;
    this.writer = new FencedWriter<>(Addresses.STORE_ROLLUPS, HEALTH_COMPONENT, FORMAT, this::upsert, false,
        this::storableRows, config, health, spoolDir, epochs);
  }

  /**
   * A consistent-enough snapshot for health and metrics, callable from any thread; {@code dropped} includes the
   * rows refused as unstorable.
   */
  public WriteQueue.Stats stats() {
    return writer.stats().plusDropped(invalid);
  }

  @Override
  public Future<?> start() {
    return writer.start(vertx);
  }

  @Override
  public Future<?> stop() {
    return writer.stop();
  }

  private FencedWriter.Rows<ZoneMinute> storableRows(ZoneMinutes minutes) {
    List<ZoneMinute> rows = new ArrayList<>(minutes.rows().size());
    for (ZoneMinute row : minutes.rows()) {
      if (storable(row)) {
        rows.add(row);
      } else {
        LOG.error("dropping unstorable rollup [site: {}, zone: {}, minute: {}]", LogSafe.escape(row.site()),
            LogSafe.escape(row.zone()), row.minute());
        invalid++;
      }
    }
    return new FencedWriter.Rows<>(minutes.site(), rows);
  }

  /** PostgreSQL would reject such a row, and with it every flush it is part of. */
  private static boolean storable(ZoneMinute row) {
    return row.site() != null && row.zone() != null && row.site().indexOf('\0') < 0 && row.zone().indexOf('\0') < 0;
  }

  private Future<Integer> upsert(List<Fenced<ZoneMinute>> rows) {
    UpsertBatch batch = new UpsertBatch(rows);
    return pool.preparedQuery(Sql.UPSERT_ZONE_MINUTES).execute(batch.parameters()).map(done -> {
      // rows of an older epoch, or of a lower revision replayed after an amendment
      Fenced.refused("zone_minute", batch.size(), done.rowCount());
      return batch.size();
    });
  }
}
