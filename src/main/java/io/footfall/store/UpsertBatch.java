package io.footfall.store;

import io.footfall.analytics.ZoneMinute;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The rows of one flush, keyed like {@code zone_minute}, as the column arrays of {@link Sql#UPSERT_ZONE_MINUTES}. */
final class UpsertBatch {

  private record Key(String site, String zone, long minute) {
  }

  private final List<Fenced<ZoneMinute>> rows;

  /**
   * Of rows sharing a key, only the last one queued of the newest epoch and highest revision is kept: it holds the
   * latest figures, and the statement would refuse the others anyway.
   */
  UpsertBatch(Collection<Fenced<ZoneMinute>> queued) {
    Map<Key, Fenced<ZoneMinute>> latest = new LinkedHashMap<>();
    for (Fenced<ZoneMinute> row : queued) {
      latest.merge(new Key(row.row().site(), row.row().zone(), row.row().minute()), row,
          (kept, next) -> next.epoch() > kept.epoch()
              || (next.epoch() == kept.epoch() && next.row().revision() >= kept.row().revision()) ? next : kept);
    }
    this.rows = List.copyOf(latest.values());
  }

  /** Of fenced rows sharing a key, the last one queued of the newest epoch, in the order the keys came. */
  static <T, K> List<Fenced<T>> latest(Collection<Fenced<T>> queued, java.util.function.Function<T, K> key) {
    Map<K, Fenced<T>> latest = new LinkedHashMap<>();
    for (Fenced<T> row : queued) {
      latest.merge(key.apply(row.row()), row, (kept, next) -> next.epoch() >= kept.epoch() ? next : kept);
    }
    return List.copyOf(latest.values());
  }

  int size() {
    return rows.size();
  }

  Tuple parameters() {
    int n = rows.size();
    String[] sites = new String[n];
    String[] zones = new String[n];
    OffsetDateTime[] minutes = new OffsetDateTime[n];
    Float[] devicesAvg = new Float[n];
    Integer[] devicesMax = new Integer[n];
    Integer[] entries = new Integer[n];
    Integer[] exits = new Integer[n];
    Integer[] uniques = new Integer[n];
    Long[] epochs = new Long[n];
    Integer[] revisions = new Integer[n];
    for (int i = 0; i < n; i++) {
      ZoneMinute row = rows.get(i).row();
      epochs[i] = rows.get(i).epoch();
      sites[i] = row.site();
      zones[i] = row.zone();
      minutes[i] = OffsetDateTime.ofInstant(Instant.ofEpochMilli(row.minute()), ZoneOffset.UTC);
      devicesAvg[i] = (float) row.devicesAvg();
      devicesMax[i] = row.devicesMax();
      entries[i] = row.entries();
      exits[i] = row.exits();
      uniques[i] = row.uniques();
      revisions[i] = row.revision();
    }
    return Tuple.tuple()
        .addArrayOfString(sites)
        .addArrayOfString(zones)
        .addArrayOfOffsetDateTime(minutes)
        .addArrayOfFloat(devicesAvg)
        .addArrayOfInteger(devicesMax)
        .addArrayOfInteger(entries)
        .addArrayOfInteger(exits)
        .addArrayOfInteger(uniques)
        .addArrayOfLong(epochs)
        .addArrayOfInteger(revisions);
  }
}
