package io.footfall.store;

/**
 * Where rollups are kept.
 *
 * @param url             {@code postgresql://user:password@host:port/db} of an external PostgreSQL; null or empty
 *                        starts the embedded PostgreSQL under the data directory
 * @param flushIntervalMs how often queued rollups are written
 */
public record DatabaseConfig(String url, int flushIntervalMs) {

  public DatabaseConfig {
    if (flushIntervalMs < 10) {
      throw new IllegalArgumentException("database.flushIntervalMs must be at least 10, got " + flushIntervalMs);
    }
  }

  public boolean embedded() {
    return url == null || url.isBlank();
  }
}
