package io.footfall.store;

/**
 * Where rollups, metrics, estimates and alerts are kept and how they are written (see {@link WriteQueue}).
 *
 * @param url             {@code postgresql://user:password@host:port/db} of an external PostgreSQL; null or empty
 *                        starts the embedded PostgreSQL under the data directory
 * @param flushIntervalMs how often each writer writes its queued rows
 * @param maxQueuedRows   most rows each writer holds in memory; beyond it (and whenever PostgreSQL is failing) they
 *                        are spooled to {@code <dataDir>/spool}
 * @param poolSize        most connections this node opens to PostgreSQL
 * @param maxSpoolBytes   most bytes each writer spools on disk; beyond it its oldest segments are dropped
 * @param zoneMinuteRetentionDays per-minute zone rollups older than this are deleted by the daily purge
 * @param queryTimeoutMs  a write, connection or health ping PostgreSQL has not answered within this is taken as
 *                        failed (writes are spooled, health turns degraded): a server that stops answering, frozen
 *                        or cut off, is noticed as soon as one that refuses connections
 * @param startupTimeoutMs how long a starting node keeps trying to connect and migrate before it gives up: a
 *                        PostgreSQL started alongside the node (same host, same compose file) may take longer than
 *                        {@code queryTimeoutMs} to answer at first; 0 tries once
 */
public record DatabaseConfig(String url, int flushIntervalMs, int maxQueuedRows, int poolSize, long maxSpoolBytes,
                             int zoneMinuteRetentionDays, int queryTimeoutMs, int startupTimeoutMs) {

  /** The default spool limit, as in {@code footfall-defaults.yaml}. */
  public static final long DEFAULT_MAX_SPOOL_BYTES = 256L * 1024 * 1024;
  /** The default retention of zone rollups, as in {@code footfall-defaults.yaml}: a year and a bit, for year-on-year. */
  public static final int DEFAULT_RETENTION_DAYS = 400;
  /** The default query timeout, as in {@code footfall-defaults.yaml}. */
  public static final int DEFAULT_QUERY_TIMEOUT_MS = 3000;
  /** The default startup timeout, as in {@code footfall-defaults.yaml}. */
  public static final int DEFAULT_STARTUP_TIMEOUT_MS = 60_000;

  public DatabaseConfig(String url, int flushIntervalMs, int maxQueuedRows, int poolSize) {
    this(url, flushIntervalMs, maxQueuedRows, poolSize, DEFAULT_MAX_SPOOL_BYTES, DEFAULT_RETENTION_DAYS,
        DEFAULT_QUERY_TIMEOUT_MS);
  }

  public DatabaseConfig(String url, int flushIntervalMs, int maxQueuedRows, int poolSize, long maxSpoolBytes,
                        int zoneMinuteRetentionDays, int queryTimeoutMs) {
    this(url, flushIntervalMs, maxQueuedRows, poolSize, maxSpoolBytes, zoneMinuteRetentionDays, queryTimeoutMs,
        DEFAULT_STARTUP_TIMEOUT_MS);
  }

  /** The same settings with another query timeout. */
  public DatabaseConfig withQueryTimeoutMs(int ms) {
    return new DatabaseConfig(url, flushIntervalMs, maxQueuedRows, poolSize, maxSpoolBytes, zoneMinuteRetentionDays,
        ms, startupTimeoutMs);
  }

  /** The same settings with another startup timeout. */
  public DatabaseConfig withStartupTimeoutMs(int ms) {
    return new DatabaseConfig(url, flushIntervalMs, maxQueuedRows, poolSize, maxSpoolBytes, zoneMinuteRetentionDays,
        queryTimeoutMs, ms);
  }

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
    if (zoneMinuteRetentionDays < 1) {
      throw new IllegalArgumentException("database.zoneMinuteRetentionDays must be positive, got "
          + zoneMinuteRetentionDays);
    }
    if (queryTimeoutMs < 100) {
      throw new IllegalArgumentException("database.queryTimeoutMs must be at least 100, got " + queryTimeoutMs);
    }
    if (startupTimeoutMs < 0) {
      throw new IllegalArgumentException("database.startupTimeoutMs must be at least 0, got " + startupTimeoutMs);
    }
    if (maxSpoolBytes < 1024 * 1024) {
      throw new IllegalArgumentException("database.maxSpoolBytes must be at least 1048576, got " + maxSpoolBytes);
    }
  }

  public boolean embedded() {
    return url == null || url.isBlank();
  }

  /** The URL's password is masked: configurations get logged. */
  @Override
  public String toString() {
    return "DatabaseConfig[url=" + (embedded() ? "embedded" : Database.redact(url))
        + ", flushIntervalMs=" + flushIntervalMs + ", maxQueuedRows=" + maxQueuedRows + ", poolSize=" + poolSize + ", maxSpoolBytes=" + maxSpoolBytes + ", zoneMinuteRetentionDays=" + zoneMinuteRetentionDays + ", queryTimeoutMs=" + queryTimeoutMs
        + ", startupTimeoutMs=" + startupTimeoutMs + "]";
  }
}
