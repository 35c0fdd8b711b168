package io.footfall.store;

import io.footfall.bus.Codecs;
import io.footfall.bus.NodeHealth;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The shared setup of the writer tests: one embedded PostgreSQL with footfall's schema per test class (which tests
 * may stop and start), a fresh site id and health per test so tests never see each other's rows, and the writers a test
 * deployed, undeployed after it. Register it as a static {@code @RegisterExtension} field and call {@link #start}
 * in {@code @BeforeAll} with the test's Vert.x (VertxExtension's, which only a test method can be given); the
 * extension does the rest around every test and stops PostgreSQL after the class.
 */
final class WriterFixture implements BeforeEachCallback, AfterEachCallback, AfterAllCallback {

  /** The health the test's writers report to; new for each test. */
  NodeHealth health = new NodeHealth();
  private Vertx vertx;
  private MigratedDatabase database;
  private final List<String> deployments = new ArrayList<>();
  private String site;
  private int siteCounter;

  /** Starts PostgreSQL with footfall's schema under {@code dataDir}, for the writers deployed on {@code vertx}. */
  void start(Vertx vertx, Path dataDir) {
    Codecs.register(vertx);
    this.vertx = vertx;
    this.database = MigratedDatabase.start(vertx, dataDir);
  }

  Pool pool() {
    return database.pool();
  }

  /** Where the test's PostgreSQL listens, for a client of its own. */
  PgConnectOptions connectOptions() {
    return database.connectOptions();
  }

  /** The site id of the running test. */
  String site() {
    return site;
  }

  @Override
  public void beforeEach(ExtensionContext test) {
    site = test.getRequiredTestMethod().getName() + "-" + siteCounter++;
    health = new NodeHealth();
  }

  /** Deploys a verticle until the end of the test (or until {@link #undeployAll}); blocks. */
  <V extends Deployable> V deploy(V verticle) {
    deployments.add(vertx.deployVerticle(verticle).await());
    return verticle;
  }

  /** Undeploys, newest first, every verticle the test deployed, as a node's graceful stop does; blocks. */
  void undeployAll() {
    while (!deployments.isEmpty()) {
      vertx.undeploy(deployments.remove(deployments.size() - 1)).await();
    }
  }

  void stopPostgres() {
    database.stopServer();
  }

  void startPostgres() throws IOException {
    database.startServer();
  }

  /** Rows of the running test's site in a table. */
  long count(String table) {
    return pool().preparedQuery("SELECT count(*) FROM " + table + " WHERE site_id = $1").execute(Tuple.of(site))
        .await().iterator().next().getLong(0);
  }

  @Override
  public void afterEach(ExtensionContext test) {
    undeployAll();
  }

  @Override
  public void afterAll(ExtensionContext tests) {
    if (database != null) {
      database.close();
    }
  }
}
