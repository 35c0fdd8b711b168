package io.footfall.store;

import io.footfall.analytics.ZoneMinute;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Reads stored rollups back, for the dashboards' history charts and for health checks. */
public final class RollupQueries {

  private final Pool pool;

  public RollupQueries(Pool pool) {
    this.pool = pool;
  }

  /** The stored minutes of one zone with {@code from <= minute < to}, oldest first. */
  public Future<List<ZoneMinute>> series(String site, String zone, Instant from, Instant to) {
    return pool.preparedQuery(Sql.ZONE_SERIES)
        .execute(Tuple.of(site, zone, utc(from), utc(to)))
        .map(rows -> {
          List<ZoneMinute> series = new ArrayList<>(rows.size());
          for (Row row : rows) {
            series.add(zoneMinute(row));
          }
          return series;
        });
  }

  /** True when PostgreSQL answers a trivial query; never fails. */
  public Future<Boolean> ping() {
    return pool.query(Sql.PING).execute().map(rows -> true).otherwise(false);
  }

  private static ZoneMinute zoneMinute(Row row) {
    return new ZoneMinute(row.getString("site_id"), row.getString("zone_id"),
        row.getOffsetDateTime("minute").toInstant().toEpochMilli(), row.getFloat("devices_avg"),
        row.getInteger("devices_max"), row.getInteger("entries"), row.getInteger("exits"), row.getInteger("uniques"),
        row.getInteger("revision"));
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
