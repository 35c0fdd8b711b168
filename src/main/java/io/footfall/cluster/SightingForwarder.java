package io.footfall.cluster;

import io.footfall.bus.Addresses;
import io.footfall.bus.LogLimiter;
import io.footfall.wire.SightingBatch;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On a cluster node, takes the place of the engine on {@link Addresses#ENGINE_SIGHTINGS}: consumes this node's
 * ingested batches (local consumer) and sends each, as one message encoded by {@link SightingBatchCodec}, to the
 * engine of its site on {@link Addresses#engineSite}, wherever in the cluster that runs, and passes the engine's
 * answer back (taken, duplicate, dead letter). A batch sent as a request is answered only once the owner's engine
 * took it, so a sensor's QoS 1 publish is acknowledged only then.
 *
 * <p>While a site has no owner (a takeover) a batch waits for the new one: it is sent again every
 * {@value #RETRY_MS} ms for up to {@code cluster.forwardWaitMs}, so the sensors connected to the healthy nodes keep
 * their connections; re-sending is safe because the engine recognises a batch it took by sensor and number. The
 * wait is bounded twice: in time, and in the batches waiting on this node ({@code cluster.forwardBufferBatches});
 * beyond either, the batch is answered with a failure ({@link #WAIT_EXCEEDED} or {@link #BUFFER_FULL}), which the
 * ingest counts as {@code engine-unavailable} and answers by closing the connection unacknowledged (MQTT 5:
 * server busy), so that the sensor keeps the batch and sends it again after reconnecting.
 */
public final class SightingForwarder extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SightingForwarder.class);
  /** Failure code of a batch whose site found no owner within {@code forwardWaitMs}. */
  public static final int WAIT_EXCEEDED = 503;
  /** Failure code of a batch refused because {@code forwardBufferBatches} batches already wait. */
  public static final int BUFFER_FULL = 507;
  private static final long RETRY_MS = 200;
  private static final long SEND_TIMEOUT_MS = 3_000;

  private final long waitMs;
  private final int buffer;
  private final DeliveryOptions delivery = new DeliveryOptions()
      .setCodecName(SightingBatchCodec.NAME)
      .setSendTimeout(SEND_TIMEOUT_MS);
  private final LogLimiter giveUpLog = new LogLimiter(10_000);
  /** Batches sent at least once and not answered yet; read by tests and status off the event loop. */
  private final AtomicLong waiting = new AtomicLong();
  private final AtomicLong waited = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private MessageConsumer<SightingBatch> consumer;

  /** @param cluster its {@code forwardWaitMs} and {@code forwardBufferBatches} bound the wait for a new owner */
  public SightingForwarder(ClusterConfig cluster) {
    this.waitMs = cluster.forwardWaitMs();
    this.buffer = cluster.forwardBufferBatches();
  }

  /** How long the ingest must wait for an answer so that this forwarder's own bound always comes first. */
  public static long ingestTimeoutMs(ClusterConfig cluster) {
    return cluster.forwardWaitMs() + SEND_TIMEOUT_MS + RETRY_MS;
  }

  @Override
  public Future<?> start() {
    consumer = Addresses.consumer(vertx.eventBus(), Addresses.ENGINE_SIGHTINGS, this::onBatch);
    return consumer.completion();
  }

  @Override
  public Future<?> stop() {
    return consumer.unregister();
  }

  /** Batches that had to wait for an owner (sent again at least once) and were then taken, since the start. */
  public long waitedForOwner() {
    return waited.get();
  }

  /** Batches given up on (wait or buffer exceeded), since the start. */
  public long refused() {
    return refused.get();
  }

  private void onBatch(Message<SightingBatch> message) {
    SightingBatch batch = message.body();
    if (waiting.get() >= buffer) {
      giveUp(message, BUFFER_FULL, "forward buffer full (" + buffer + " batches wait for new owners)");
      return;
    }
    waiting.incrementAndGet();
    Promise<Object> taken = Promise.promise();
    forward(batch, System.currentTimeMillis() + waitMs, false, taken);
    taken.future()
        .onComplete(done -> waiting.decrementAndGet())
        .onSuccess(answer -> {
          if (message.replyAddress() != null) {
            message.reply(answer);
          }
        })
        .onFailure(e -> giveUp(message, WAIT_EXCEEDED, "no owner took it within " + waitMs + " ms: "
            + e.getMessage()));
  }

  private void giveUp(Message<SightingBatch> message, int code, String reason) {
    refused.incrementAndGet();
    SightingBatch batch = message.body();
    if (giveUpLog.due(System.currentTimeMillis())) {
      LOG.warn("cannot forward batch, the sensor will send it again [site: {}, sensor: {}, reason: {}, "
          + "alikeNotLogged: {}]", batch.site, batch.sensor, reason, giveUpLog.held());
    } else {
      LOG.debug("cannot forward batch [site: {}, sensor: {}, reason: {}]", batch.site, batch.sensor, reason);
    }
    if (message.replyAddress() != null) {
      message.fail(code, "site " + batch.site + ": " + reason);
    }
  }

  private void forward(SightingBatch batch, long giveUpAt, boolean retried, Promise<Object> taken) {
    vertx.eventBus().request(Addresses.engineSite(batch.site), batch, delivery)
        .onSuccess(reply -> {
          if (retried) {
            waited.incrementAndGet();
          }
          taken.complete(reply.body());
        })
        .onFailure(e -> {
          if (System.currentTimeMillis() + RETRY_MS >= giveUpAt) {
            taken.fail(e);
          } else {
            LOG.debug("waiting for the site's owner [site: {}, sensor: {}, reason: {}]", batch.site, batch.sensor,
                e.getMessage());
            vertx.setTimer(RETRY_MS, id -> forward(batch, giveUpAt, true, taken));
          }
        });
  }
}
