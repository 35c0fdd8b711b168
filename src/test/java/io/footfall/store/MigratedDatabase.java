package io.footfall.store;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.nio.file.Path;

/**
 * An embedded PostgreSQL with footfall's schema applied, for the tests of one class: start it in {@code @BeforeAll},
 * read and write through {@link #pool()}, close it in {@code @AfterAll}.
 */
public final class MigratedDatabase {

  private final EmbeddedDatabase postgres;
  private final Pool pool;

  private MigratedDatabase(EmbeddedDatabase postgres, Pool pool) {
    this.postgres = postgres;
    this.pool = pool;
  }

  /** Starts PostgreSQL under {@code dataDir} and applies every migration; blocks, so call it off the event loop. */
  public static MigratedDatabase start(Vertx vertx, Path dataDir) {
    EmbeddedDatabase postgres = new EmbeddedDatabase(dataDir);
    postgres.start(vertx).await();
    Pool pool = Database.pool(vertx, new DatabaseConfig("", 1000, 1000, 2), postgres.connectOptions());
    Migrations.apply(pool).await();
    return new MigratedDatabase(postgres, pool);
  }

  public Pool pool() {
    return pool;
  }

  public io.vertx.pgclient.PgConnectOptions connectOptions() {
    return postgres.connectOptions();
  }

  /** Stops the PostgreSQL server, keeping its data; connections through {@link #pool()} fail until it is back. */
  public void stopServer() {
    postgres.stop();
  }

  /** Starts the PostgreSQL server again on the same port and data. */
  public void startServer() throws IOException {
    postgres.start();
  }

  public void close() {
    pool.close().await();
    postgres.stop();
  }
}
