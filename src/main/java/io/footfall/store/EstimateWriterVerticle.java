package io.footfall.store;

import io.footfall.analytics.DeviceEstimates;
import io.footfall.app.Addresses;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes device estimates to PostgreSQL. Consumes {@link Addresses#STORE_ESTIMATES} ({@link DeviceEstimates}, local
 * codec; the engine sends at most one message per site and publish interval, and only when minutes or hours closed)
 * and upserts each message's rows with one statement, so a re-sent row overwrites. A failed write is logged and
 * its rows are dropped: the estimates are a derived series, and the minute snapshots around the gap still stand.
 */
public final class EstimateWriterVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(EstimateWriterVerticle.class);

  private final EstimateStore store;
  private MessageConsumer<DeviceEstimates> consumer;
  private volatile long rowsWritten;
  private volatile long rowsDropped;

  public EstimateWriterVerticle(EstimateStore store) {
    this.store = store;
  }

  /** Rows upserted since deployment. */
  public long rowsWritten() {
    return rowsWritten;
  }

  /** Rows lost to failed writes since deployment. */
  public long rowsDropped() {
    return rowsDropped;
  }

  @Override
  public Future<?> start() {
    consumer = vertx.eventBus().consumer(Addresses.STORE_ESTIMATES, this::onEstimates);
    return consumer.completion().onSuccess(v -> LOG.info("estimate writer started"));
  }

  @Override
  public Future<?> stop() {
    return consumer.unregister();
  }

  private void onEstimates(Message<DeviceEstimates> message) {
    DeviceEstimates estimates = message.body();
    store.upsert(estimates.rows())
        .onSuccess(written -> {
          rowsWritten += written;
          LOG.debug("estimates written [site: {}, rows: {}]", estimates.site(), written);
        })
        .onFailure(failure -> {
          rowsDropped += estimates.rows().size();
          LOG.warn("dropping estimates [site: {}, rows: {}, reason: {}]", estimates.site(), estimates.rows().size(),
              failure.getMessage());
        });
  }
}
