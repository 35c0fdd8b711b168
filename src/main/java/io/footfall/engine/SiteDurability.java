package io.footfall.engine;

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
 * snapshot directory it keeps nothing and every site begins afresh. Touched on the engine's event loop only; the
 * files are written on workers.
 */
final class SiteDurability {

  private static final Logger LOG = LoggerFactory.getLogger(SiteDurability.class);

  private final Vertx vertx;
  private final Map<String, SiteState> sites;
  private final EngineConfig config;
  private final SnapshotStore snapshots;
  private final Path snapshotDir;
  private final DeadLetters deadLetters;
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
   * Keeps a batch the analytics failed on in the dead-letter directory, or logs its content when that fails; an
   * engine without snapshots keeps none.
   */
  Future<Void> keepDeadLetter(SightingBatch batch, RuntimeException failure, long failedAtWallMs) {
    String siteId = batch.site;
    return deadLetters == null
        ? Future.succeededFuture()
        : vertx.<Void>executeBlocking(() -> {
          Path file = deadLetters.keep(batch, failure, failedAtWallMs);
          LOG.info("dead letter kept [site: {}, file: {}]", siteId, file);
          return null;
        }).recover(e -> {
          LOG.error("cannot keep dead letter, its content follows [site: {}, reason: {}, batch: {}]", siteId,
              e.getMessage(), WireEncoder.batch(batch));
          return Future.succeededFuture();
        });
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
