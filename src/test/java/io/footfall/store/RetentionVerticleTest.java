package io.footfall.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.analytics.ZoneMinute;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The retention purge against a real embedded PostgreSQL. */
@ExtendWith(VertxExtension.class)
class RetentionVerticleTest {

  private static final Instant NOW = Instant.parse("2026-11-29T06:00:00Z");

  @TempDir
  static Path dataDir;
  static MigratedDatabase database;
  static Pool pool;

  @BeforeAll
  static void startPostgres(Vertx vertx) {
    database = MigratedDatabase.start(vertx, dataDir);
    pool = database.pool();
  }

  @AfterAll
  static void stopPostgres() {
    database.close();
  }

  @Test
  void deletesZoneRollupsOlderThanTheRetentionAndKeepsTheRest(Vertx vertx) {
    // GIVEN rollups 401, 399 and 0 days old, with a retention of 400 days
    List<ZoneMinute> rows = List.of(row(NOW.minus(Duration.ofDays(401))), row(NOW.minus(Duration.ofDays(399))),
        row(NOW));
    pool.preparedQuery(Sql.UPSERT_ZONE_MINUTES).execute(new UpsertBatch(rows.stream().map(r -> new Fenced<>(0, r)).toList()).parameters()).await();
    DatabaseConfig config = new DatabaseConfig("", 1000, 1000, 2, DatabaseConfig.DEFAULT_MAX_SPOOL_BYTES, 400,
        DatabaseConfig.DEFAULT_QUERY_TIMEOUT_MS);
    RetentionVerticle retention = new RetentionVerticle(config, pool, NOW::toEpochMilli);
    vertx.deployVerticle(retention).await();

    // WHEN the purge runs
    long purged = retention.purge().await();

    // THEN only the oldest is gone
    assertThat(purged).isEqualTo(1);
    assertThat(pool.query("SELECT minute FROM zone_minute ORDER BY minute").execute().await())
        .extracting(r -> r.getOffsetDateTime(0).toInstant())
        .containsExactly(Instant.ofEpochMilli(rows.get(1).minute()), Instant.ofEpochMilli(rows.get(2).minute()));
  }

  private static ZoneMinute row(Instant at) {
    long minute = at.toEpochMilli() / 60_000 * 60_000;
    return new ZoneMinute("retention-site", "entrance", minute, 1.0, 1, 1, 0, 1);
  }
}
