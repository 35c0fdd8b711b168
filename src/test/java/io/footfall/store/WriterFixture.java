package io.footfall.store;

import io.footfall.app.Codecs;
import io.footfall.app.NodeHealth;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.TestInfo;

/**
 * The shared setup of the writer tests: one embedded PostgreSQL with footfall's schema per test class (which tests
 * may stop and start), a fresh site id and health per test so tests never see each other's rows, and the writers a test
 * deployed, undeployed after it. Call {@link #start} in {@code @BeforeAll}, {@link #beginTest} in
 * {@code @BeforeEach}, {@link #endTest} in {@code @AfterEach} and {@link #close} in {@code @AfterAll}.
 */
final class WriterFixture {

  /** The health the test's writers report to; new for each test. */
  NodeHealth health = new NodeHealth();
  private final Vertx vertx;
  private final MigratedDatabase database;
  private final List<String> deployments = new ArrayList<>();
  private String site;
  private int siteCounter;

  private WriterFixture(Vertx vertx, MigratedDatabase database) {
    this.vertx = vertx;
    this.database = database;
  }

  static WriterFixture start(Vertx vertx, Path dataDir) {
    Codecs.register(vertx);
    return new WriterFixture(vertx, MigratedDatabase.start(vertx, dataDir));
  }

  Pool pool() {
    return database.pool();
  }

  /** The site id of the running test. */
  String site() {
    return site;
  }

  void beginTest(TestInfo test) {
    site = test.getTestMethod().orElseThrow().getName() + "-" + siteCounter++;
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

  void endTest() {
    undeployAll();
  }

  void close() {
    database.close();
  }
}
