package io.footfall.cluster;

import io.footfall.bus.Addresses;
import io.footfall.wire.SightingBatch;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On a cluster node, takes the place of the engine on {@link Addresses#ENGINE_SIGHTINGS}: consumes this node's
 * ingested batches (local consumer) and sends each, as one message encoded by {@link SightingBatchCodec}, to the
 * engine of its site on {@link Addresses#engineSite}, wherever in the cluster that runs. A batch sent as a request
 * is answered only once the owner's engine took it, so a sensor's QoS 1 publish is acknowledged only then. While a
 * site has no owner (a failover) the batch is retried until shortly before the ingest gives up on it.
 */
public final class SightingForwarder extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SightingForwarder.class);
  /** Below the ingest's own 10 s timeout, so the ingest sees our failure rather than its timeout. */
  static final long GIVE_UP_MS = 9_000;
  private static final long RETRY_MS = 200;
  private static final long SEND_TIMEOUT_MS = 3_000;

  private final DeliveryOptions delivery = new DeliveryOptions()
      .setCodecName(SightingBatchCodec.NAME)
      .setSendTimeout(SEND_TIMEOUT_MS);
  private MessageConsumer<SightingBatch> consumer;

  @Override
  public Future<?> start() {
    consumer = Addresses.consumer(vertx.eventBus(), Addresses.ENGINE_SIGHTINGS, this::onBatch);
    return consumer.completion();
  }

  @Override
  public Future<?> stop() {
    return consumer.unregister();
  }

  private void onBatch(Message<SightingBatch> message) {
    SightingBatch batch = message.body();
    Promise<Void> taken = Promise.promise();
    forward(batch, System.currentTimeMillis() + GIVE_UP_MS, taken);
    taken.future()
        .onSuccess(v -> {
          if (message.replyAddress() != null) {
            message.reply(null);
          }
        })
        .onFailure(e -> {
          LOG.warn("cannot forward batch [site: {}, sensor: {}, reason: {}]", batch.site, batch.sensor, e.getMessage());
          if (message.replyAddress() != null) {
            message.fail(503, "site " + batch.site + " has no engine");
          }
        });
  }

  private void forward(SightingBatch batch, long giveUpAt, Promise<Void> taken) {
    vertx.eventBus().request(Addresses.engineSite(batch.site), batch, delivery)
        .onSuccess(reply -> taken.complete())
        .onFailure(e -> {
          if (System.currentTimeMillis() + RETRY_MS >= giveUpAt) {
            taken.fail(e);
          } else {
            LOG.debug("retrying batch [site: {}, sensor: {}, reason: {}]", batch.site, batch.sensor, e.getMessage());
            vertx.setTimer(RETRY_MS, id -> forward(batch, giveUpAt, taken));
          }
        });
  }
}
