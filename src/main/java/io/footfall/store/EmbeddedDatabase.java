package io.footfall.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL footfall runs itself when no database URL is configured: a server listening on localhost only,
 * with its data in {@code <dataDir>/pg}, created on first start and reused on every later one. The first start
 * picks a free port; later starts of the same instance reuse it, so open pools reconnect after a restart.
 *
 * <p>{@link #start()} and {@link #stop()} block for seconds (initdb on the first start, then the server start):
 * never call them on an event loop; {@link #start(Vertx)} and {@link #stop(Vertx)} run them on a worker.
 *
 * <p>No shutdown hook stops the server: the node stops it last, after the rollup writer's final flush. The
 * instance holds a lock on {@code <dataDir>/pg.lock} while started, so two processes never share one data
 * directory. Holding it also means a server still running on the directory was orphaned by a process that died
 * without stopping it; that server is shut down before starting a new one.
 */
public final class EmbeddedDatabase {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
  private static final String USER = "postgres";
  private static final String DATABASE = "postgres";
  private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
  private static final Duration ORPHAN_SHUTDOWN_WAIT = Duration.ofSeconds(30);

  private final Path directory;
  private final Path lockFile;
  private int port;
  private EmbeddedPostgres server;
  private FileChannel lockChannel;
  private FileLock lock;

  /** Starts nothing yet. */
  public EmbeddedDatabase(Path dataDir) {
    this.directory = dataDir.resolve("pg").toAbsolutePath();
    this.lockFile = dataDir.resolve("pg.lock").toAbsolutePath();
  }

  /** Starts the server unless it runs already. Blocking. */
  public synchronized void start() throws IOException {
    if (server != null) {
      return;
    }
    Files.createDirectories(directory);
    lock();
    try {
      clearStalePostmaster();
      server = EmbeddedPostgres.builder()
          .setDataDirectory(directory)
          .setCleanDataDirectory(false)
          .setPort(port)
          .setPGStartupWait(STARTUP_WAIT)
          // zonky's own hook would stop the server while the rollup writer's final flush still needs it
          .setRegisterShutdownHook(false)
          // zonky tunes for throwaway test databases (fsync and synchronous commit off); rollups must survive
          .setServerConfig("fsync", "on")
          .setServerConfig("synchronous_commit", "on")
          .setServerConfig("max_connections", "50")
          .start();
      port = server.getPort();
      LOG.info("embedded postgresql started [port: {}, dir: {}]", port, directory);
    } catch (IOException | RuntimeException e) {
      unlock();
      throw e;
    }
  }

  /** Stops the server with a fast shutdown (open sessions are ended) unless it is stopped. Blocking. */
  public synchronized void stop() {
    if (server == null) {
      return;
    }
    try {
      server.close();
      LOG.info("embedded postgresql stopped [port: {}]", port);
    } catch (IOException e) {
      LOG.error("stopping embedded postgresql failed [port: {}, reason: {}]", port, e.getMessage());
    } finally {
      server = null;
      unlock();
    }
  }

  /** {@link #start()} on a worker thread. */
  public Future<Void> start(Vertx vertx) {
    return vertx.executeBlocking(() -> {
      start();
      return null;
    });
  }

  /** {@link #stop()} on a worker thread. */
  public Future<Void> stop(Vertx vertx) {
    return vertx.executeBlocking(() -> {
      stop();
      return null;
    });
  }

  public synchronized boolean running() {
    return server != null;
  }

  /** The port of the last start; 0 before the first. */
  public synchronized int port() {
    return port;
  }

  /** Where to connect; valid after the first start and across restarts. */
  public synchronized PgConnectOptions connectOptions() {
    if (port == 0) {
      throw new IllegalStateException("embedded postgresql was never started");
    }
    return new PgConnectOptions().setHost("localhost").setPort(port).setUser(USER).setDatabase(DATABASE);
  }

  private void lock() throws IOException {
    lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      lock = lockChannel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      lockChannel.close();
      throw new IOException("data directory in use by another embedded postgresql [lock: " + lockFile + "]");
    }
  }

  private void unlock() {
    try {
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      LOG.warn("releasing data directory lock failed [lock: {}, reason: {}]", lockFile, e.getMessage());
    }
  }

  /**
   * A postmaster.pid left behind means the last owner died without stopping the server. If its process still runs
   * PostgreSQL, that is an orphaned server on this directory: shut it down. Otherwise the file is stale (and its
   * pid possibly reused by an unrelated process, which would make PostgreSQL refuse to start): remove it.
   */
  private void clearStalePostmaster() throws IOException {
    Path pidFile = directory.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
    Optional<ProcessHandle> orphan = lines.isEmpty() ? Optional.empty() : parsePid(lines.get(0))
        .flatMap(ProcessHandle::of)
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false));
    if (orphan.isPresent()) {
      shutDownOrphan(orphan.get());
    } else {
      LOG.warn("removing stale postmaster.pid [dir: {}]", directory);
    }
    Files.deleteIfExists(pidFile);
  }

  private void shutDownOrphan(ProcessHandle orphan) throws IOException {
    LOG.warn("shutting down orphaned embedded postgresql [pid: {}, dir: {}]", orphan.pid(), directory);
    // SIGTERM is a smart shutdown: it waits for sessions, which died with the process that opened them
    orphan.destroy();
    try {
      orphan.onExit().get(ORPHAN_SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IOException("orphaned postgresql did not stop [pid: " + orphan.pid() + ", dir: " + directory + "]");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping an orphaned postgresql", e);
    } catch (ExecutionException e) {
      throw new IOException("waiting for an orphaned postgresql failed", e.getCause());
    }
  }

  private static Optional<Long> parsePid(String line) {
    try {
      return Optional.of(Long.parseLong(line.trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
