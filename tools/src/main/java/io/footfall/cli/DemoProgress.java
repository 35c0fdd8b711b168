package io.footfall.cli;

import io.footfall.sim.SimRun;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated instant up to which the demo's simulator has published, kept in the data directory (every few seconds
 * and at the stop) so that a restarted demo resumes publishing there. Without it the restart would publish its
 * pre-roll again, minutes the server already took: those late sightings bring back, for an absence timeout, the phones
 * that left since or changed their randomized address, as a sensor's backlog would.
 */
final class DemoProgress {

  static final String FILE = "demo-simulator-progress";
  private static final Logger LOG = LoggerFactory.getLogger(DemoProgress.class);
  /** At most this much is published twice after a kill -9. */
  private static final long SAVE_EVERY_MS = 5_000;

  private final Vertx vertx;
  private final String file;
  private long timer = -1;

  DemoProgress(Vertx vertx, String dataDir) {
    this.vertx = vertx;
    this.file = Path.of(dataDir).resolve(FILE).toString();
  }

  /** Where the last run stopped publishing; empty for a new data directory or a file that cannot be read. */
  Future<Optional<Instant>> published() {
    return vertx.fileSystem().exists(file)
        .compose(exists -> exists ? vertx.fileSystem().readFile(file).map(this::parse)
            : Future.succeededFuture(Optional.<Instant>empty()))
        .recover(e -> {
          LOG.warn("demo simulator progress unreadable, starting with the pre-roll [file: {}, reason: {}]", file,
              e.getMessage());
          return Future.succeededFuture(Optional.empty());
        });
  }

  /** Saves the run's progress every few seconds until {@link #stop(SimRun)}. */
  void follow(SimRun sim) {
    timer = vertx.setPeriodic(SAVE_EVERY_MS, id -> save(sim));
  }

  /** Saves the progress of a run that has stopped publishing. */
  Future<Void> stop(SimRun sim) {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return save(sim);
  }

  private Future<Void> save(SimRun sim) {
    return vertx.fileSystem().writeFile(file, Buffer.buffer(sim.simulatedTime() + "\n"))
        .onFailure(e -> LOG.warn("cannot save demo simulator progress [file: {}, reason: {}]", file, e.getMessage()));
  }

  private Optional<Instant> parse(Buffer content) {
    try {
      return Optional.of(Instant.ofEpochMilli(Long.parseLong(content.toString().trim())));
    } catch (NumberFormatException e) {
      LOG.warn("demo simulator progress unreadable, starting with the pre-roll [file: {}, content: {}]", file,
          content.toString().trim());
      return Optional.empty();
    }
  }
}
