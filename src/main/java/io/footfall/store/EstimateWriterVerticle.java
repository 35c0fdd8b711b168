package io.footfall.store;

import io.footfall.analytics.DeviceEstimate;
import io.footfall.analytics.DeviceEstimates;
import io.footfall.bus.Addresses;
import io.footfall.bus.NodeHealth;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import java.nio.file.Path;

/**
 * Writes device estimates to PostgreSQL. Consumes {@link Addresses#STORE_ESTIMATES} ({@link DeviceEstimates}, local
 * codec; the engine sends at most one message per site and publish interval, and only when minutes or hours closed)
 * and hands the rows to a {@link WriteQueue}, which upserts them every {@code flushIntervalMs} with one statement
 * (a re-sent row overwrites) and spools them to {@code <dataDir>/spool/estimates-*.jsonl} while PostgreSQL is
 * failing. Produces the {@value #HEALTH_COMPONENT} entry of {@link NodeHealth}.
 */
public final class EstimateWriterVerticle extends VerticleBase {

  public static final String HEALTH_COMPONENT = "database-estimates";

  /** The spool format of an estimate row: the record's fields in order. */
  static final RowFormat<DeviceEstimate> FORMAT = new RowFormat<>() {
    @Override
    public String name() {
      return "estimates";
    }

    @Override
    public JsonArray encode(DeviceEstimate r) {
      return new JsonArray().add(r.site()).add(r.zone()).add(r.start()).add(r.resolutionSec()).add(r.devices())
          .add(r.randomMacs()).add(r.estimatedDevices()).add(r.low()).add(r.high());
    }

    @Override
    public DeviceEstimate decode(JsonArray a) {
      return new DeviceEstimate(a.getString(0), a.getString(1), a.getLong(2), a.getInteger(3), a.getInteger(4),
          a.getInteger(5), a.getInteger(6), a.getInteger(7), a.getInteger(8));
    }
  };

  private final FencedWriter<DeviceEstimates, DeviceEstimate> writer;

  /** A single node's writer: every site under the epoch of its start. */
  public EstimateWriterVerticle(EstimateStore store, DatabaseConfig config, NodeHealth health, Path spoolDir) {
    this(store, config, health, spoolDir, SiteEpochs.single());
  }

  /**
   * @param spoolDir where rows wait on disk while PostgreSQL is unreachable ({@code <dataDir>/spool})
   * @param epochs   the fencing epoch each site's rows are stamped with as they arrive
   */
  public EstimateWriterVerticle(EstimateStore store, DatabaseConfig config, NodeHealth health, Path spoolDir,
                                SiteEpochs epochs) {
    this.writer = new FencedWriter<>(Addresses.STORE_ESTIMATES, HEALTH_COMPONENT, FORMAT, store::upsertFenced, true,
        estimates -> new FencedWriter.Rows<>(estimates.site(), estimates.rows()), config, health, spoolDir, epochs);
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
}
