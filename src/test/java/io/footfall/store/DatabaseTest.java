package io.footfall.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.analytics.ZoneMinute;
import io.footfall.testkit.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgConnectOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starting and connecting: the embedded PostgreSQL's life cycle on its data directory, and external URLs. All tests
 * share one data directory (initdb is the slow part); each finds its server stopped.
 */
@ExtendWith(VertxExtension.class)
class DatabaseTest {

  private static final long T0 = Instant.parse("2026-11-28T10:00:00Z").toEpochMilli();

  @TempDir
  static Path dataDir;
  static EmbeddedDatabase postgres;

  @BeforeAll
  static void initialiseDataDirectory() throws IOException {
    postgres = new EmbeddedDatabase(dataDir);
    postgres.start();
    postgres.stop();
  }

  @AfterEach
  void stopPostgres() {
    postgres.stop();
  }

  @Test
  void startsTheEmbeddedPostgresInTheDataDirectoryAndKeepsItsDataAcrossRestarts(Vertx vertx) {
    ZoneMinute row = new ZoneMinute("mall", "entrance", T0, 2.5, 4, 5, 3, 8);
    Database first = Database.start(vertx, config(""), dataDir).await();
    first.pool().query("INSERT INTO zone_minute VALUES ('mall', 'entrance', '2026-11-28T10:00:00Z', 2.5, 4, 5, 3, 8)")
        .execute().await();
    first.close().await();

    Database second = Database.start(vertx, config(""), dataDir).await();
    List<ZoneMinute> series = new RollupQueries(second.pool())
        .series("mall", "entrance", Instant.ofEpochMilli(T0), Instant.ofEpochMilli(T0 + 60_000)).await();
    long versions = second.pool().query("SELECT count(*) FROM schema_version").execute().await()
        .iterator().next().getLong(0);
    second.close().await();

    assertThat(dataDir.resolve("pg/PG_VERSION")).exists();
    assertThat(series).containsExactly(row);
    assertThat(versions).isEqualTo(Migrations.versions().size());
  }

  @Test
  void connectsToAnExternalPostgresGivenByUrl(Vertx vertx, @TempDir Path unusedDataDir) throws IOException {
    postgres.start();
    String url = "postgresql://postgres:secret@localhost:" + postgres.port() + "/postgres";

    Database database = Database.start(vertx, config(url), unusedDataDir).await();

    assertThat(new RollupQueries(database.pool()).ping().await()).isTrue();
    database.close().await();
    assertThat(unusedDataDir.resolve("pg")).doesNotExist();
  }

  @Test
  void neverShowsTheUrlPassword() {
    assertThat(config("postgresql://footfall:s3cret@db.example:5432/footfall").toString())
        .contains("footfall:***@db.example:5432/footfall")
        .doesNotContain("s3cret");
    assertThatThrownBy(() -> Database.connectOptions("mysql://footfall:s3cret@db.example/footfall"))
        .hasMessageContaining("footfall:***@db.example")
        .hasMessageNotContaining("s3cret");
    PgConnectOptions options = Database.connectOptions("postgresql://footfall:s3cret@db.example:5433/rollups");
    assertThat(Database.describe(options)).isEqualTo("footfall@db.example:5433/rollups");
  }

  @Test
  void pingIsFalseWhilePostgresIsDown(Vertx vertx) throws IOException {
    postgres.start();
    RollupQueries queries = new RollupQueries(Database.pool(vertx, config(""), postgres.connectOptions()));
    assertThat(queries.ping().await()).isTrue();

    postgres.stop();

    assertThat(queries.ping().await()).isFalse();
  }

  @Test
  void refusesADataDirectoryAnotherInstanceHasStarted() throws IOException {
    postgres.start();

    assertThatThrownBy(() -> new EmbeddedDatabase(dataDir).start()).hasMessageContaining("in use");
  }

  @Test
  void startsDespiteAPidFileWhosePidNowBelongsToAnotherProcess() throws Exception {
    // GIVEN a server killed without cleaning up, its pid since reused by an unrelated process
    postgres.start();
    Path pidFile = dataDir.resolve("pg/postmaster.pid");
    List<String> pidLines = Files.readAllLines(pidFile);
    postgres.stop();
    Process unrelated = new ProcessBuilder("sleep", "60").start();
    try {
      pidLines.set(0, Long.toString(unrelated.pid()));
      Files.write(pidFile, pidLines);

      // WHEN it starts again THEN PostgreSQL runs and the unrelated process is left alone
      postgres.start();
      assertThat(postgres.running()).isTrue();
      assertThat(unrelated.isAlive()).isTrue();
    } finally {
      unrelated.destroy();
    }
  }

  @Test
  void shutsDownAServerOrphanedByAKilledNodeBeforeStarting() throws Exception {
    // GIVEN a server still running on the directory after the process that started it died
    postgres.start();
    Path pidFile = dataDir.resolve("pg/postmaster.pid");
    Path pgCtl = Path.of(ProcessHandle.of(pid(pidFile)).orElseThrow().info().command().orElseThrow())
        .resolveSibling("pg_ctl");
    postgres.stop();
    List<String> pgCtlStart = new ArrayList<>(List.of(pgCtl.toString(), "-D", dataDir.resolve("pg").toString(),
        "-o", "-p " + postgres.port(), "-w", "start"));
    if ("root".equals(System.getProperty("user.name"))) {
      // as zonky does: PostgreSQL refuses to run as root, so it runs in a user namespace
      pgCtlStart.addAll(0, List.of("unshare", "-U"));
    }
    Process launch = new ProcessBuilder(pgCtlStart)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
    assertThat(launch.waitFor(60, TimeUnit.SECONDS) && launch.exitValue() == 0).as("orphan started").isTrue();
    ProcessHandle orphan = ProcessHandle.of(pid(pidFile)).orElseThrow();
    try {
      // WHEN the node starts again
      postgres.start();

      // THEN the orphan is gone and a new server runs
      assertThat(orphan.isAlive()).isFalse();
      assertThat(postgres.running()).isTrue();
      assertThat(pid(pidFile)).isNotEqualTo(orphan.pid());
    } finally {
      orphan.destroy();
    }
  }

  @Test
  void aNodeGivesUpWithTheLastFailureOnceTheStartupTimeoutHasPassed(Vertx vertx, @TempDir Path unusedDataDir) {
    String url = "postgresql://postgres:secret@localhost:" + postgres.port() + "/postgres";
    long started = System.currentTimeMillis();

    Future<Database> starting = Database.start(vertx, config(url).withStartupTimeoutMs(1_500), unusedDataDir);

    assertThatThrownBy(() -> Await.await(starting)).rootCause().hasMessageContaining("Connection refused");
    assertThat(System.currentTimeMillis() - started).as("ms before giving up").isBetween(1_500L, 10_000L);
  }

  @Test
  void theStartupTimeoutCannotBeNegative() {
    assertThatThrownBy(() -> config("").withStartupTimeoutMs(-1))
        .hasMessage("database.startupTimeoutMs must be at least 0, got -1");
  }

  private static long pid(Path pidFile) throws IOException {
    return Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
  }

  private static DatabaseConfig config(String url) {
    return new DatabaseConfig(url, 1000, 1000, 2);
  }
}
