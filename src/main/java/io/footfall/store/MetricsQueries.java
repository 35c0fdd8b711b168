package io.footfall.store;

import io.footfall.analytics.FlowHour;
import io.footfall.analytics.PathHour;
import io.footfall.analytics.StoreMinute;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads stored visitor and flow metrics back for the REST API, summed in PostgreSQL. */
public final class MetricsQueries implements MetricsSource {

  private final Pool pool;

  public MetricsQueries(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<List<StoreMinute>> storePeriods(String site, String zone, Step step, Instant from, Instant to) {
    Tuple args = Tuple.of(site, utc(from), utc(to), step.name().toLowerCase(Locale.ROOT), zone);
    return pool.preparedQuery(Sql.STORE_PERIODS).execute(args).map(rows -> {
      List<StoreMinute> periods = new ArrayList<>(rows.size());
      for (Row row : rows) {
        periods.add(new StoreMinute(site, row.getString("zone_id"),
            row.getOffsetDateTime("period").toInstant().toEpochMilli(), row.getInteger("visitors"),
            row.getInteger("passers_by"), row.getInteger("excluded"), row.getInteger("random"),
            new int[] {row.getInteger("b1"), row.getInteger("b2"), row.getInteger("b3"), row.getInteger("b4"),
                row.getInteger("b5")},
            new int[0], row.getLong("dwell_total_ms")));
      }
      return periods;
    });
  }

  @Override
  public Future<Map<String, int[]>> dwellBins(String site, String zone, Instant from, Instant to) {
    return pool.preparedQuery(Sql.STORE_DWELL_BINS).execute(Tuple.of(site, utc(from), utc(to), zone)).map(rows -> {
      Map<String, List<Integer>> pairs = new LinkedHashMap<>();
      for (Row row : rows) {
        List<Integer> zonePairs = pairs.computeIfAbsent(row.getString("zone_id"), z -> new ArrayList<>());
        zonePairs.add(row.getInteger("bin"));
        zonePairs.add(row.getInteger("visits"));
      }
      Map<String, int[]> bins = new LinkedHashMap<>();
      pairs.forEach((z, list) -> bins.put(z, list.stream().mapToInt(Integer::intValue).toArray()));
      return bins;
    });
  }

  @Override
  public Future<List<FlowHour>> flows(String site, Instant from, Instant to) {
    return pool.preparedQuery(Sql.FLOWS).execute(Tuple.of(site, utc(from), utc(to))).map(rows -> {
      List<FlowHour> cells = new ArrayList<>(rows.size());
      for (Row row : rows) {
        cells.add(new FlowHour(site, from.toEpochMilli(), row.getString("from_zone"), row.getString("to_zone"),
            row.getInteger("transitions")));
      }
      return cells;
    });
  }

  @Override
  public Future<List<PathHour>> topPaths(String site, Instant from, Instant to, int limit) {
    return pool.preparedQuery(Sql.TOP_PATHS).execute(Tuple.of(site, utc(from), utc(to), limit)).map(rows -> {
      List<PathHour> paths = new ArrayList<>(rows.size());
      for (Row row : rows) {
        paths.add(new PathHour(site, from.toEpochMilli(), row.getString("path"), row.getInteger("trips")));
      }
      return paths;
    });
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
