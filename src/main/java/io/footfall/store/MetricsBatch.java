package io.footfall.store;

import io.footfall.analytics.FlowHour;
import io.footfall.analytics.PathHour;
import io.footfall.analytics.StoreMinute;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The metric rows of one flush ({@link StoreMinute}, {@link FlowHour}, {@link PathHour}), de-duplicated by key
 * (the last queued of the newest epoch wins) and written with one upsert statement per table.
 */
final class MetricsBatch {

  private final List<Fenced<StoreMinute>> stores;
  private final List<Fenced<FlowHour>> flows;
  private final List<Fenced<PathHour>> paths;

  MetricsBatch(Collection<Fenced<Object>> queued) {
    List<Fenced<StoreMinute>> s = new ArrayList<>();
    List<Fenced<FlowHour>> f = new ArrayList<>();
    List<Fenced<PathHour>> p = new ArrayList<>();
    for (Fenced<Object> row : queued) {
      if (row.row() instanceof StoreMinute m) {
        s.add(new Fenced<>(row.epoch(), m));
      } else if (row.row() instanceof FlowHour h) {
        f.add(new Fenced<>(row.epoch(), h));
      } else if (row.row() instanceof PathHour h) {
        p.add(new Fenced<>(row.epoch(), h));
      }
    }
    stores = UpsertBatch.latest(s, m -> List.of(m.site(), m.zone(), m.minute()));
    flows = UpsertBatch.latest(f, h -> List.of(h.site(), h.hour(), h.from(), h.to()));
    paths = UpsertBatch.latest(p, h -> List.of(h.site(), h.hour(), h.path()));
  }

  int size() {
    return stores.size() + flows.size() + paths.size();
  }

  /** Runs the upserts of the non-empty tables on one connection, one after the other. */
  Future<Void> write(SqlConnection conn) {
    Future<?> chain = Future.succeededFuture();
    if (!stores.isEmpty()) {
      chain = chain.compose(v -> conn.preparedQuery(Sql.UPSERT_STORE_MINUTES).execute(storeParameters())
          .onSuccess(done -> Fenced.refused("store_minute", stores.size(), done.rowCount())));
    }
    if (!flows.isEmpty()) {
      chain = chain.compose(v -> conn.preparedQuery(Sql.UPSERT_FLOW_HOURS).execute(flowParameters())
          .onSuccess(done -> Fenced.refused("flow_hour", flows.size(), done.rowCount())));
    }
    if (!paths.isEmpty()) {
      chain = chain.compose(v -> conn.preparedQuery(Sql.UPSERT_PATH_HOURS).execute(pathParameters())
          .onSuccess(done -> Fenced.refused("path_hour", paths.size(), done.rowCount())));
    }
    return chain.mapEmpty();
  }

  private Tuple storeParameters() {
    int n = stores.size();
    String[] sites = new String[n];
    String[] zones = new String[n];
    OffsetDateTime[] minutes = new OffsetDateTime[n];
    Integer[] visitors = new Integer[n];
    Integer[] passersBy = new Integer[n];
    Integer[] excluded = new Integer[n];
    Integer[] random = new Integer[n];
    String[] buckets = new String[n];
    String[] fine = new String[n];
    Long[] dwellMs = new Long[n];
    Long[] epochs = new Long[n];
    for (int i = 0; i < n; i++) {
      StoreMinute row = stores.get(i).row();
      epochs[i] = stores.get(i).epoch();
      sites[i] = row.site();
      zones[i] = row.zone();
      minutes[i] = utc(row.minute());
      visitors[i] = row.visitors();
      passersBy[i] = row.passersBy();
      excluded[i] = row.excluded();
      random[i] = row.random();
      buckets[i] = arrayLiteral(row.dwellBuckets());
      fine[i] = arrayLiteral(row.dwellFine());
      dwellMs[i] = row.dwellTotalMs();
    }
    return Tuple.tuple().addArrayOfString(sites).addArrayOfString(zones).addArrayOfOffsetDateTime(minutes)
        .addArrayOfInteger(visitors).addArrayOfInteger(passersBy).addArrayOfInteger(excluded)
        .addArrayOfInteger(random).addArrayOfString(buckets).addArrayOfString(fine).addArrayOfLong(dwellMs)
        .addArrayOfLong(epochs);
  }

  private Tuple flowParameters() {
    int n = flows.size();
    String[] sites = new String[n];
    OffsetDateTime[] hours = new OffsetDateTime[n];
    String[] from = new String[n];
    String[] to = new String[n];
    Integer[] transitions = new Integer[n];
    Long[] epochs = new Long[n];
    for (int i = 0; i < n; i++) {
      FlowHour row = flows.get(i).row();
      epochs[i] = flows.get(i).epoch();
      sites[i] = row.site();
      hours[i] = utc(row.hour());
      from[i] = row.from();
      to[i] = row.to();
      transitions[i] = row.transitions();
    }
    return Tuple.tuple().addArrayOfString(sites).addArrayOfOffsetDateTime(hours).addArrayOfString(from)
        .addArrayOfString(to).addArrayOfInteger(transitions).addArrayOfLong(epochs);
  }

  private Tuple pathParameters() {
    int n = paths.size();
    String[] sites = new String[n];
    OffsetDateTime[] hours = new OffsetDateTime[n];
    String[] path = new String[n];
    Integer[] trips = new Integer[n];
    Long[] epochs = new Long[n];
    for (int i = 0; i < n; i++) {
      PathHour row = paths.get(i).row();
      epochs[i] = paths.get(i).epoch();
      sites[i] = row.site();
      hours[i] = utc(row.hour());
      path[i] = row.path();
      trips[i] = row.trips();
    }
    return Tuple.tuple().addArrayOfString(sites).addArrayOfOffsetDateTime(hours).addArrayOfString(path)
        .addArrayOfInteger(trips).addArrayOfLong(epochs);
  }

  static OffsetDateTime utc(long epochMs) {
    return OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMs), ZoneOffset.UTC);
  }

  private static String arrayLiteral(int[] values) {
    return Arrays.stream(values).mapToObj(Integer::toString).collect(Collectors.joining(",", "{", "}"));
  }
}
