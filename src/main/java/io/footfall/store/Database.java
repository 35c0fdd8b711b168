package io.footfall.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL of this node, ready to use: the embedded server started if no URL is configured, a connection
 * pool built, and the schema migrated. {@link #start} completes once all of that is done.
 */
public final class Database {

  private static final Logger LOG = LoggerFactory.getLogger(Database.class);
  private static final Pattern URL_PASSWORD = Pattern.compile("(://[^:/@]*:)[^/]*@");
  /** The pause before the second attempt to connect at startup; each later one doubles, up to {@link #MAX_RETRY_MS}. */
  private static final long FIRST_RETRY_MS = 250;
  private static final long MAX_RETRY_MS = 5_000;

  private final Vertx vertx;
  private final Pool pool;
  private final Pool probePool;
  private final int queryTimeoutMs;
  private final EmbeddedDatabase embedded;

  private Database(Vertx vertx, Pool pool, Pool probePool, int queryTimeoutMs, EmbeddedDatabase embedded) {
    this.vertx = vertx;
    this.pool = pool;
    this.probePool = probePool;
    this.queryTimeoutMs = queryTimeoutMs;
    this.embedded = embedded;
  }

  /**
   * Connects to {@code config.url()}, or starts the embedded PostgreSQL under {@code dataDir} (off the event loop)
   * when there is none; then applies pending migrations. Connecting and migrating are tried again, with growing
   * pauses, for {@code startupTimeoutMs}; then it fails with the last attempt's failure.
   */
  public static Future<Database> start(Vertx vertx, DatabaseConfig config, Path dataDir) {
    if (!config.embedded()) {
      return open(vertx, config, connectOptions(config.url()), null);
    }
    EmbeddedDatabase embedded = new EmbeddedDatabase(dataDir);
    return embedded.start(vertx)
        .compose(started -> open(vertx, config, embedded.connectOptions(), embedded));
  }

  /**
   * A pool of at most {@code config.poolSize()} connections; connections are opened lazily and re-opened after loss.
   * Connecting, and waiting for a free connection, give up after {@code queryTimeoutMs}: a request must not wait for a
   * server that stopped answering and run long after its caller gave it up.
   */
  public static Pool pool(Vertx vertx, DatabaseConfig config, PgConnectOptions options) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(config.poolSize()).setName("footfall-db")
            .setConnectionTimeout(config.queryTimeoutMs()).setConnectionTimeoutUnit(TimeUnit.MILLISECONDS))
        .with(new NetClientOptions().setConnectTimeout(config.queryTimeoutMs()))
        .connectingTo(new PgConnectOptions(options).setCachePreparedStatements(true))
        .using(vertx)
        .build();
  }

  /**
   * Parses {@code postgresql://user:password@host:port/db?param=value}.
   *
   * @throws IllegalArgumentException naming the URL with its password masked
   */
  public static PgConnectOptions connectOptions(String url) {
    try {
      return PgConnectOptions.fromUri(url);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("database.url is not a postgresql:// URL: " + redact(url));
    }
  }

  /** {@code user@host:port/db}, for logs; never the password. */
  public static String describe(PgConnectOptions options) {
    return options.getUser() + "@" + options.getHost() + ":" + options.getPort() + "/" + options.getDatabase();
  }

  static String redact(String url) {
    return URL_PASSWORD.matcher(url).replaceFirst("$1***@");
  }

  public Pool pool() {
    return pool;
  }

  /** One connection for the {@link DatabaseProbeVerticle} alone. */
  public Pool probePool() {
    return probePool;
  }

  /** A pool of one connection to the same server, for a {@link DatabaseProbeVerticle}. */
  public static Pool probePool(Vertx vertx, DatabaseConfig config, PgConnectOptions options) {
    return pool(vertx, new DatabaseConfig(config.url(), config.flushIntervalMs(), config.maxQueuedRows(), 1,
        config.maxSpoolBytes(), config.zoneMinuteRetentionDays(), config.queryTimeoutMs(), config.startupTimeoutMs()),
        options);
  }

  /** Closes the pool, then stops the embedded server if this node runs one. */
  public Future<Void> close() {
    return closeWithin(pool, queryTimeoutMs)
        .eventually(() -> closeWithin(probePool, queryTimeoutMs))
        .eventually(() -> embedded == null ? Future.succeededFuture() : embedded.stop(vertx));
  }

  /**
   * Closes a pool, waiting at most {@code timeoutMs}: closing a connection to a server that stopped answering never
   * completes, and must not hold up a node's stop.
   */
  public static Future<Void> closeWithin(Pool pool, int timeoutMs) {
    return pool.close()
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .recover(e -> {
          LOG.warn("database connections not closed in time, left behind [timeoutMs: {}, reason: {}]", timeoutMs,
              e.getMessage());
          return Future.succeededFuture();
        });
  }

  private static Future<Database> open(Vertx vertx, DatabaseConfig config, PgConnectOptions options,
                                       EmbeddedDatabase embedded) {
    Pool pool = pool(vertx, config, options);
    Database database = new Database(vertx, pool, probePool(vertx, config, options), config.queryTimeoutMs(),
        embedded);
    long deadline = System.currentTimeMillis() + config.startupTimeoutMs();
    return migrate(vertx, pool, options, deadline, 1, FIRST_RETRY_MS)
        .onSuccess(applied -> logReady(options, applied))
        .map(applied -> database)
        .recover(failure -> database.close().transform(closed -> Future.failedFuture(failure)));
  }

  /**
   * Migrates, connecting first, again and again with growing pauses until {@code deadline}: a PostgreSQL started
   * with the node may refuse connections, or not answer within {@code queryTimeoutMs}, for a while. The migrations
   * run in one transaction, so an attempt that failed half-way leaves nothing behind for the next to trip on.
   */
  private static Future<List<Integer>> migrate(Vertx vertx, Pool pool, PgConnectOptions options, long deadline,
                                               int attempt, long pauseMs) {
    return Migrations.apply(pool).recover(failure -> {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        return Future.failedFuture(failure);
      }
      long pause = Math.min(pauseMs, left);
      LOG.info("database not ready, trying again [target: {}, attempt: {}, retryInMs: {}, reason: {}]",
          describe(options), attempt, pause, failure.getMessage());
      return vertx.timer(pause).compose(fired -> migrate(vertx, pool, options, deadline, attempt + 1,
          Math.min(pauseMs * 2, MAX_RETRY_MS)));
    });
  }

  private static void logReady(PgConnectOptions options, List<Integer> applied) {
    LOG.info("database ready [target: {}, migrationsApplied: {}]", describe(options), applied);
  }
}
