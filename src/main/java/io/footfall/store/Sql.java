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

  /** Like {@link #UPSERT_ZONE_MINUTES}: one array per column; distinct keys within one statement. */
  static final String UPSERT_DEVICE_ESTIMATES = """
      INSERT INTO device_estimate (site_id, zone_id, resolution_s, period_start, devices, random_macs,
                                   estimated_devices, low, high)
      SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::timestamptz[], $5::int[], $6::int[], $7::int[],
                           $8::int[], $9::int[])
      ON CONFLICT (site_id, zone_id, resolution_s, period_start) DO UPDATE SET
        devices = EXCLUDED.devices,
        random_macs = EXCLUDED.random_macs,
        estimated_devices = EXCLUDED.estimated_devices,
        low = EXCLUDED.low,
        high = EXCLUDED.high,
        updated_at = now()""";

  /** From inclusive, to exclusive. */
  static final String DEVICE_ESTIMATE_SERIES = """
      SELECT site_id, zone_id, resolution_s, period_start, devices, random_macs, estimated_devices, low, high
      FROM device_estimate
      WHERE site_id = $1 AND zone_id = $2 AND resolution_s = $3 AND period_start >= $4 AND period_start < $5
      ORDER BY period_start""";

  /** Mean estimated devices of a zone over the minute snapshots in [from, to); null when there are none. */
  static final String MEAN_ESTIMATED_DEVICES = """
      SELECT avg(estimated_devices)::float8 AS devices, count(*) AS snapshots
      FROM device_estimate
      WHERE site_id = $1 AND zone_id = $2 AND resolution_s = 60 AND period_start >= $3 AND period_start < $4""";

  static final String INSERT_CALIBRATION_COUNT = """
      INSERT INTO calibration_count (site_id, zone_id, from_ts, to_ts, people, devices, hour_band)
      VALUES ($1, $2, $3, $4, $5, $6, $7)""";

  static final String CALIBRATION_POINTS = """
      SELECT hour_band, devices, people FROM calibration_count WHERE site_id = $1 ORDER BY id""";

  static final String DELETE_CALIBRATION_FITS = "DELETE FROM calibration_fit WHERE site_id = $1";

  static final String INSERT_CALIBRATION_FIT = """
      INSERT INTO calibration_fit (site_id, hour_band, factor, points, rmse, mape, fitted_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7)""";

  static final String CALIBRATION_FITS = """
      SELECT site_id, hour_band, factor, points, rmse, mape, fitted_at FROM calibration_fit
      ORDER BY site_id, hour_band""";

  static final String PING = "SELECT 1";

  private Sql() {
  }
}
