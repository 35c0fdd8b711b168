package io.footfall.engine;

import io.footfall.alerts.AlertRules;
import io.footfall.analytics.InvalidSnapshotException;
import io.footfall.analytics.SiteAnalytics;
import io.footfall.analytics.SiteMetrics;
import io.footfall.analytics.ZoneMinute;
import io.footfall.site.Site;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One site of an engine, touched on the engine's event loop only (and, while it is restored, on a worker before the
 * engine takes any of its batches): its analytics, visitor metrics, alert rules, sensor-clock alerts and
 * calibration, the version of its state last published, and what its durability needs: its journal, the rollup rows
 * handed to the writer since the snapshot before last, its snapshot and its restore.
 */
final class SiteState {

  private static final Logger LOG = LoggerFactory.getLogger(SiteState.class);

  /** Replaced by a restore or a rebuild. */
  SiteAnalytics analytics;
  final SiteMetrics metrics;
  final AlertRules alerts;
  final Calibration calibration;
  final ClockAlerts clockAlerts;
  long publishedVersion;
  /** The live view last published ({@link SiteAnalytics#liveVersion()}), when, and the timer that will, or -1. */
  long liveVersion;
  long liveAt;
  long liveTimer = -1;
  /** The site's journal on a node that keeps snapshots, else null. */
  BatchJournal journal;
  /** While its analytics are rebuilt after a failure: batches are refused, nothing is published or saved. */
  boolean rebuilding;
  /** Rows handed to the writer since the snapshot before last: a crash may have kept them from PostgreSQL. */
  List<ZoneMinute> sentBeforeLastSnapshot = new ArrayList<>();
  List<ZoneMinute> sentSinceLastSnapshot = new ArrayList<>();
  List<ZoneMinute> recoveredRows = List.of();

  SiteState(SiteAnalytics analytics, SiteMetrics metrics, AlertRules alerts, long maxClockAheadMs) {
    this.analytics = analytics;
    this.metrics = metrics;
    this.alerts = alerts;
    this.calibration = new Calibration(analytics.site().timezone());
    this.clockAlerts = new ClockAlerts(analytics.site().id(), analytics.site().sensors().size(), maxClockAheadMs);
  }

  String id() {
    return analytics.site().id();
  }

  /** The zone-to-zone transitions of the last minutes before the watermark (1 to 60, 15 unless asked). */
  JsonObject recentFlows(JsonObject request) {
    long to = analytics.watermark();
    int minutes = Math.max(1, Math.min(60, request.getInteger("minutes", 15)));
    JsonArray cells = new JsonArray();
    if (to != Long.MIN_VALUE) {
      metrics.recentFlows(to - minutes * 60_000L, to + 1).forEach(f -> cells.add(new JsonObject()
          .put("from", f.from()).put("to", f.to()).put("transitions", f.transitions())));
    }
    return new JsonObject().put("watermark", to == Long.MIN_VALUE ? null : to).put("cells", cells);
  }

  void handedOver(List<ZoneMinute> rows) {
    sentSinceLastSnapshot.addAll(rows);
  }

  SnapshotStore.SiteSnapshot snapshot() {
    List<ZoneMinute> unconfirmed = new ArrayList<>(sentBeforeLastSnapshot);
    unconfirmed.addAll(sentSinceLastSnapshot);
    sentBeforeLastSnapshot = sentSinceLastSnapshot;
    sentSinceLastSnapshot = new ArrayList<>();
    long journalFrom = journal == null ? 0 : journal.rotate();
    return new SnapshotStore.SiteSnapshot(analytics.snapshot(), unconfirmed, alerts.snapshot(), journalFrom);
  }

  /**
   * On a worker, before the engine takes any batch of the site: its snapshot, if it has a usable one, then what
   * its journal holds since, so that nothing a sensor was told was taken is lost; then a grace for the sensors to
   * reconnect. A snapshot that cannot be used is logged and ignored.
   */
  void restore(SnapshotStore store, Path journalDir, EngineConfig config, long nowWallMs) throws IOException {
    Site site = analytics.site();
    metrics.listener().forgetState();
    SiteAnalytics restored = new SiteAnalytics(site, config.analytics(), metrics.listener());
    long journalFrom = 0;
    boolean resumed = false;
    try {
      Optional<SnapshotStore.SiteSnapshot> saved = store.load(site.id());
      if (saved.isPresent()) {
        restored = SiteAnalytics.restore(site, config.analytics(), metrics.listener(), saved.get().analytics());
        recoveredRows = saved.get().unconfirmed();
        restoreAlerts(saved.get().alerts());
        journalFrom = saved.get().journalFrom();
        resumed = true;
      }
    } catch (IOException | InvalidSnapshotException e) {
      LOG.warn("ignoring unusable snapshot, starting the site afresh [site: {}, reason: {}]", site.id(),
          e.getMessage());
    }
    List<BatchJournal.Entry> entries = BatchJournal.read(journalDir, site.id(), journalFrom);
    int failed = 0;
    for (BatchJournal.Entry entry : entries) {
      if (entry.batch() == null) {
        restored.tick(entry.tickWallMs());
      } else if (!restored.alreadyTaken(entry.batch())) {
        try {
          restored.accept(entry.batch());
        } catch (RuntimeException e) {
          failed++;
        }
      }
    }
    journal.resumeAfter(BatchJournal.lastGeneration(journalDir, site.id()));
    if (resumed || !entries.isEmpty()) {
      restored.resumed(nowWallMs);
      LOG.info("site resumed [site: {}, fromSnapshot: {}, journalEntries: {}, journalFailures: {}, devices: {}, "
              + "watermark: {}, rowsHandedOverAgain: {}]", site.id(), resumed, entries.size(), failed,
          restored.devices(), restored.watermark(), recoveredRows.size());
    }
    analytics = restored;
  }

  private void restoreAlerts(byte[] state) {
    if (state.length == 0) {
      return;
    }
    try {
      alerts.restore(state);
    } catch (IOException | RuntimeException e) {
      LOG.warn("ignoring unusable alert state, open alerts will be raised again [site: {}, reason: {}]",
          analytics.site().id(), e.toString());
    }
  }
}
