package io.footfall.store;

/**
 * Where rollups are kept and how they are written.
 *
 * @param url             {@code postgresql://user:password@host:port/db} of an external PostgreSQL; null or empty
 *                        starts the embedded PostgreSQL under the data directory
 * @param flushIntervalMs how often queued rollups are written
 * @param maxQueuedRows   most rollup rows held in memory while PostgreSQL is unreachable; beyond it the oldest
 *                        are dropped
 * @param poolSize        most connections this node opens to PostgreSQL
 */
public record DatabaseConfig(String url, int flushIntervalMs, int maxQueuedRows, int poolSize) {

  public DatabaseConfig {
    if (flushIntervalMs < 10) {
      throw new IllegalArgumentException("database.flushIntervalMs must be at least 10, got " + flushIntervalMs);
    }
    if (maxQueuedRows < 1) {
      throw new IllegalArgumentException("database.maxQueuedRows must be at least 1, got " + maxQueuedRows);
    }
    if (poolSize < 1) {
      throw new IllegalArgumentException("database.poolSize must be at least 1, got " + poolSize);
    }
  }

  public boolean embedded() {
    return url == null || url.isBlank();
  }

  /** The URL's password is masked: configurations get logged. */
  @Override
  public String toString() {
    return "DatabaseConfig[url=" + (embedded() ? "embedded" : Database.redact(url))
        + ", flushIntervalMs=" + flushIntervalMs + ", maxQueuedRows=" + maxQueuedRows + ", poolSize=" + poolSize + "]";
  }
}
