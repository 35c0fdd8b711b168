package io.footfall.store;

/**
 * Every SQL statement footfall runs (the schema itself lives in {@code db/migration}). Values always travel as
 * {@code $n} parameters; nothing here is ever concatenated with input.
 */
final class Sql {

  /** Serialises migrations across nodes; released when the migrating transaction ends. */
  static final String LOCK_MIGRATIONS = "SELECT pg_advisory_xact_lock($1)";

  static final String SCHEMA_VERSION_EXISTS = "SELECT to_regclass('schema_version') IS NOT NULL";

  static final String CREATE_SCHEMA_VERSION = """
      CREATE TABLE schema_version (
        version     int         PRIMARY KEY,
        description text        NOT NULL,
        applied_at  timestamptz NOT NULL DEFAULT now()
      )""";

  static final String APPLIED_VERSIONS = "SELECT version FROM schema_version ORDER BY version";

  static final String RECORD_VERSION = "INSERT INTO schema_version (version, description) VALUES ($1, $2)";

  /**
   * Upserts a whole flush in one statement: one array per column, unnested into rows. The rows must have
   * distinct keys, since ON CONFLICT cannot update the same row twice in one statement.
   */
  static final String UPSERT_ZONE_MINUTES = """
      INSERT INTO zone_minute (site_id, zone_id, minute, devices_avg, devices_max, entries, exits, uniques)
      SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::real[], $5::int[], $6::int[], $7::int[],
                           $8::int[])
      ON CONFLICT (site_id, zone_id, minute) DO UPDATE SET
        devices_avg = EXCLUDED.devices_avg,
        devices_max = EXCLUDED.devices_max,
        entries = EXCLUDED.entries,
        exits = EXCLUDED.exits,
        uniques = EXCLUDED.uniques,
        updated_at = now()""";

  /** From inclusive, to exclusive. */
  static final String ZONE_SERIES = """
      SELECT site_id, zone_id, minute, devices_avg, devices_max, entries, exits, uniques
      FROM zone_minute
      WHERE site_id = $1 AND zone_id = $2 AND minute >= $3 AND minute < $4
      ORDER BY minute""";

  static final String PING = "SELECT 1";

  /** One slice of the retention purge: at most $2 rows older than $1, so no purge holds locks for long. */
  static final String PURGE_ZONE_MINUTES = """
      DELETE FROM zone_minute WHERE ctid IN (
        SELECT ctid FROM zone_minute WHERE minute < $1 LIMIT $2)""";

  private Sql() {
  }
}
