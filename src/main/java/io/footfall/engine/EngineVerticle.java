package io.footfall.engine;

import io.footfall.alerts.AlertChange;
import io.footfall.alerts.AlertRules;
import io.footfall.alerts.AlertsConfig;
import io.footfall.alerts.OccupancyBaseline;
import io.footfall.analytics.DeviceEstimates;
import io.footfall.analytics.MetricsSettings;
import io.footfall.analytics.RepeatVisits;
import io.footfall.analytics.SiteAnalytics;
import io.footfall.analytics.SiteMetrics;
import io.footfall.analytics.VisitMetrics;
import io.footfall.analytics.ZoneMinute;
import io.footfall.analytics.ZoneMinutes;
import io.footfall.bus.Addresses;
import io.footfall.bus.NodeHealth;
import io.footfall.site.Site;
import io.footfall.wire.SightingBatch;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The site engine: one {@link SiteAnalytics} per site, on this verticle's event loop.
 *
 * <p>Consumes {@link Addresses#ENGINE_SIGHTINGS} (or, on a cluster node, one site's {@link Addresses#engineSite}
 * as set by its {@link EngineOptions}): a {@link SightingBatch} (local codec, registered by
 * {@link io.footfall.bus.Codecs}, or {@link io.footfall.cluster.SightingBatchCodec} from another node) routed by its
 * site; a request is answered with an empty reply once the batch is
 * taken, which is when the ingest acknowledges it to the sensor. Batches of unknown sites are counted, dropped and
 * answered too, since sending them again would not help.
 *
 * <p>Produces, every {@code publishIntervalMs} of wall time: the live occupancy of each site whose state changed,
 * published on {@link Addresses#liveSite} as JSON in the format documented there; and the rows of minutes that
 * became final, sent to {@link Addresses#STORE_ROLLUPS} as {@link ZoneMinutes}; and the visitor and flow
 * metrics ({@link SiteMetrics}) of minutes and hours that became final, sent to {@link Addresses#STORE_METRICS} as
 * {@link VisitMetrics}. On undeploy it sends the provisional rows of the open minutes and hours too (the writers
 * upsert, so the final rows of a later run replace them).
 * It reports its state as the {@code engine} component of {@link NodeHealth} (the options' component name on a
 * cluster node), and calls the options' {@code published} hook after each interval and its alerts (cluster state
 * replication).
 *
 * <p>Also sends the device estimates (random MACs linked into devices) to {@link Addresses#STORE_ESTIMATES} as
 * {@link DeviceEstimates}, the repeat-visit triples of counted visitors to {@link Addresses#STORE_REPEATS} as
 * {@link RepeatVisits.Rows}, and consumes {@link Addresses#CALIBRATION} to turn estimated devices into estimated
 * people in the live state (factor 1.0 until a site is calibrated).
 *
 * <p>With a snapshot directory, every {@code snapshotIntervalMs} of wall time and at stop it writes each site's state
 * ({@link SiteAnalytics#snapshot()}) and its alert rules' state with the rollup rows it handed over since the snapshot before last to
 * {@code <dir>/<site>.bin} off the event loop; at start it resumes each site from its snapshot and hands those rows
 * over again, so a crash loses neither the present devices nor a finished minute. Visitor metrics and random-MAC
 * chains are not part of the snapshot: they restart empty after a crash.
 *
 * <p>Answers {@link Addresses#engineFlows} requests with the zone-to-zone transitions of the last minutes.
 *
 * <p>Each publish interval it also evaluates the site's {@link AlertRules} at the watermark and publishes every alert
 * raised or cleared on {@link Addresses#liveSite} and {@link Addresses#STORE_ALERTS} (JSON of
 * {@link AlertChange#toJson()}). It consumes {@link Addresses#ENGINE_BASELINE} (local) for the usual occupancy the
 * unusual-occupancy alerts are judged against (asking for the latest with {@link Addresses#SITES_RUNNING}
 * once started); until the first one arrives no occupancy is unusual.
 *
 * <p>The verticle only wires these together: each site's state is a {@link SiteState}; {@link SiteDurability}
 * keeps the journals, snapshots, restores, rebuilds and dead letters, {@link SiteOutput} hands live frames, rows and
 * alerts on, {@link EngineHealth} reports, and each site's {@link Calibration} turns devices into people.
 */
public final class EngineVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(EngineVerticle.class);
  private final EngineConfig config;
  private final EngineOptions options;
  private final Path snapshotDir;
  private final EngineHealth health;
  private final Map<String, SiteState> sites = new LinkedHashMap<>();
  private SiteDurability durability;
  private SiteOutput output;
  private MessageConsumer<SightingBatch> consumer;
  private MessageConsumer<JsonObject> calibrationConsumer;
  private MessageConsumer<JsonObject> baselineConsumer;
  private long publishTimer = -1;
  private long snapshotTimer = -1;

  /** An engine that keeps no snapshots: a restart begins every site afresh. */
  public EngineVerticle(List<Site> sites, EngineConfig config, NodeHealth health) {
    this(sites, config, health, null);
  }

  /** @param snapshotDir where site snapshots are kept ({@code <dataDir>/snapshots}), or null for none */
  public EngineVerticle(List<Site> sites, EngineConfig config, NodeHealth health, Path snapshotDir) {
    this(sites, config, MetricsSettings.defaults(), AlertsConfig.defaults(), health, EngineOptions.single(), snapshotDir);
  }

  /**
   * @param alerts      thresholds of the capacity and sensor-silence alerts
   * @param options     where batches come from (a cluster node runs one engine per owned site)
   * @param snapshotDir where site snapshots are kept on a single node, or null for none
   */
  public EngineVerticle(List<Site> sites, EngineConfig config, MetricsSettings metrics, AlertsConfig alerts,
                        NodeHealth health, EngineOptions options, Path snapshotDir) {
    this.config = config;
    this.health = new EngineHealth(health, options.healthComponent());
    this.options = options;
    this.snapshotDir = snapshotDir;
    for (Site site : sites) {
      SiteMetrics siteMetrics = new SiteMetrics(site, metrics);
      SiteAnalytics analytics = options.analytics().create(site, config.analytics(), siteMetrics.listener());
      if (this.sites.put(site.id(), new SiteState(analytics, siteMetrics,
          options.alertRules().create(site, alerts), config.analytics().maxClockAheadMs())) != null) {
        throw new IllegalArgumentException("site " + site.id() + " given twice");
      }
    }
  }

  @Override
  public Future<?> start() {
    health.starting();
    durability = new SiteDurability(vertx, sites, config, snapshotDir);
    output = new SiteOutput(vertx, config.liveIntervalMs());
    return durability.restore()
        .compose(v -> listen())
        .onSuccess(v -> run());
  }

  /**
   * Hands the rows the restored sites may not have had stored over again, then takes batches, calibrations,
   * baselines and the control room's questions for recent flows.
   */
  private Future<Void> listen() {
    sites.values().forEach(site -> output.rollups(site, site.recoveredRows));
    consumer = vertx.eventBus().consumer(options.address(), this::onBatch);
    // a fit posted to another node's web server must reach the node running the site
    calibrationConsumer = vertx.eventBus().consumer(Addresses.CALIBRATION, this::onCalibration);
    // undeploying the verticle unregisters these with it
    sites.values().forEach(site -> vertx.eventBus().<JsonObject>consumer(Addresses.engineFlows(site.id()),
        message -> message.reply(site.recentFlows(message.body()))));
    baselineConsumer = vertx.eventBus().localConsumer(Addresses.ENGINE_BASELINE, this::onBaseline);
    return Future.all(consumer.completion(), calibrationConsumer.completion(), baselineConsumer.completion())
        .mapEmpty();
  }

  /** Starts the publish and snapshot timers and tells the node's other components which sites run here. */
  private void run() {
    publishTimer = vertx.setPeriodic(config.publishIntervalMs(), id -> publish());
    if (durability.keepsSnapshots()) {
      snapshotTimer = vertx.setPeriodic(config.snapshotIntervalMs(), id -> durability.snapshotAll());
    }
    health.report(sites.values());
    vertx.eventBus().publish(Addresses.SITES_RUNNING,
        new JsonObject().put("sites", new JsonArray(List.copyOf(sites.keySet()))));
    LOG.info("engine started [sites: {}]", String.join(", ", sites.keySet()));
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(publishTimer);
    vertx.cancelTimer(snapshotTimer);
    return consumer.unregister()
        .compose(v -> calibrationConsumer.unregister())
        .compose(v -> baselineConsumer.unregister())
        .compose(v -> durability.close())
        .map(v -> flushOpenMinutes())
        .onSuccess(rows -> LOG.info("engine stopped [provisional rows: {}]", rows));
  }

  private void onBatch(Message<SightingBatch> message) {
    SightingBatch batch = message.body();
    SiteState site = sites.get(batch.site);
    if (site == null) {
      health.unknownSite();
      LOG.debug("dropping batch [site: {}, sensor: {}, reason: unknown site]", batch.site, batch.sensor);
      reply(message, Addresses.EngineReply.TAKEN);
    } else if (site.rebuilding) {
      // not taken: the sensor sends it again, and it is recognised if the rebuilt state already had it
      message.fail(503, "site " + batch.site + " is being rebuilt after a failure");
    } else {
      accept(site, batch).onComplete(outcome -> {
        if (outcome.failed()) {
          LOG.error("cannot settle a batch [site: {}, sensor: {}, seq: {}]", batch.site, batch.sensor, batch.seq,
              outcome.cause());
        }
        reply(message, outcome.succeeded() ? outcome.result() : Addresses.EngineReply.DEAD_LETTER);
      });
    }
  }

  private static void reply(Message<SightingBatch> message, String outcome) {
    if (message.replyAddress() != null) {
      message.reply(outcome);
    }
  }

  /**
   * Hands a batch to the site's analytics and journals it. A fault in the analytics is a bug: the batch is kept as a
   * dead letter (or logged, see {@link SiteDurability#keepDeadLetter}), counted, alerted, the site reported not ready,
   * and the site rebuilt from its snapshot and journal if it keeps them (which do not hold the batch), so that it
   * carries on from a consistent state.
   *
   * @return {@link Addresses.EngineReply#TAKEN} once journaled, {@code DUPLICATE}, or {@code DEAD_LETTER}
   */
  private Future<String> accept(SiteState site, SightingBatch batch) {
    try {
      if (site.analytics.alreadyTaken(batch)) {
        return Future.succeededFuture(Addresses.EngineReply.DUPLICATE);
      }
      if (!site.analytics.accept(batch)) {
        LOG.debug("dropping batch [site: {}, sensor: {}, reason: unresolved sensor]", batch.site, batch.sensor);
      }
    } catch (RuntimeException e) {
      return deadLetter(site, batch, e);
    }
    output.taken(site);
    return durability.journal(site, batch).map(Addresses.EngineReply.TAKEN);
  }

  private Future<String> deadLetter(SiteState site, SightingBatch batch, RuntimeException failure) {
    long failedAt = health.failed();
    site.analytics.forgetTaken(batch);
    LOG.error("analytics failed on a batch [site: {}, sensor: {}, seq: {}]", batch.site, batch.sensor, batch.seq,
        failure);
    output.alert(new AlertChange(batch.site, AlertChange.BATCH_DEAD_LETTER, batch.sensor, site.analytics.watermark(),
        null, batch.size, 0));
    health.report(sites.values());
    return durability.keepDeadLetter(batch, failure, failedAt)
        .compose(where -> {
          health.deadLetter(where);
          health.report(sites.values());
          return durability.rebuild(site);
        })
        .map(Addresses.EngineReply.DEAD_LETTER);
  }

  private void onCalibration(Message<JsonObject> message) {
    String siteId = message.body().getString("site");
    SiteState site = sites.get(siteId);
    if (site == null) {
      // on a cluster every engine hears every site's calibration
      LOG.debug("calibration of a site not run here [site: {}]", siteId);
    } else if (site.calibration.apply(message.body())) {
      site.publishedVersion = -1;
      LOG.info("calibration applied [site: {}]", siteId);
    } else {
      LOG.warn("ignoring calibration [site: {}, reason: not 24 factors]", siteId);
    }
  }

  private void onBaseline(Message<JsonObject> message) {
    SiteState site = sites.get(message.body().getString("site"));
    if (site == null) {
      return;
    }
    OccupancyBaseline usual = OccupancyBaseline.fromJson(site.analytics.site(), message.body());
    site.alerts.baseline(usual);
    LOG.debug("occupancy baseline applied [site: {}, slots: {}]", site.id(), usual.size());
  }

  private void publish() {
    long now = System.currentTimeMillis();
    for (SiteState site : sites.values()) {
      if (!site.rebuilding && site.analytics.tick(now) && site.journal != null) {
        site.journal.tick(now);
      }
    }
    health.report(sites.values());
    for (SiteState site : sites.values()) {
      if (!site.rebuilding) {
        List<ZoneMinute> rows = output.publish(site);
        options.published().accept(site.analytics, rows);
      }
    }
  }

  private int flushOpenMinutes() {
    int rows = 0;
    for (SiteState site : sites.values()) {
      rows += output.flushOpen(site);
    }
    health.stopped();
    return rows;
  }
}
