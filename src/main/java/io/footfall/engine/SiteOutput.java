package io.footfall.engine;

import io.footfall.alerts.AlertChange;
import io.footfall.analytics.DeviceEstimate;
import io.footfall.analytics.DeviceEstimates;
import io.footfall.analytics.RepeatVisits;
import io.footfall.analytics.VisitMetrics;
import io.footfall.analytics.ZoneMinute;
import io.footfall.analytics.ZoneMinutes;
import io.footfall.bus.Addresses;
import io.footfall.bus.SharedJson;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an engine hands on for its sites, on its event loop: the live frame of a site whose state changed (on
 * {@link Addresses#liveSite}), the rows of its finished minutes and hours to this node's writers
 * ({@link Addresses#STORE_ROLLUPS}, {@link Addresses#STORE_ESTIMATES}, {@link Addresses#STORE_METRICS},
 * {@link Addresses#STORE_REPEATS}; at stop the provisional rows of the open ones), and its alerts, to the live stream
 * and to {@link Addresses#STORE_ALERTS}.
 */
final class SiteOutput {

  private static final Logger LOG = LoggerFactory.getLogger(SiteOutput.class);

  private final Vertx vertx;
  private final EventBus bus;
  private final long liveIntervalMs;

  SiteOutput(Vertx vertx, long liveIntervalMs) {
    this.vertx = vertx;
    this.bus = vertx.eventBus();
    this.liveIntervalMs = liveIntervalMs;
  }

  /**
   * A batch was taken: if the live view changed (a device moved on arrival, the watermark moved), the site's zones go
   * out now, or {@code liveIntervalMs} after they last did, so that a busy site sends at most one zones frame per
   * interval and a quiet one without delay.
   */
  void taken(SiteState site) {
    if (site.liveTimer >= 0 || site.analytics.liveVersion() == site.liveVersion) {
      return;
    }
    long wait = site.liveAt + liveIntervalMs - System.currentTimeMillis();
    if (wait <= 0) {
      liveZones(site);
    } else {
      site.liveTimer = vertx.setTimer(wait, id -> {
        site.liveTimer = -1;
        if (!site.rebuilding) {
          liveZones(site);
        }
      });
    }
  }

  private void liveZones(SiteState site) {
    site.liveVersion = site.analytics.liveVersion();
    site.liveAt = System.currentTimeMillis();
    bus.publish(Addresses.liveSite(site.analytics.site().id()), LiveFrame.zones(site.analytics), SharedJson.DELIVERY);
  }

  /**
   * One publish interval of a site: its live frame if its state changed since the last, the rows that became final,
   * and the alerts raised or cleared at its watermark.
   *
   * @return the rollup rows handed over
   */
  List<ZoneMinute> publish(SiteState site) {
    if (site.analytics.version() != site.publishedVersion) {
      site.publishedVersion = site.analytics.version();
      site.liveVersion = site.analytics.liveVersion();
      site.liveAt = System.currentTimeMillis();
      int hour = site.calibration.hourAt(site.analytics.watermark());
      bus.publish(Addresses.liveSite(site.analytics.site().id()), LiveFrame.of(site.analytics, site.metrics,
          site.calibration.factor(hour), site.calibration.model(hour), System.currentTimeMillis()), SharedJson.DELIVERY);
    }
    List<ZoneMinute> rows = site.analytics.drainFinishedMinutes();
    rollups(site, rows);
    estimates(site.analytics.site().id(), site.analytics.drainEstimates());
    metrics(site.metrics.drainFinished());
    repeats(site.metrics.drainRepeats());
    alerts(site);
    return rows;
  }

  /**
   * At stop: the provisional rows of the site's open minutes and hours (the writers upsert, so the final rows of a
   * later run replace them).
   *
   * @return the rollup rows handed over
   */
  int flushOpen(SiteState site) {
    List<ZoneMinute> open = site.analytics.flushOpenMinutes();
    rollups(site, open);
    estimates(site.analytics.site().id(), site.analytics.drainEstimates());
    metrics(site.metrics.flushOpen());
    repeats(site.metrics.drainRepeats());
    return open.size();
  }

  /** Hands rollup rows to the writer, remembered by the site until two snapshots have passed. */
  void rollups(SiteState site, List<ZoneMinute> rows) {
    if (!rows.isEmpty()) {
      site.handedOver(rows);
      bus.send(Addresses.STORE_ROLLUPS, new ZoneMinutes(site.analytics.site().id(), rows));
    }
  }

  void alert(AlertChange change) {
    JsonObject json = change.toJson();
    LOG.info("alert {} [site: {}, kind: {}, subject: {}]", change.open() ? "raised" : "cleared", change.site(),
        change.kind(), change.subject());
    bus.publish(Addresses.liveSite(change.site()), json);
    bus.publish(Addresses.STORE_ALERTS, json);
  }

  /**
   * Alerts raised or cleared at the current watermark, of the site's alert rules and of its sensors' clocks
   * ({@link ClockAlerts}). Occupancy rules see the live view, like the dashboards: a crowd is not reported the
   * watermark's lag later than it is shown.
   */
  private void alerts(SiteState site) {
    long watermark = site.analytics.watermark();
    if (watermark == Long.MIN_VALUE) {
      return;
    }
    for (AlertChange change : site.alerts.evaluate(watermark, site.analytics.liveOccupancy(),
        site.analytics.lastBatches())) {
      alert(change);
    }
    site.clockAlerts.changes(site.analytics.sensorClocks(), watermark, System.currentTimeMillis())
        .forEach(this::alert);
  }

  private void estimates(String siteId, List<DeviceEstimate> rows) {
    if (!rows.isEmpty()) {
      bus.send(Addresses.STORE_ESTIMATES, new DeviceEstimates(siteId, rows));
    }
  }

  private void metrics(VisitMetrics metrics) {
    if (!metrics.isEmpty()) {
      bus.send(Addresses.STORE_METRICS, metrics);
    }
  }

  private void repeats(RepeatVisits.Rows repeats) {
    if (!repeats.rows().isEmpty()) {
      bus.send(Addresses.STORE_REPEATS, repeats);
    }
  }
}
