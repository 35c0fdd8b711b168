package io.footfall.store;

import io.footfall.analytics.FlowHour;
import io.footfall.analytics.PathHour;
import io.footfall.analytics.StoreMinute;
import io.footfall.analytics.VisitMetrics;
import io.footfall.bus.Addresses;
import io.footfall.bus.NodeHealth;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the visitor and flow metrics of this node to PostgreSQL, queued, spooled and retried like the zone rollups.
 *
 * <p>Consumes {@link Addresses#STORE_METRICS} ({@link VisitMetrics}, local codec, from the engines of this node)
 * and hands their rows to a {@link WriteQueue}, which every {@code flushIntervalMs} upserts them in one transaction with one statement per
 * table ({@code store_minute}, {@code flow_hour}, {@code path_hour}), so re-sent periods overwrite instead of
 * duplicating, and spools them to {@code <dataDir>/spool/metrics-*.jsonl} while PostgreSQL is failing or more than
 * {@code maxQueuedRows} wait. Produces the {@value #HEALTH_COMPONENT} entry of {@link NodeHealth}. Stopping writes
 * or spools what is queued, waiting at most {@code queryTimeoutMs} + {@value WriteQueue#STOP_SPOOL_WAIT_MS} ms.
 */
public final class MetricsWriterVerticle extends VerticleBase {

  public static final String HEALTH_COMPONENT = "database-metrics";

  /** The spool format of the metric rows. */
  static final RowFormat<Object> FORMAT = new MetricsFormat();

  private final Pool pool;
  private final FencedWriter<VisitMetrics, Object> writer;

  /** A single node's writer: every site under the epoch of its start. */
  public MetricsWriterVerticle(DatabaseConfig config, Pool pool, NodeHealth health, Path spoolDir) {
    this(config, pool, health, spoolDir, SiteEpochs.single());
  }

  /**
   * @param spoolDir where rows wait on disk while PostgreSQL is unreachable ({@code <dataDir>/spool})
   * @param epochs   the fencing epoch each site's rows are stamped with as they arrive
   */
  public MetricsWriterVerticle(DatabaseConfig config, Pool pool, NodeHealth health, Path spoolDir,
                               SiteEpochs epochs) {
    this.pool = pool;
    this.writer = new FencedWriter<>(Addresses.STORE_METRICS, HEALTH_COMPONENT, FORMAT, this::upsert, true,
        MetricsWriterVerticle::rows, config, health, spoolDir, epochs);
  }

  /** Callable from any thread. */
  public WriteQueue.Stats stats() {
    return writer.stats();
  }

  @Override
  public Future<?> start() {
    return writer.start(vertx);
  }

  @Override
  public Future<?> stop() {
    return writer.stop();
  }

  private static FencedWriter.Rows<Object> rows(VisitMetrics metrics) {
    List<Object> rows = new ArrayList<>(metrics.stores().size() + metrics.flows().size() + metrics.paths().size());
    rows.addAll(metrics.stores());
    rows.addAll(metrics.flows());
    rows.addAll(metrics.paths());
    return new FencedWriter.Rows<>(metrics.site(), rows);
  }

  private Future<Integer> upsert(List<Fenced<Object>> rows) {
    MetricsBatch batch = new MetricsBatch(rows);
    return pool.withTransaction(batch::write).map(done -> batch.size());
  }

  /** A metric row on disk: a tag ({@code s}tore, {@code f}low, {@code p}ath), then the record's fields. */
  private static final class MetricsFormat implements RowFormat<Object> {

    @Override
    public String name() {
      return "metrics";
    }

    @Override
    public JsonArray encode(Object row) {
      if (row instanceof StoreMinute m) {
        return new JsonArray().add("s").add(m.site()).add(m.zone()).add(m.minute()).add(m.visitors())
            .add(m.passersBy()).add(m.excluded()).add(m.random()).add(ints(m.dwellBuckets())).add(ints(m.dwellFine()))
            .add(m.dwellTotalMs());
      }
      if (row instanceof FlowHour h) {
        return new JsonArray().add("f").add(h.site()).add(h.hour()).add(h.from()).add(h.to()).add(h.transitions());
      }
      PathHour h = (PathHour) row;
      return new JsonArray().add("p").add(h.site()).add(h.hour()).add(h.path()).add(h.trips());
    }

    @Override
    public Object decode(JsonArray a) {
      return switch (a.getString(0)) {
        case "s" -> new StoreMinute(a.getString(1), a.getString(2), a.getLong(3), a.getInteger(4), a.getInteger(5),
            a.getInteger(6), a.getInteger(7), ints(a.getJsonArray(8)), ints(a.getJsonArray(9)), a.getLong(10));
        case "f" -> new FlowHour(a.getString(1), a.getLong(2), a.getString(3), a.getString(4), a.getInteger(5));
        case "p" -> new PathHour(a.getString(1), a.getLong(2), a.getString(3), a.getInteger(4));
        default -> throw new IllegalArgumentException("unknown metric row tag " + a.getString(0));
      };
    }

    private static JsonArray ints(int[] values) {
      JsonArray array = new JsonArray();
      for (int v : values) {
        array.add(v);
      }
      return array;
    }

    private static int[] ints(JsonArray array) {
      int[] values = new int[array.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = array.getInteger(i);
      }
      return values;
    }
  }
}
