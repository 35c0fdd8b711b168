package io.footfall.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Schema migrations, each test on a new empty database of one shared embedded PostgreSQL. */
@ExtendWith(VertxExtension.class)
class MigrationsTest {

  private static final DatabaseConfig CONFIG = new DatabaseConfig("", 1000, 1000, 2);

  @TempDir
  static Path dataDir;
  static EmbeddedDatabase postgres;
  static Pool admin;
  static int databases;

  private final List<Pool> pools = new ArrayList<>();

  @BeforeAll
  static void startPostgres(Vertx vertx) {
    postgres = new EmbeddedDatabase(dataDir);
    postgres.start(vertx).await();
    admin = Database.pool(vertx, CONFIG, postgres.connectOptions());
  }

  @AfterAll
  static void stopPostgres() {
    admin.close().await();
    postgres.stop();
  }

  @AfterEach
  void closePools() {
    pools.forEach(pool -> pool.close().await());
  }

  @Test
  void createsTheSchemaAndRecordsVersionOne(Vertx vertx) {
    Pool pool = newDatabase(vertx);

    List<Integer> applied = Migrations.apply(pool).await();

    assertThat(applied).containsExactlyElementsOf(Migrations.versions());
    Row version = pool.query("SELECT version, description, applied_at FROM schema_version WHERE version = 1")
        .execute().await()
        .iterator().next();
    assertThat(version.getInteger("version")).isEqualTo(1);
    assertThat(version.getString("description")).isEqualTo("zone minutes");
    assertThat(version.getOffsetDateTime("applied_at")).isNotNull();
    assertThat(pool.query("SELECT count(*) FROM zone_minute").execute().await().iterator().next().getLong(0))
        .isZero();
  }

  @Test
  void appliesNothingOnASecondStartAndKeepsTheData(Vertx vertx) {
    Pool pool = newDatabase(vertx);
    Migrations.apply(pool).await();
    pool.query("INSERT INTO zone_minute VALUES ('s', 'z', now(), 1, 1, 1, 1, 1)").execute().await();

    List<Integer> applied = Migrations.apply(pool).await();

    assertThat(applied).isEmpty();
    assertThat(count(pool, "schema_version")).isEqualTo(Migrations.versions().size());
    assertThat(count(pool, "zone_minute")).isEqualTo(1);
  }

  @Test
  void appliesEachVersionOnceWhenTwoNodesStartTogether(Vertx vertx) {
    String database = createDatabase();
    Pool first = pool(vertx, database);
    Pool second = pool(vertx, database);

    List<Integer> applied = new ArrayList<>();
    Future.all(Migrations.apply(first).onSuccess(applied::addAll), Migrations.apply(second).onSuccess(applied::addAll))
        .await();

    assertThat(applied).containsExactlyElementsOf(Migrations.versions());
    assertThat(count(first, "schema_version")).isEqualTo(Migrations.versions().size());
  }

  private Pool newDatabase(Vertx vertx) {
    return pool(vertx, createDatabase());
  }

  private static String createDatabase() {
    String name = "migrations_" + ++databases;
    admin.query("CREATE DATABASE " + name).execute().await();
    return name;
  }

  private Pool pool(Vertx vertx, String database) {
    Pool pool = Database.pool(vertx, CONFIG, postgres.connectOptions().setDatabase(database));
    pools.add(pool);
    return pool;
  }

  private static long count(Pool pool, String table) {
    return pool.query("SELECT count(*) FROM " + table).execute().await().iterator().next().getLong(0);
  }
}
