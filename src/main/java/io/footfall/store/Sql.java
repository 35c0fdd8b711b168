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
   * distinct keys, since ON CONFLICT cannot update the same row twice in one statement. A row of an older epoch
   * (fencing token, $9) than the stored one leaves it alone; so do the other upserts of rows an engine produces.
   */
  static final String UPSERT_ZONE_MINUTES = """
      INSERT INTO zone_minute (site_id, zone_id, minute, devices_avg, devices_max, entries, exits, uniques, epoch,
                               revision)
      SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::real[], $5::int[], $6::int[], $7::int[],
                           $8::int[], $9::bigint[], $10::int[])
      ON CONFLICT (site_id, zone_id, minute) DO UPDATE SET
        devices_avg = EXCLUDED.devices_avg,
        devices_max = EXCLUDED.devices_max,
        entries = EXCLUDED.entries,
        exits = EXCLUDED.exits,
        uniques = EXCLUDED.uniques,
        epoch = EXCLUDED.epoch,
        revision = EXCLUDED.revision,
        updated_at = now()
      WHERE zone_minute.epoch < EXCLUDED.epoch
         OR (zone_minute.epoch = EXCLUDED.epoch AND zone_minute.revision <= EXCLUDED.revision)""";

  /** From inclusive, to exclusive. */
  static final String ZONE_SERIES = """
      SELECT site_id, zone_id, minute, devices_avg, devices_max, entries, exits, uniques, revision
      FROM zone_minute
      WHERE site_id = $1 AND zone_id = $2 AND minute >= $3 AND minute < $4
      ORDER BY minute""";

  /** Like {@link #UPSERT_ZONE_MINUTES}: one array per column; distinct keys within one statement. */
  static final String UPSERT_DEVICE_ESTIMATES = """
      INSERT INTO device_estimate (site_id, zone_id, resolution_s, period_start, devices, random_macs,
                                   estimated_devices, low, high, epoch)
      SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::timestamptz[], $5::int[], $6::int[], $7::int[],
                           $8::int[], $9::int[], $10::bigint[])
      ON CONFLICT (site_id, zone_id, resolution_s, period_start) DO UPDATE SET
        devices = EXCLUDED.devices,
        random_macs = EXCLUDED.random_macs,
        estimated_devices = EXCLUDED.estimated_devices,
        low = EXCLUDED.low,
        high = EXCLUDED.high,
        epoch = EXCLUDED.epoch,
        updated_at = now()
      WHERE device_estimate.epoch <= EXCLUDED.epoch""";

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

  static final String CALIBRATION_COUNTS = """
      SELECT id, zone_id, from_ts, to_ts, people, devices, hour_band, created_at
      FROM calibration_count WHERE site_id = $1 ORDER BY id""";

  static final String REPLACE_CALIBRATION_COUNT = """
      UPDATE calibration_count SET zone_id = $3, from_ts = $4, to_ts = $5, people = $6, devices = $7, hour_band = $8
      WHERE site_id = $1 AND id = $2""";

  static final String DELETE_CALIBRATION_COUNT = "DELETE FROM calibration_count WHERE site_id = $1 AND id = $2";

  static final String DELETE_CALIBRATION_FITS = "DELETE FROM calibration_fit WHERE site_id = $1";

  static final String INSERT_CALIBRATION_FIT = """
      INSERT INTO calibration_fit (site_id, hour_band, factor, points, rmse, mape, fitted_at, background_devices,
                                   exponent, cv_rmse)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)""";

  static final String CALIBRATION_FITS = """
      SELECT site_id, hour_band, factor, points, rmse, mape, fitted_at, background_devices, exponent, cv_rmse
      FROM calibration_fit
      ORDER BY site_id, hour_band""";

  /**
   * Upserts the store minutes of a flush in one statement. The dwell arrays travel as text ({@code {1,2}}) since
   * unnest would flatten an array of arrays; each is cast back per row.
   */
  static final String UPSERT_STORE_MINUTES = """
      INSERT INTO store_minute (site_id, zone_id, minute, visitors, passers_by, excluded, random, dwell_buckets,
                                dwell_fine, dwell_total_ms, epoch)
      SELECT s, z, m, v, p, e, r, b::int[], f::int[], d, x
      FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::int[], $5::int[], $6::int[], $7::int[], $8::text[],
                  $9::text[], $10::bigint[], $11::bigint[]) AS t(s, z, m, v, p, e, r, b, f, d, x)
      ON CONFLICT (site_id, zone_id, minute) DO UPDATE SET
        visitors = EXCLUDED.visitors,
        passers_by = EXCLUDED.passers_by,
        excluded = EXCLUDED.excluded,
        random = EXCLUDED.random,
        dwell_buckets = EXCLUDED.dwell_buckets,
        dwell_fine = EXCLUDED.dwell_fine,
        dwell_total_ms = EXCLUDED.dwell_total_ms,
        epoch = EXCLUDED.epoch,
        updated_at = now()
      WHERE store_minute.epoch <= EXCLUDED.epoch""";

  static final String UPSERT_FLOW_HOURS = """
      INSERT INTO flow_hour (site_id, hour, from_zone, to_zone, transitions, epoch)
      SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::int[], $6::bigint[])
      ON CONFLICT (site_id, hour, from_zone, to_zone) DO UPDATE SET
        transitions = EXCLUDED.transitions,
        epoch = EXCLUDED.epoch,
        updated_at = now()
      WHERE flow_hour.epoch <= EXCLUDED.epoch""";

  static final String UPSERT_PATH_HOURS = """
      INSERT INTO path_hour (site_id, hour, path, trips, epoch)
      SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::int[], $5::bigint[])
      ON CONFLICT (site_id, hour, path) DO UPDATE SET
        trips = EXCLUDED.trips,
        epoch = EXCLUDED.epoch,
        updated_at = now()
      WHERE path_hour.epoch <= EXCLUDED.epoch""";

  /**
   * Store figures summed per zone and period ($4: 'minute' or 'hour', truncated in UTC) over
   * {@code $2 <= minute < $3}; $5 one zone or null for all.
   */
  static final String STORE_PERIODS = """
      SELECT zone_id, date_trunc($4, minute, 'UTC') AS period, sum(visitors) AS visitors,
             sum(passers_by) AS passers_by, sum(excluded) AS excluded, sum(random) AS random,
             sum(dwell_total_ms) AS dwell_total_ms, sum(dwell_buckets[1]) AS b1, sum(dwell_buckets[2]) AS b2,
             sum(dwell_buckets[3]) AS b3, sum(dwell_buckets[4]) AS b4, sum(dwell_buckets[5]) AS b5
      FROM store_minute
      WHERE site_id = $1 AND minute >= $2 AND minute < $3 AND ($5::text IS NULL OR zone_id = $5)
      GROUP BY zone_id, period
      ORDER BY zone_id, period""";

  /** Fine dwell bins summed per zone over {@code $2 <= minute < $3}; $4 one zone or null for all. */
  static final String STORE_DWELL_BINS = """
      SELECT zone_id, dwell_fine[2 * i - 1] AS bin, sum(dwell_fine[2 * i]) AS visits
      FROM store_minute, generate_series(1, coalesce(array_length(dwell_fine, 1), 0) / 2) AS i
      WHERE site_id = $1 AND minute >= $2 AND minute < $3 AND ($4::text IS NULL OR zone_id = $4)
      GROUP BY zone_id, bin
      ORDER BY zone_id, bin""";

  /** Transitions per cell summed over {@code $2 <= hour < $3}. */
  static final String FLOWS = """
      SELECT from_zone, to_zone, sum(transitions) AS transitions
      FROM flow_hour
      WHERE site_id = $1 AND hour >= $2 AND hour < $3
      GROUP BY from_zone, to_zone
      ORDER BY transitions DESC, from_zone, to_zone""";

  /** The $4 most common paths over {@code $2 <= hour < $3}. */
  static final String TOP_PATHS = """
      SELECT path, sum(trips) AS trips
      FROM path_hour
      WHERE site_id = $1 AND hour >= $2 AND hour < $3
      GROUP BY path
      ORDER BY trips DESC, path
      LIMIT $4""";

  static final String PING = "SELECT 1";

  /** One slice of the retention purge: at most $2 rows older than $1, so no purge holds locks for long. */
  static final String PURGE_ZONE_MINUTES = """
      DELETE FROM zone_minute WHERE ctid IN (
        SELECT ctid FROM zone_minute WHERE minute < $1 LIMIT $2)""";

  /**
   * Upserts alert changes in one statement (distinct ids): a clear keeps the raise's row and sets its clear time;
   * an acknowledgement is never overwritten; a change of an older epoch ($10) than the stored alert's is refused.
   */
  static final String UPSERT_ALERTS = """
      INSERT INTO alert (site_id, id, kind, subject, raised_at, cleared_at, value, threshold, direction, epoch)
      SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[],
                           $7::float8[], $8::float8[], $9::text[], $10::bigint[])
      ON CONFLICT (site_id, id) DO UPDATE SET
        cleared_at = COALESCE(EXCLUDED.cleared_at, alert.cleared_at),
        value = EXCLUDED.value,
        epoch = EXCLUDED.epoch,
        updated_at = now()
      WHERE alert.epoch <= EXCLUDED.epoch""";

  private static final String ALERT_COLUMNS =
      "site_id, id, kind, subject, raised_at, cleared_at, value, threshold, direction, acked_at, acked_by";

  /** Alerts raised in [from, to), newest first; $4 = true for open ones only. */
  static final String LIST_ALERTS = "SELECT " + ALERT_COLUMNS + """
       FROM alert
      WHERE site_id = $1 AND raised_at >= $2 AND raised_at < $3 AND (NOT $4 OR cleared_at IS NULL)
      ORDER BY raised_at DESC, id
      LIMIT 1000""";

  /** Records who acknowledged an alert and when (the first acknowledgement stands). */
  static final String ACK_ALERT = """
      UPDATE alert SET acked_at = COALESCE(acked_at, now()), acked_by = COALESCE(acked_by, $3), updated_at = now()
      WHERE site_id = $1 AND id = $2
      RETURNING """ + " " + ALERT_COLUMNS;

  /**
   * The usual occupancy of each zone of site $1 for each weekday and hour of the day in time zone $2, over
   * {@code $3 <= minute < $4}: median and median absolute deviation of the per-minute average devices, and on how
   * many distinct local days the slot held data. An hour in which the site recorded any row is taken as observed:
   * its minutes without a row count as 0 devices for every zone of $5 (the rollups skip empty zones). An hour
   * without any row of the site is taken as no data (node down, or nobody at all), not as an empty site.
   */
  static final String OCCUPANCY_BASELINE = """
      WITH observed AS (
        SELECT zone_id, minute, devices_avg::float8 AS devices
        FROM zone_minute
        WHERE site_id = $1 AND minute >= $3 AND minute < $4
      ), covered AS (
        SELECT DISTINCT date_trunc('hour', minute, $2::text) AS hour FROM observed
      ), grid AS (
        SELECT z.zone_id, m.minute, coalesce(o.devices, 0) AS devices
        FROM covered c
        CROSS JOIN unnest($5::text[]) AS z(zone_id)
        CROSS JOIN generate_series(c.hour, c.hour + interval '59 minutes', interval '1 minute') AS m(minute)
        LEFT JOIN observed o ON o.zone_id = z.zone_id AND o.minute = m.minute
      ), slotted AS (
        SELECT zone_id, extract(isodow FROM minute AT TIME ZONE $2::text)::int AS dow,
               extract(hour FROM minute AT TIME ZONE $2::text)::int AS hour,
               (minute AT TIME ZONE $2::text)::date AS day, devices
        FROM grid
      ), centers AS (
        SELECT zone_id, dow, hour, percentile_cont(0.5) WITHIN GROUP (ORDER BY devices) AS median,
               count(DISTINCT day)::int AS weeks
        FROM slotted
        GROUP BY zone_id, dow, hour
      )
      SELECT c.zone_id, c.dow, c.hour, c.median, c.weeks,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(s.devices - c.median)) AS mad
      FROM centers c JOIN slotted s USING (zone_id, dow, hour)
      GROUP BY c.zone_id, c.dow, c.hour, c.median, c.weeks
      ORDER BY c.zone_id, c.dow, c.hour""";

  private Sql() {
  }

  /**
   * Upserts repeat-visit triples in one statement (distinct keys). A triple is its key and nothing more, so a re-sent
   * one only re-stamps the epoch; one of an older epoch ($5) than the stored triple's is refused, like every row an
   * engine produces.
   */
  static final String UPSERT_REPEAT_VISITS = """
      INSERT INTO repeat_visit (site_id, zone_id, day, rid, epoch)
      SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::bigint[], $5::bigint[])
      ON CONFLICT (site_id, zone_id, day, rid) DO UPDATE SET
        epoch = EXCLUDED.epoch
      WHERE repeat_visit.epoch <= EXCLUDED.epoch""";

  /**
   * First-time, returning and frequency of the visitors of a store ($2, '' = site) of a site ($1) in the days $4..$5,
   * judged on their visit days from $3 (the lookback start) to $5, a span of $6 days (docs/metrics.md).
   */
  static final String REPEAT_SUMMARY = """
      WITH seen AS (
        SELECT count(*) AS days, max(day) AS last
        FROM repeat_visit
        WHERE site_id = $1 AND zone_id = $2 AND day >= $3 AND day <= $5
        GROUP BY rid
      ), visitors AS (SELECT days FROM seen WHERE last >= $4)
      SELECT count(*) AS visitors,
             count(*) FILTER (WHERE days >= 2) AS returning,
             count(*) FILTER (WHERE days * 2 >= $6) AS daily,
             count(*) FILTER (WHERE days * 2 < $6 AND days * 7 >= $6) AS weekly,
             count(*) FILTER (WHERE days * 7 < $6 AND days >= 2 AND days * 30 >= $6) AS monthly
      FROM visitors""";

  /**
   * Per day $4..$5: the visitors of a store ($2, '' = site) of a site ($1), and those of them who visited on an
   * earlier day at most $6 days before; days from $3 are read for that lookback.
   */
  static final String REPEAT_DAYS = """
      SELECT day, count(*) AS visitors, count(*) FILTER (WHERE previous >= day - $6::int) AS returning
      FROM (
        SELECT day, lag(day) OVER (PARTITION BY rid ORDER BY day) AS previous
        FROM repeat_visit
        WHERE site_id = $1 AND zone_id = $2 AND day >= $3 AND day <= $5
      ) visits
      WHERE day >= $4
      GROUP BY day
      ORDER BY day""";

  /** Deletes repeat-visit triples of days before $1, in slices of at most $2 rows. */
  static final String PURGE_REPEAT_VISITS = """
      DELETE FROM repeat_visit WHERE ctid IN (
        SELECT ctid FROM repeat_visit WHERE day < $1 LIMIT $2)""";

  /**
   * The decisions' daily figures (docs/decisions.md): visitors and passers-by of a store, vacant unit or the site
   * ($2, '' = site) of site $1 per local day and local hour in time zone $5, over {@code $3 <= minute < $4}.
   */
  static final String DECISION_STORE_HOURS = """
      SELECT (minute AT TIME ZONE $5::text)::date AS day, extract(hour FROM minute AT TIME ZONE $5::text)::int AS hour,
             sum(visitors) AS visitors, sum(passers_by) AS passers_by
      FROM store_minute
      WHERE site_id = $1 AND zone_id = $2 AND minute >= $3 AND minute < $4
      GROUP BY day, hour
      ORDER BY day, hour""";

  /** Like {@link #DECISION_STORE_HOURS} for a zone without visitor figures: its entries stand for visitors. */
  static final String DECISION_ZONE_HOURS = """
      SELECT (minute AT TIME ZONE $5::text)::date AS day, extract(hour FROM minute AT TIME ZONE $5::text)::int AS hour,
             sum(entries) AS visitors, 0::bigint AS passers_by
      FROM zone_minute
      WHERE site_id = $1 AND zone_id = $2 AND minute >= $3 AND minute < $4
      GROUP BY day, hour
      ORDER BY day, hour""";

  /** Moves into zone $2 (for the site, '': arrivals from outside) per local day and hour in $5, hours in [$3, $4). */
  static final String DECISION_FLOWS_IN = """
      SELECT (hour AT TIME ZONE $5::text)::date AS day, extract(hour FROM hour AT TIME ZONE $5::text)::int AS h,
             sum(transitions) AS transitions
      FROM flow_hour
      WHERE site_id = $1 AND hour >= $3 AND hour < $4
        AND (($2 = '' AND from_zone = 'outside') OR ($2 <> '' AND to_zone = $2 AND from_zone <> $2))
      GROUP BY day, h
      ORDER BY day, h""";

  /** Fine dwell bins of zone $2 per local day in $5 over {@code $3 <= minute < $4}. */
  static final String DECISION_DWELL_DAYS = """
      SELECT (minute AT TIME ZONE $5::text)::date AS day, dwell_fine[2 * i - 1] AS bin, sum(dwell_fine[2 * i]) AS visits
      FROM store_minute, generate_series(1, coalesce(array_length(dwell_fine, 1), 0) / 2) AS i
      WHERE site_id = $1 AND zone_id = $2 AND minute >= $3 AND minute < $4
      GROUP BY day, bin
      ORDER BY day, bin""";

  /**
   * Every store and vacant unit of site $1 ($5: their ids) over {@code $2 <= minute < $3}: visitors and passers-by
   * per local hour of the day in $4.
   */
  static final String DECISION_UNIT_HOURS = """
      SELECT zone_id, extract(hour FROM minute AT TIME ZONE $4::text)::int AS hour, sum(visitors) AS visitors,
             sum(passers_by) AS passers_by
      FROM store_minute
      WHERE site_id = $1 AND minute >= $2 AND minute < $3 AND zone_id = ANY($5::text[])
      GROUP BY zone_id, hour
      ORDER BY zone_id, hour""";

  /** On how many local days (in $4) each unit of {@link #DECISION_UNIT_HOURS} was recorded at all. */
  static final String DECISION_UNIT_DAYS = """
      SELECT zone_id, count(DISTINCT (minute AT TIME ZONE $4::text)::date) AS days
      FROM store_minute
      WHERE site_id = $1 AND minute >= $2 AND minute < $3 AND zone_id = ANY($5::text[])
      GROUP BY zone_id""";
}
