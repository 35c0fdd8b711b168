package io.footfall.engine;

import io.footfall.alerts.AlertChange;
import io.footfall.alerts.AlertRules;
import io.footfall.alerts.AlertsConfig;
import io.footfall.alerts.OccupancyBaseline;
import io.footfall.analytics.DeviceEstimate;
import io.footfall.analytics.DeviceEstimates;
import io.footfall.analytics.InvalidSnapshotException;
import io.footfall.analytics.MetricsSettings;
import io.footfall.analytics.RepeatVisits;
import io.footfall.analytics.SensorClock;
import io.footfall.analytics.SiteAnalytics;
import io.footfall.analytics.SiteMetrics;
import io.footfall.analytics.VisitMetrics;
import io.footfall.analytics.ZoneMinute;
import io.footfall.analytics.ZoneMinutes;
import io.footfall.bus.Addresses;
import io.footfall.bus.NodeHealth;
import io.footfall.bus.SharedJson;
import io.footfall.site.PeopleModel;
import io.footfall.site.Site;
import io.footfall.wire.SightingBatch;
import io.footfall.wire.WireEncoder;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 */
public final class EngineVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(EngineVerticle.class);
  /** How long a refused sighting from the future keeps its sensor's clock reported wrong. */
  static final long CLOCK_ALERT_MS = 300_000;
  /** How long after the last dead-lettered batch the engine reports itself not ready. */
  static final long NOT_READY_AFTER_FAILURE_MS = 600_000;
  private final EngineConfig config;
  private final EngineOptions options;
  private final SnapshotStore snapshots;
  private final Path snapshotDir;
  private final NodeHealth health;
  private final Map<String, SiteState> sites = new LinkedHashMap<>();
  private MessageConsumer<SightingBatch> consumer;
  private MessageConsumer<JsonObject> calibrationConsumer;
  private MessageConsumer<JsonObject> baselineConsumer;
  private long publishTimer = -1;
  private long snapshotTimer = -1;
  private Future<Void> saving = Future.succeededFuture();
  private final DeadLetters deadLetters;
  private WorkerExecutor journalWriter;
  private long unknownSiteBatches;
  private long failedBatches;
  private long lastFailureWallMs = Long.MIN_VALUE;
  private long journalFailures;

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
    this.health = health;
    this.options = options;
    this.snapshots = snapshotDir == null ? null : new SnapshotStore(snapshotDir);
    this.snapshotDir = snapshotDir;
    this.deadLetters = snapshotDir == null ? null : new DeadLetters(snapshotDir.resolveSibling("dead-letter"));
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
    health.report(options.healthComponent(), NodeHealth.State.STARTING, "starting");
    if (snapshots != null) {
      // journal writes are in order and never queue behind password hashing on the shared worker pool
      journalWriter = vertx.createSharedWorkerExecutor("footfall-journal", 1);
      sites.values().forEach(site -> site.journal = new BatchJournal(snapshotDir, site.analytics.site().id(),
          journalWriter));
    }
    return restoreSnapshots()
        .compose(v -> {
          consumer = vertx.eventBus().consumer(options.address(), this::onBatch);
          // a fit posted to another node's web server must reach the node running the site
          calibrationConsumer = vertx.eventBus().consumer(Addresses.CALIBRATION, this::onCalibration);
          // undeploying the verticle unregisters these with it
          sites.values().forEach(site -> vertx.eventBus().<JsonObject>consumer(
              Addresses.engineFlows(site.analytics.site().id()), message -> onRecentFlows(site, message)));
          baselineConsumer = vertx.eventBus().localConsumer(Addresses.ENGINE_BASELINE, this::onBaseline);
          return consumer.completion();
        })
        .compose(v -> calibrationConsumer.completion())
        .compose(v -> baselineConsumer.completion())
        .onSuccess(v -> {
          publishTimer = vertx.setPeriodic(config.publishIntervalMs(), id -> publish());
          if (snapshots != null) {
            snapshotTimer = vertx.setPeriodic(config.snapshotIntervalMs(), id -> snapshotAll());
          }
          reportHealth();
          vertx.eventBus().publish(Addresses.SITES_RUNNING,
              new JsonObject().put("sites", new JsonArray(List.copyOf(sites.keySet()))));
          LOG.info("engine started [sites: {}]", String.join(", ", sites.keySet()));
        });
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(publishTimer);
    vertx.cancelTimer(snapshotTimer);
    return consumer.unregister()
        .compose(v -> calibrationConsumer.unregister())
        .compose(v -> baselineConsumer.unregister())
        .compose(v -> saving.transform(previous -> snapshotAll()))
        .compose(v -> closeJournals())
        .map(v -> flushOpenMinutes())
        .onSuccess(rows -> LOG.info("engine stopped [provisional rows: {}]", rows));
  }

  /** Answers the control room's question for the flows of the last minutes before the watermark. */
  private void onRecentFlows(SiteState site, Message<JsonObject> message) {
    long to = site.analytics.watermark();
    int minutes = Math.max(1, Math.min(60, message.body().getInteger("minutes", 15)));
    JsonArray cells = new JsonArray();
    if (to != Long.MIN_VALUE) {
      site.metrics.recentFlows(to - minutes * 60_000L, to + 1).forEach(f -> cells.add(new JsonObject()
          .put("from", f.from()).put("to", f.to()).put("transitions", f.transitions())));
    }
    message.reply(new JsonObject().put("watermark", to == Long.MIN_VALUE ? null : to).put("cells", cells));
  }

  private void onBatch(Message<SightingBatch> message) {
    SightingBatch batch = message.body();
    SiteState site = sites.get(batch.site);
    if (site == null) {
      unknownSiteBatches++;
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
   * dead letter, counted, alerted, the site reported not ready, and the site rebuilt from its snapshot and journal
   * (which do not hold the batch), so that it carries on from a consistent state.
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
    if (site.journal == null) {
      return Future.succeededFuture(Addresses.EngineReply.TAKEN);
    }
    return site.journal.append(batch)
        .recover(failure -> {
          // the batch is in the analytics and in the next snapshot; only a crash before that could lose it
          if (journalFailures++ % 1000 == 0) {
            LOG.error("cannot journal batches [site: {}, failures: {}, reason: {}]", batch.site, journalFailures,
                failure.getMessage());
          }
          return Future.succeededFuture();
        })
        .map(Addresses.EngineReply.TAKEN);
  }

  private Future<String> deadLetter(SiteState site, SightingBatch batch, RuntimeException failure) {
    failedBatches++;
    site.analytics.forgetTaken(batch);
    lastFailureWallMs = System.currentTimeMillis();
    String siteId = batch.site;
    LOG.error("analytics failed on a batch, keeping it as a dead letter [site: {}, sensor: {}, seq: {}]", siteId,
        batch.sensor, batch.seq, failure);
    publishAlert(new AlertChange(siteId, AlertChange.BATCH_DEAD_LETTER, batch.sensor, site.analytics.watermark(),
        null, batch.size, 0));
    reportHealth();
    Future<Void> kept = deadLetters == null
        ? Future.succeededFuture()
        : vertx.<Void>executeBlocking(() -> {
          Path file = deadLetters.keep(batch, failure, lastFailureWallMs);
          LOG.info("dead letter kept [site: {}, file: {}]", siteId, file);
          return null;
        }).recover(e -> {
          LOG.error("cannot keep dead letter, its content follows [site: {}, reason: {}, batch: {}]", siteId,
              e.getMessage(), WireEncoder.batch(batch));
          return Future.succeededFuture();
        });
    return kept.compose(v -> rebuild(site)).map(Addresses.EngineReply.DEAD_LETTER);
  }

  /** Replaces a site's analytics, which a failure may have left half-changed, by its snapshot and journal. */
  private Future<Void> rebuild(SiteState site) {
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

  private void onCalibration(Message<JsonObject> message) {
    SiteState site = sites.get(message.body().getString("site"));
    JsonArray factors = message.body().getJsonArray("factors");
    if (site == null) {
      // on a cluster every engine hears every site's calibration
      LOG.debug("calibration of a site not run here [site: {}]", message.body().getString("site"));
      return;
    }
    if (factors == null || factors.size() != 24) {
      LOG.warn("ignoring calibration [site: {}, reason: not 24 factors]", message.body().getString("site"));
      return;
    }
    JsonArray backgrounds = message.body().getJsonArray("backgroundDevices");
    JsonArray exponents = message.body().getJsonArray("exponents");
    boolean modelled = backgrounds != null && backgrounds.size() == 24 && exponents != null && exponents.size() == 24;
    for (int h = 0; h < 24; h++) {
      site.factors[h] = factors.getDouble(h);
      site.models[h] = modelled ? new PeopleModel(backgrounds.getDouble(h), exponents.getDouble(h)) : PeopleModel.LINEAR;
    }
    site.publishedVersion = -1;
    LOG.info("calibration applied [site: {}]", site.analytics.site().id());
  }

  private void onBaseline(Message<JsonObject> message) {
    SiteState site = sites.get(message.body().getString("site"));
    if (site == null) {
      return;
    }
    OccupancyBaseline usual = OccupancyBaseline.fromJson(site.analytics.site(), message.body());
    site.alerts.baseline(usual);
    LOG.debug("occupancy baseline applied [site: {}, slots: {}]", site.analytics.site().id(), usual.size());
  }

  /** Resumes each site from its snapshot, if it has a usable one, and hands over its unconfirmed rows again. */
  private Future<Void> restoreSnapshots() {
    if (snapshots == null) {
      return Future.succeededFuture();
    }
    List<SiteState> states = List.copyOf(sites.values());
    return vertx.<Void>executeBlocking(() -> {
      for (SiteState site : states) {
        site.restore(snapshots, snapshotDir, config, System.currentTimeMillis());
      }
      return null;
    }).onSuccess(v -> states.forEach(site -> sendRollups(site, site.recoveredRows)));
  }

  /**
   * Serialises every site here, on the event loop, and writes the files on a worker; one round at a time. Each site's
   * journal starts a new generation at its snapshot, and the generations before are deleted once it is on disk.
   */
  private Future<Void> snapshotAll() {
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

  private Future<Void> closeJournals() {
    if (journalWriter == null) {
      return Future.succeededFuture();
    }
    return Future.all(sites.values().stream().map(site -> site.journal.close()).toList())
        .<Void>mapEmpty()
        .onComplete(done -> journalWriter.close());
  }

  private void publish() {
    long now = System.currentTimeMillis();
    for (SiteState site : sites.values()) {
      if (site.rebuilding) {
        continue;
      }
      if (site.analytics.tick(now) && site.journal != null) {
        site.journal.tick(now);
      }
    }
    reportHealth();
    for (SiteState site : sites.values()) {
      if (site.rebuilding) {
        continue;
      }
      if (site.analytics.version() != site.publishedVersion) {
        site.publishedVersion = site.analytics.version();
        int hour = site.hourAt(site.analytics.watermark());
        vertx.eventBus().publish(Addresses.liveSite(site.analytics.site().id()),
            LiveFrame.of(site.analytics, site.metrics, site.factors[hour], site.models[hour], System.currentTimeMillis()),
            SharedJson.DELIVERY);
      }
      List<ZoneMinute> rows = site.analytics.drainFinishedMinutes();
      sendRollups(site, rows);
      sendEstimates(site.analytics.site().id(), site.analytics.drainEstimates());
      sendMetrics(site.metrics.drainFinished());
      sendRepeats(site.metrics.drainRepeats());
      publishAlerts(site);
      options.published().accept(site.analytics, rows);
    }
  }

  /**
   * Alerts raised or cleared at the current watermark, of the site's alert rules and of its sensors' clocks
   * ({@link ClockAlerts}): on the site's live stream and to the alert store.
   */
  private void publishAlerts(SiteState site) {
    long watermark = site.analytics.watermark();
    if (watermark == Long.MIN_VALUE) {
      return;
    }
    for (AlertChange change : site.alerts.evaluate(watermark, site.analytics.occupancy(),
        site.analytics.lastBatches())) {
      publishAlert(change);
    }
    site.clockAlerts.changes(site.analytics.sensorClocks(), watermark, System.currentTimeMillis())
        .forEach(this::publishAlert);
  }

  private void publishAlert(AlertChange change) {
    JsonObject json = change.toJson();
    LOG.info("alert {} [site: {}, kind: {}, subject: {}]", change.open() ? "raised" : "cleared", change.site(),
        change.kind(), change.subject());
    vertx.eventBus().publish(Addresses.liveSite(change.site()), json);
    vertx.eventBus().publish(Addresses.STORE_ALERTS, json);
  }

  private int flushOpenMinutes() {
    int rows = 0;
    for (SiteState site : sites.values()) {
      List<ZoneMinute> open = site.analytics.flushOpenMinutes();
      sendRollups(site, open);
      sendEstimates(site.analytics.site().id(), site.analytics.drainEstimates());
      sendMetrics(site.metrics.flushOpen());
      sendRepeats(site.metrics.drainRepeats());
      rows += open.size();
    }
    health.report(options.healthComponent(), NodeHealth.State.DOWN, "stopped");
    return rows;
  }

  private void sendRollups(SiteState site, List<ZoneMinute> rows) {
    if (!rows.isEmpty()) {
      site.handedOver(rows);
      vertx.eventBus().send(Addresses.STORE_ROLLUPS, new ZoneMinutes(site.analytics.site().id(), rows));
    }
  }

  private void sendEstimates(String siteId, List<DeviceEstimate> rows) {
    if (!rows.isEmpty()) {
      vertx.eventBus().send(Addresses.STORE_ESTIMATES, new DeviceEstimates(siteId, rows));
    }
  }

  private void sendMetrics(VisitMetrics metrics) {
    if (!metrics.isEmpty()) {
      vertx.eventBus().send(Addresses.STORE_METRICS, metrics);
    }
  }

  private void sendRepeats(RepeatVisits.Rows repeats) {
    if (!repeats.rows().isEmpty()) {
      vertx.eventBus().send(Addresses.STORE_REPEATS, repeats);
    }
  }

  /**
   * UP; DEGRADED while a sensor's clock is wrong; DOWN (not ready) for {@link #NOT_READY_AFTER_FAILURE_MS} after the
   * analytics failed on a batch, so that an operator looks at the dead letters.
   */
  private void reportHealth() {
    long devices = 0;
    long now = System.currentTimeMillis();
    List<String> wrongClocks = new ArrayList<>();
    for (SiteState site : sites.values()) {
      devices += site.analytics.devices();
      for (SensorClock clock : site.analytics.sensorClocks()) {
        if (clock.wrongAt(now, CLOCK_ALERT_MS)) {
          wrongClocks.add(site.analytics.site().id() + "/" + clock.sensor() + " (" + clock.leadMs() / 1000 + " s ahead, "
              + clock.refusedAhead() + " refused)");
        }
      }
    }
    boolean failedLately = lastFailureWallMs != Long.MIN_VALUE && now - lastFailureWallMs < NOT_READY_AFTER_FAILURE_MS;
    String detail = sites.size() + (sites.size() == 1 ? " site, " : " sites, ") + devices + " devices"
        + (unknownSiteBatches > 0 ? ", " + unknownSiteBatches + " batches of unknown sites" : "")
        + (failedBatches > 0 ? ", " + failedBatches + " batches the analytics failed on, kept as dead letters" : "")
        + (wrongClocks.isEmpty() ? "" : ", clock wrong: " + String.join(", ", wrongClocks));
    NodeHealth.State state = failedLately ? NodeHealth.State.DOWN
        : wrongClocks.isEmpty() ? NodeHealth.State.UP : NodeHealth.State.DEGRADED;
    health.report(options.healthComponent(), state, detail);
  }

  /** A site's analytics, its visitor metrics, its alert rules and the version of its state last published. */
  private static final class SiteState {
    SiteAnalytics analytics;
    final SiteMetrics metrics;
    final AlertRules alerts;
    final ZoneId timezone;
    /** People per device for each local hour of day, and the model of devices each applies to. */
    final double[] factors = new double[24];
    final PeopleModel[] models = new PeopleModel[24];
    /** Event time each sensor's open clock alert was raised at, or {@link Long#MIN_VALUE}. */
    final ClockAlerts clockAlerts;
    long publishedVersion;
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
      this.timezone = ZoneId.of(analytics.site().timezone());
      Arrays.fill(factors, 1.0);
      Arrays.fill(models, PeopleModel.LINEAR);
      this.clockAlerts = new ClockAlerts(analytics.site().id(), analytics.site().sensors().size(), maxClockAheadMs);
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

    int hourAt(long eventTime) {
      long at = eventTime == Long.MIN_VALUE ? 0 : eventTime;
      return Instant.ofEpochMilli(at).atZone(timezone).getHour();
    }
  }
}
