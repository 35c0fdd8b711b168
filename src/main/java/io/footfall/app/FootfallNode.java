package io.footfall.app;

import io.footfall.auth.DemoUsers;
import io.footfall.auth.User;
import io.footfall.auth.UsersFile;
import io.footfall.auth.WebAuth;
import io.footfall.engine.EngineVerticle;
import io.footfall.ingest.IngestCounters;
import io.footfall.ingest.IngestVerticle;
import io.footfall.live.WebVerticle;
import io.footfall.site.Site;
import io.footfall.site.SiteLoader;
import io.footfall.store.Database;
import io.footfall.store.RollupQueries;
import io.footfall.store.RollupWriterVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One footfall node: loads the sites, starts (or connects to) PostgreSQL, and deploys the verticles in the order
 * data flows backwards — rollup writer, engine, web, ingest — so that nothing is accepted before there is somewhere
 * to put it. {@link #stop()} undeploys in the opposite order so that the last minutes are flushed to PostgreSQL.
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
  private Database database;
  private IngestVerticle ingest;
  private WebVerticle web;

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
    return node.loadSites()
        .compose(v -> node.loadUsers())
        .compose(v -> node.startDatabase())
        .compose(v -> node.deployWriter())
        .compose(v -> node.deployEngine())
        .compose(v -> node.deployWeb())
        .compose(v -> node.deployIngest())
        .map(v -> node)
        .onSuccess(v -> LOG.info("footfall node started [sites: {}, http: {}, mqtt: {}]",
            node.sites.size(), node.httpPort(), node.mqttPort()))
        .recover(failure -> node.stop().transform(ignored -> Future.failedFuture(failure)));
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

  /** The users file (if set) plus, in demo mode, the demo users. */
  private Future<Void> loadUsers() {
    return vertx.executeBlocking(() -> {
      List<User> loaded = new ArrayList<>();
      if (!config.users().isBlank()) {
        loaded.addAll(UsersFile.load(Path.of(config.users())));
      }
      if (demo) {
        loaded.addAll(DemoUsers.forSite(sites.get(0)));
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

  /** Connects to the configured PostgreSQL, or starts the embedded one under the data directory, and migrates. */
  private Future<Void> startDatabase() {
    return Database.start(vertx, config.database(), Path.of(config.dataDir()))
        .map(db -> {
          database = db;
          return null;
        });
  }

  private Future<Void> deployWriter() {
    return deploy(new RollupWriterVerticle(config.database(), database.pool(), health));
  }

  private Future<Void> deployEngine() {
    return deploy(new EngineVerticle(sites, config.engine(), health));
  }

  private Future<Void> deployWeb() {
    RollupQueries queries = new RollupQueries(database.pool());
    web = new WebVerticle(config.http(), sites, health, queries::series, new WebAuth(users, Path.of(config.dataDir(), "sessions.json")));
    return deploy(web);
  }

  private Future<Void> deployIngest() {
    ingest = new IngestVerticle(config.mqtt(), sites, demo, health, ingestCounters);
    return deploy(ingest);
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
        .onComplete(v -> LOG.info("footfall node stopped"));
  }

  public List<Site> sites() {
    return sites;
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
