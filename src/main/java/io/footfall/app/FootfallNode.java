package io.footfall.app;

import io.footfall.auth.Audit;
import io.footfall.auth.DemoUsers;
import io.footfall.auth.User;
import io.footfall.auth.UsersFile;
import io.footfall.auth.WebAuth;
import io.footfall.broker.BrokerBridgeVerticle;
import io.footfall.bus.Codecs;
import io.footfall.bus.NodeHealth;
import io.footfall.cluster.ClusterRoutes;
import io.footfall.cluster.SightingBatchCodec;
import io.footfall.cluster.SightingForwarder;
import io.footfall.cluster.SiteOwnership;
import io.footfall.engine.EngineOptions;
import io.footfall.engine.EngineVerticle;
import io.footfall.fault.InvalidConfigException;
import io.footfall.ingest.BatchIntake;
import io.footfall.ingest.IngestCounters;
import io.footfall.ingest.IngestVerticle;
import io.footfall.live.DecisionRoutes;
import io.footfall.live.EstimateRoutes;
import io.footfall.live.RepeatRoutes;
import io.footfall.live.WebVerticle;
import io.footfall.meraki.MerakiRoutes;
import io.footfall.metrics.NodeMetrics;
import io.footfall.notify.NotifyCounters;
import io.footfall.notify.NotifyVerticle;
import io.footfall.privacy.OptOutVerticle;
import io.footfall.site.Site;
import io.footfall.site.SiteLoader;
import io.footfall.store.AlertStoreVerticle;
import io.footfall.store.BaselineVerticle;
import io.footfall.store.Database;
import io.footfall.store.DatabaseProbeVerticle;
import io.footfall.store.DecisionQueries;
import io.footfall.store.EstimateStore;
import io.footfall.store.EstimateWriterVerticle;
import io.footfall.store.MetricsQueries;
import io.footfall.store.MetricsWriterVerticle;
import io.footfall.store.RepeatStore;
import io.footfall.store.RepeatStoreVerticle;
import io.footfall.store.RetentionVerticle;
import io.footfall.store.RollupQueries;
import io.footfall.store.RollupWriterVerticle;
import io.footfall.store.SiteEpochs;
import io.footfall.store.WriteQueue;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One footfall node: loads the sites, starts (or connects to) PostgreSQL, and deploys the verticles in the order
 * data flows backwards — rollup writers, engine, web (with metrics and the Meraki receiver), ingest, broker
 * subscriber — so that nothing is accepted before there is somewhere to put it. On a clustered Vert.x
 * (cluster.enabled) the engine step deploys the cluster's forwarder and site ownership instead of one engine for
 * all sites. {@link #stop()} undeploys in the opposite order so that the last minutes are flushed to PostgreSQL.
 */
public final class FootfallNode {

  private static final Logger LOG = LoggerFactory.getLogger(FootfallNode.class);

  private final FootfallConfig config;
  private final boolean demo;
  private final NodeHealth health = new NodeHealth();
  private final IngestCounters ingestCounters = new IngestCounters();
  private final List<String> deployments = new ArrayList<>();
  private final Vertx vertx;
  private List<Site> sites;
  private List<User> users;
  private List<User> demoUsers = List.of();
  private Database database;
  private IngestVerticle ingest;
  private WebVerticle web;
  private SiteOwnership ownership;
  private SightingForwarder forwarder;
  /** The statistics of every database writer, for the metrics. */
  private final List<Supplier<WriteQueue.Stats>> writers = new CopyOnWriteArrayList<>();
  private NodeMetrics metrics;
  private NotifyCounters notifyCounters;
  /** The fencing epoch of each site's rows on this node, set by the site ownership on a cluster node. */
  private SiteEpochs epochs;

  private FootfallNode(Vertx vertx, FootfallConfig config, boolean demo) {
    this.vertx = vertx;
    this.config = config;
    this.demo = demo;
  }

  /**
   * Starts a node.
   *
   * @param demo whether this is {@code footfall demo}: demo sensors may connect with the demo password
   */
  public static Future<FootfallNode> start(Vertx vertx, FootfallConfig config, boolean demo) {
    FootfallNode node = new FootfallNode(vertx, config, demo);
    Codecs.register(vertx);
    return node.checkPorts()
        .compose(v -> node.loadSites())
        .compose(v -> node.loadUsers())
        .compose(v -> node.startDatabase())
        .compose(v -> node.deployWriter())
        .compose(v -> node.deployEstimateWriter())
        .compose(v -> node.deployRetention())
        .compose(v -> node.deployNotify())
        .compose(v -> node.deployOptOut())
        .compose(v -> node.deployEngine())
        .compose(v -> node.deployBaseline())
        .compose(v -> node.deployWeb())
        .compose(v -> node.deployIngest())
        .compose(v -> node.deployBroker())
        .map(v -> node)
        .onSuccess(v -> LOG.info("footfall node started [sites: {}, http: {}, mqtt: {}]",
            node.sites.size(), node.httpPort(), node.mqttPort()))
        .recover(failure -> node.stop().transform(ignored -> Future.failedFuture(failure)));
  }

  private Future<Void> checkPorts() {
    return vertx.executeBlocking(() -> {
      PortCheck.requireFree("HTTP", config.http().host(), config.http().port(), "http.port",
          demo ? "--http-port" : null);
      PortCheck.requireFree("MQTT", config.mqtt().host(), config.mqtt().port(), "mqtt.port",
          demo ? "--mqtt-port" : null);
      return null;
    });
  }

  private Future<Void> loadSites() {
    return vertx.executeBlocking(() -> {
      List<Site> loaded = new ArrayList<>();
      if (demo) {
        loaded.add(SiteLoader.loadResource("sites/demo-mall.yaml"));
      }
      config.sites().forEach(file -> loaded.add(SiteLoader.load(Path.of(file))));
      if (loaded.isEmpty()) {
        throw new InvalidConfigException("sites: no site files given");
      }
      return loaded;
    }).map(loaded -> {
      sites = List.copyOf(loaded);
      return null;
    });
  }

  /** The users file (if set) plus, in demo mode, the demo users; and the audit trail of their logins. */
  private Future<Void> loadUsers() {
    return vertx.executeBlocking(() -> {
      Audit.writeTo(auditLog());
      List<User> loaded = new ArrayList<>();
      if (!config.users().isBlank()) {
        loaded.addAll(UsersFile.load(Path.of(config.users())));
      }
      if (demo) {
        demoUsers = DemoUsers.forSite(sites.get(0));
        loaded.addAll(demoUsers);
      }
      if (loaded.isEmpty()) {
        LOG.warn("no users: nobody can log in [hint: footfall user add --file USERS --name NAME --role admin]");
      }
      return loaded;
    }).map(loaded -> {
      users = List.copyOf(loaded);
      return null;
    });
  }

  /**
   * Connects to the configured PostgreSQL, or starts the embedded one under the data directory, migrates, and
   * starts watching that it answers.
   */
  private Future<Void> startDatabase() {
    return Database.start(vertx, config.database(), Path.of(config.dataDir()))
        .compose(db -> {
          database = db;
          return deploy(new DatabaseProbeVerticle(config.database(), db.probePool(), health));
        });
  }

  private Future<Void> deployWriter() {
    epochs = vertx.isClustered() ? SiteEpochs.cluster() : SiteEpochs.single();
    RollupWriterVerticle rollups = new RollupWriterVerticle(config.database(), database.pool(), health, spoolDir(),
        epochs);
    MetricsWriterVerticle metricsWriter = new MetricsWriterVerticle(config.database(), database.pool(), health,
        spoolDir(), epochs);
    writers.add(rollups::stats);
    writers.add(metricsWriter::stats);
    return deploy(rollups).compose(v -> deploy(metricsWriter));
  }

  /** Where the database writers keep rows on disk while PostgreSQL is unreachable. */
  private Path spoolDir() {
    return Path.of(config.dataDir()).resolve("spool");
  }

  private Future<Void> deployRetention() {
    RepeatStoreVerticle repeats = new RepeatStoreVerticle(new RepeatStore(database.pool()), config.repeat(),
        config.database(), health, spoolDir(), epochs);
    writers.add(repeats::stats);
    return deploy(new RetentionVerticle(config.database(), database.pool())).compose(v -> deploy(repeats));
  }

  /** The opt-out list, before any source can hand over a sighting. */
  private Future<Void> deployOptOut() {
    String file = config.privacy().optOutFile();
    return file.isEmpty() ? Future.succeededFuture() : deploy(new OptOutVerticle(Path.of(file)));
  }

  private Future<Void> deployEstimateWriter() {
    EstimateWriterVerticle estimates = new EstimateWriterVerticle(new EstimateStore(database.pool()), config.database(),
        health, spoolDir(), epochs);
    writers.add(estimates::stats);
    return deploy(estimates);
  }

  /** Webhooks and MQTT for alerts, before the engine that raises them; nothing when no receiver is configured. */
  private Future<Void> deployNotify() {
    if (config.notifications().idle()) {
      return Future.succeededFuture();
    }
    notifyCounters = new NotifyCounters(config.notifications());
    return deploy(new NotifyVerticle(config.notifications(), config.broker(), notifyCounters));
  }

  /**
   * A single node runs every site's engine; a cluster node forwards batches to wherever each site runs and runs
   * the sites it owns (see {@link SiteOwnership}).
   */
  private Future<Void> deployEngine() {
    AlertStoreVerticle alerts = new AlertStoreVerticle(config.database(), database.pool(), health, spoolDir(),
        epochs);
    writers.add(alerts::stats);
    Future<Void> alertStore = deploy(alerts);
    if (!vertx.isClustered()) {
      return alertStore.compose(v -> deploy(new EngineVerticle(sites, config.engine(), config.metrics(),
          config.alerts(), health, EngineOptions.single(), Path.of(config.dataDir()).resolve("snapshots"))));
    }
    vertx.eventBus().unregisterCodec(SightingBatchCodec.NAME);
    vertx.eventBus().registerCodec(new SightingBatchCodec());
    ownership = new SiteOwnership(sites, config.cluster(), config.engine(), config.metrics(), config.alerts(), health,
        epochs);
    return alertStore.compose(v -> deploy(forwarder = new SightingForwarder(config.cluster()))).compose(v -> deploy(ownership));
  }

  /** After the engine, so that the first baseline finds its consumer; a cluster node's covers the sites it owns. */
  private Future<Void> deployBaseline() {
    return deploy(ownership == null ? new BaselineVerticle(sites, database.pool(), config.alerts())
        : new BaselineVerticle(sites, database.pool(), config.alerts(), ownership::runs));
  }

  private Future<Void> deployWeb() {
    RollupQueries queries = new RollupQueries(database.pool());
    EstimateRoutes estimates = new EstimateRoutes(sites, new EstimateStore(database.pool()));
    WebAuth auth = new WebAuth(users, Path.of(config.dataDir(), "sessions.json"));
    if (!config.users().isBlank()) {
      auth.watchUsers(Path.of(config.users()), demoUsers);
    }
    web = new WebVerticle(config.http(), sites, health, queries::series, auth, new MetricsQueries(database.pool()),
        config.metrics().kAnonymity()).withRoutes(estimates::mount)
        .withSensorCounters(ingestCounters::sensorJson);
    web.withRoutes(new RepeatRoutes(sites, new RepeatStore(database.pool()), config.repeat(),
        config.metrics().kAnonymity())::mount);
    web.withRoutes(new DecisionRoutes(sites, new DecisionQueries(database.pool()), config.repeat().windowDays(),
        config.metrics().kAnonymity())::mount);
    if (ownership != null) {
      web.withRoutes(new ClusterRoutes(ownership));
    }
    return startMetrics()
        .compose(v -> merakiRoutes())
        .compose(meraki -> {
          if (meraki != null) {
            web.withRoutes(meraki::mount);
          }
          return deploy(web);
        })
        .compose(v -> estimates.followRunningSites(vertx))
        .compose(v -> estimates.loadCalibrations(vertx));
  }

  /** Binding the JVM meters loads many classes, so the registry is built off the event loop. */
  private Future<Void> startMetrics() {
    return vertx.executeBlocking(() -> new NodeMetrics(sites, ingestCounters, web::liveStats,
        () -> WriteQueue.Stats.sum(writers.stream().map(Supplier::get).toList())))
        .map(built -> {
          metrics = built.follow(vertx);
          if (notifyCounters != null) {
            metrics.notifications(notifyCounters);
          }
          web.withRoutes(router -> built.mount(router, config.http().metricsToken()));
          return null;
        });
  }

  /** The Meraki receiver, whose key files are read off the event loop; null when it is disabled. */
  private Future<MerakiRoutes> merakiRoutes() {
    if (!config.meraki().enabled()) {
      return Future.succeededFuture();
    }
    BatchIntake intake = new BatchIntake(vertx, ingestCounters, "meraki", engineTimeoutMs());
    return vertx.executeBlocking(() -> new MerakiRoutes(vertx, config.meraki(), sites, intake,
        config.repeat().keyRotationDays()));
  }

  private Future<Void> deployIngest() {
    if (config.broker().exclusive()) {
      return Future.succeededFuture();
    }
    ingest = new IngestVerticle(config.mqtt(), sites, demo, health, ingestCounters, engineTimeoutMs());
    return deploy(ingest);
  }

  private Future<Void> deployBroker() {
    if (!config.broker().enabled()) {
      return Future.succeededFuture();
    }
    return deploy(new BrokerBridgeVerticle(config.broker(), config.mqtt(), sites, health, ingestCounters,
        engineTimeoutMs()));
  }

  /** How long a source waits for a batch to be taken: on a cluster node, through a takeover of its site. */
  private long engineTimeoutMs() {
    return vertx.isClustered() ? SightingForwarder.ingestTimeoutMs(config.cluster()) : BatchIntake.ENGINE_TIMEOUT_MS;
  }

  private Future<Void> deploy(io.vertx.core.Deployable verticle) {
    return vertx.deployVerticle(verticle).map(id -> {
      deployments.add(id);
      return null;
    });
  }

  /** Undeploys ingest first and the writer last, so every accepted sighting reaches PostgreSQL. */
  public Future<Void> stop() {
    Future<Void> chain = Future.succeededFuture();
    for (int i = deployments.size() - 1; i >= 0; i--) {
      String id = deployments.get(i);
      chain = chain.compose(v -> vertx.undeploy(id)
          .recover(e -> {
            LOG.warn("undeploy failed [deployment: {}, reason: {}]", id, e.getMessage());
            return Future.succeededFuture();
          }));
    }
    return chain
        .compose(v -> database == null ? Future.<Void>succeededFuture() : database.close())
        .onComplete(v -> {
          if (metrics != null) {
            metrics.close();
          }
        })
        .onComplete(v -> Audit.stopWritingTo(auditLog()))
        .onComplete(v -> LOG.info("footfall node stopped"));
  }

  private Path auditLog() {
    return Path.of(config.dataDir(), "audit.log");
  }

  public List<Site> sites() {
    return sites;
  }

  /** The cluster side of this node, or null on a single node. */
  public SiteOwnership ownership() {
    return ownership;
  }

  /** This cluster node's forwarder of batches to the sites' owners; null on a single node. */
  public SightingForwarder forwarder() {
    return forwarder;
  }

  public NodeHealth health() {
    return health;
  }

  public IngestCounters ingestCounters() {
    return ingestCounters;
  }

  public int httpPort() {
    return web == null ? -1 : web.actualPort();
  }

  public int mqttPort() {
    return ingest == null ? -1 : ingest.actualPort();
  }
}
