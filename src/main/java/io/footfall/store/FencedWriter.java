package io.footfall.store;

import io.footfall.bus.Addresses;
import io.footfall.bus.NodeHealth;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every durable writer of the engines' rows does, configured by its verticle: consumes one local address,
 * stamps each row with the fencing epoch of its site as it arrives ({@link SiteEpochs}), and hands the rows to a
 * {@link WriteQueue}, which upserts them in batches, spools them to {@code <dataDir>/spool} while PostgreSQL is
 * failing and reports the writer's health. Stopping unregisters first, then writes or spools what is queued.
 *
 * @param <M> the message of the address (a batch of one site's rows)
 * @param <R> one row
 */
final class FencedWriter<M, R> {

  private static final Logger LOG = LoggerFactory.getLogger(FencedWriter.class);

  /** One site's rows of a message. */
  record Rows<R>(String site, List<R> rows) {
  }

  private final String address;
  private final String healthComponent;
  private final RowFormat<R> format;
  private final WriteQueue.Sink<Fenced<R>> sink;
  private final boolean durable;
  private final Function<M, Rows<R>> rows;
  private final DatabaseConfig config;
  private final NodeHealth health;
  private final Path spoolDir;
  private final SiteEpochs epochs;
  private WriteQueue<Fenced<R>> queue;
  private MessageConsumer<M> consumer;

  /**
   * @param address         the local address the engines send the rows on
   * @param healthComponent this writer's entry in {@link NodeHealth}
   * @param format          how a row is written to the spool
   * @param sink            the upsert of a batch of fenced rows
   * @param durable         see {@link WriteQueue}
   * @param rows            the site and the storable rows of a message
   */
  FencedWriter(String address, String healthComponent, RowFormat<R> format, WriteQueue.Sink<Fenced<R>> sink,
               boolean durable, Function<M, Rows<R>> rows, DatabaseConfig config, NodeHealth health, Path spoolDir,
               SiteEpochs epochs) {
    this.address = address;
    this.healthComponent = healthComponent;
    this.format = format;
    this.sink = sink;
    this.durable = durable;
    this.rows = rows;
    this.config = config;
    this.health = health;
    this.spoolDir = spoolDir;
    this.epochs = epochs;
  }

  /** Callable from any thread. */
  WriteQueue.Stats stats() {
    return queue == null ? WriteQueue.Stats.NONE : queue.stats();
  }

  Future<?> start(Vertx vertx) {
    queue = new WriteQueue<>(vertx, config, spoolDir, Fenced.format(format), sink, health, healthComponent, durable);
    return queue.start()
        .compose(started -> {
          consumer = Addresses.consumer(vertx.eventBus(), address, message -> queue(message.body()));
          return consumer.completion();
        });
  }

  /** Writes what is queued now (see {@link WriteQueue#flush}); call on the verticle's context. */
  Future<Void> flush() {
    return queue.flush();
  }

  Future<?> stop() {
    if (consumer == null) {
      return Future.succeededFuture();
    }
    return consumer.unregister().transform(unregistered -> queue.stop());
  }

  private void queue(M message) {
    Rows<R> given = rows.apply(message);
    long epoch = epochs.of(given.site());
    List<Fenced<R>> fenced = new ArrayList<>(given.rows().size());
    for (R row : given.rows()) {
      fenced.add(new Fenced<>(epoch, row));
    }
    queue.add(fenced);
    LOG.debug("rows queued [writer: {}, site: {}, rows: {}]", healthComponent, given.site(), fenced.size());
  }
}
