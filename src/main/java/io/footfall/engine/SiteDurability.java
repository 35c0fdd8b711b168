package io.footfall.engine;

import io.footfall.bus.LogLimiter;
import io.footfall.fault.LogSafe;
import io.footfall.wire.SightingBatch;
import io.footfall.wire.WireEncoder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What keeps an engine's sites through a crash, on a node with a snapshot directory: each site's
 * {@link BatchJournal}, its snapshot every {@code snapshotIntervalMs} ({@link SnapshotStore}), the restore of both
 * at start, the rebuild of a site the analytics failed on, and the {@link DeadLetters} of such batches. Without a
 * snapshot directory (a cluster member's engines, whose state is replicated instead) it keeps nothing, every site
 * begins afresh, and a batch the analytics failed on goes to the log instead of a dead letter. Touched on the
 * engine's event loop only; the files are written on workers.
 */
final class SiteDurability {

  /** Where a batch the analytics failed on went. */
  enum DeadLetter {
    /** A dead letter on disk, which {@code footfall dead-letter replay} can publish again. */
    KEPT,
    /** No dead letter (no directory, or writing it failed): its content is in the log at ERROR. */
    LOGGED,
    /** Neither, since another batch's content was logged within {@link #CONTENT_LOG_INTERVAL_MS}: lost, counted. */
    LOST
  }

  /**
   * At most one batch's content per interval goes to the log: a bug that fails every batch would otherwise copy
   * every sensor's whole stream into it.
   */
  static final long CONTENT_LOG_INTERVAL_MS = 10_000;

  private static final Logger LOG = LoggerFactory.getLogger(SiteDurability.class);

  private final Vertx vertx;
  private final Map<String, SiteState> sites;
  private final EngineConfig config;
  private final SnapshotStore snapshots;
  private final Path snapshotDir;
  private final DeadLetters deadLetters;
  private final LogLimiter contentLog = new LogLimiter(CONTENT_LOG_INTERVAL_MS);
  private WorkerExecutor journalWriter;
  private Future<Void> saving = Future.succeededFuture();
  private long journalFailures;

  /** @param snapshotDir where site snapshots and journals are kept ({@code <dataDir>/snapshots}), or null for none */
  SiteDurability(Vertx vertx, Map<String, SiteState> sites, EngineConfig config, Path snapshotDir) {
    this.vertx = vertx;
    this.sites = sites;
    this.config = config;
    this.snapshots = snapshotDir == null ? null : new SnapshotStore(snapshotDir);
    this.snapshotDir = snapshotDir;
    this.deadLetters = snapshotDir == null ? null : new DeadLetters(snapshotDir.resolveSibling("dead-letter"));
  }

  boolean keepsSnapshots() {
    return snapshots != null;
  }

  /**
   * Opens each site's journal and resumes each site from its snapshot, if it has a usable one, and its journal;
   * the rows each site must hand over again are left in its {@link SiteState#recoveredRows}.
   */
  Future<Void> restore() {
    if (snapshots == null) {
      return Future.succeededFuture();
    }
    // journal writes are in order and never queue behind password hashing on the shared worker pool
    journalWriter = vertx.createSharedWorkerExecutor("footfall-journal", 1);
    sites.values().forEach(site -> site.journal = new BatchJournal(snapshotDir, site.analytics.site().id(),
        journalWriter));
    List<SiteState> states = List.copyOf(sites.values());
    return vertx.executeBlocking(() -> {
      for (SiteState site : states) {
        site.restore(snapshots, snapshotDir, config, System.currentTimeMillis());
      }
      return null;
    });
  }

  /** Journals a batch the site's analytics took; a failure is logged, since the next snapshot holds the batch. */
  Future<Void> journal(SiteState site, SightingBatch batch) {
    if (site.journal == null) {
      return Future.succeededFuture();
    }
    return site.journal.append(batch)
        .recover(failure -> {
          // the batch is in the analytics and in the next snapshot; only a crash before that could lose it
          if (journalFailures++ % 1000 == 0) {
            LOG.error("cannot journal batches [site: {}, failures: {}, reason: {}]", batch.site, journalFailures,
                failure.getMessage());
          }
          return Future.succeededFuture();
        });
  }

  /**
   * Serialises every site here, on the event loop, and writes the files on a worker; one round at a time. Each site's
   * journal starts a new generation at its snapshot, and the generations before are deleted once it is on disk.
   */
  Future<Void> snapshotAll() {
    if (snapshots == null || !saving.isComplete() || sites.values().stream().anyMatch(site -> site.rebuilding)) {
      return saving;
    }
    Map<SiteState, SnapshotStore.SiteSnapshot> taken = new LinkedHashMap<>();
    for (SiteState site : sites.values()) {
      taken.put(site, site.snapshot());
    }
    saving = vertx.executeBlocking(() -> {
      for (Map.Entry<SiteState, SnapshotStore.SiteSnapshot> e : taken.entrySet()) {
        snapshots.save(e.getKey().analytics.site().id(), e.getValue());
      }
      return null;
    }).compose(v -> Future.all(taken.entrySet().stream()
            .map(e -> e.getKey().journal.deleteBefore(e.getValue().journalFrom())).toList()))
        .<Void>mapEmpty()
        .onSuccess(v -> LOG.debug("site snapshots written [sites: {}]", taken.size()))
        .recover(failure -> {
          LOG.error("cannot write site snapshots [reason: {}]", failure.getMessage());
          return Future.succeededFuture();
        });
    return saving;
  }

  /** At stop: the last snapshot, once the one being written is on disk, then the journals closed. */
  Future<Void> close() {
    return saving.transform(previous -> snapshotAll())
        .compose(v -> closeJournals());
  }

  private Future<Void> closeJournals() {
    if (journalWriter == null) {
      return Future.succeededFuture();
    }
    return Future.all(sites.values().stream().map(site -> site.journal.close()).toList())
        .<Void>mapEmpty()
        .onComplete(done -> journalWriter.close());
  }

  /**
   * Keeps a batch the analytics failed on in the dead-letter directory. An engine without one, or one that cannot
   * write there, logs the batch's content instead, since a sensor told of a dead letter never sends it again.
   */
  Future<DeadLetter> keepDeadLetter(SightingBatch batch, RuntimeException failure, long failedAtWallMs) {
    if (deadLetters == null) {
      return Future.succeededFuture(logContent(batch, "no dead-letter directory"));
    }
    String siteId = batch.site;
    return vertx.executeBlocking(() -> {
      Path file = deadLetters.keep(batch, failure, failedAtWallMs);
      LOG.info("dead letter kept [site: {}, file: {}]", siteId, file);
      return DeadLetter.KEPT;
    }).recover(e -> Future.succeededFuture(logContent(batch, "cannot write the dead letter: " + e.getMessage())));
  }

  /**
   * The batch in the wire format, escaped whole (its strings are the sensor's): a line to copy out and publish again,
   * which no client can split or forge.
   */
  private DeadLetter logContent(SightingBatch batch, String reason) {
    if (!contentLog.due(System.currentTimeMillis())) {
      return DeadLetter.LOST;
    }
    String content = WireEncoder.batch(batch);
    LOG.error("batch not kept as a dead letter, its content follows [site: {}, sensor: {}, seq: {}, reason: {}, "
            + "lostSinceLastLogged: {}, batch: {}]", LogSafe.escape(batch.site), LogSafe.escape(batch.sensor),
        batch.seq, LogSafe.escape(reason), contentLog.held(), LogSafe.escape(content, content.length()));
    return DeadLetter.LOGGED;
  }

  /** Replaces a site's analytics, which a failure may have left half-changed, by its snapshot and journal. */
  Future<Void> rebuild(SiteState site) {
    if (snapshots == null) {
      return Future.succeededFuture();
    }
    site.rebuilding = true;
    return site.journal.flushed()
        .compose(v -> vertx.<Void>executeBlocking(() -> {
          site.restore(snapshots, snapshotDir, config, System.currentTimeMillis());
          return null;
        }))
        .onComplete(done -> {
          site.rebuilding = false;
          site.publishedVersion = -1;
          LOG.info("site rebuilt from its snapshot and journal [site: {}, devices: {}]",
              site.analytics.site().id(), site.analytics.devices());
        });
  }
}
