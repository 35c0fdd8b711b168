package io.footfall.privacy;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the node's {@link OptOutList} equal to the opt-out file ({@code privacy.optOutFile}): loads it at start
 * (a missing file is an empty list; an unreadable one fails the start) and re-reads it within
 * {@value #CHECK_MS} ms of a change, so that an opt-out takes effect without a restart. Consumes and produces no
 * event-bus messages; the list is read by every source's {@code BatchIntake}.
 */
public final class OptOutVerticle extends VerticleBase {

  static final long CHECK_MS = 5_000;
  private static final Logger LOG = LoggerFactory.getLogger(OptOutVerticle.class);

  private final Path file;
  private final long checkMs;
  private String stamp;

  public OptOutVerticle(Path file) {
    this(file, CHECK_MS);
  }

  /** @param checkMs how often the file's modification time and size are compared */
  public OptOutVerticle(Path file, long checkMs) {
    this.file = file;
    this.checkMs = checkMs;
  }

  @Override
  public Future<?> start() {
    return stamp()
        .compose(this::load)
        .onSuccess(v -> vertx.setPeriodic(checkMs, id -> reloadIfChanged()));
  }

  private Future<String> stamp() {
    return vertx.fileSystem().props(file.toString())
        .map(props -> props.lastModifiedTime() + "/" + props.size())
        .otherwise("missing");
  }

  private Future<Void> load(String newStamp) {
    return vertx.executeBlocking(() -> OptOutList.read(file))
        .map(ids -> {
          OptOutList.of(vertx).replace(ids);
          stamp = newStamp;
          LOG.info("opt-out list loaded [file: {}, devices: {}]", file, ids.length);
          return null;
        });
  }

  private void reloadIfChanged() {
    stamp()
        .compose(newStamp -> newStamp.equals(stamp) ? Future.succeededFuture() : load(newStamp))
        .onFailure(e -> LOG.warn("cannot reload the opt-out list, keeping the previous one [file: {}, reason: {}]",
            file, e.getMessage()));
  }
}
