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

  private final List<ZoneMinute> rows;

  /** Of rows sharing a key, only the last one queued is kept: it holds the latest figures. */
  UpsertBatch(Collection<ZoneMinute> queued) {
    Map<Key, ZoneMinute> latest = new LinkedHashMap<>();
    for (ZoneMinute row : queued) {
      latest.put(new Key(row.site(), row.zone(), row.minute()), row);
    }
    this.rows = List.copyOf(latest.values());
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
    for (int i = 0; i < n; i++) {
      ZoneMinute row = rows.get(i);
      sites[i] = row.site();
      zones[i] = row.zone();
      minutes[i] = OffsetDateTime.ofInstant(Instant.ofEpochMilli(row.minute()), ZoneOffset.UTC);
      devicesAvg[i] = (float) row.devicesAvg();
      devicesMax[i] = row.devicesMax();
      entries[i] = row.entries();
      exits[i] = row.exits();
      uniques[i] = row.uniques();
    }
    return Tuple.tuple()
        .addArrayOfString(sites)
        .addArrayOfString(zones)
        .addArrayOfOffsetDateTime(minutes)
        .addArrayOfFloat(devicesAvg)
        .addArrayOfInteger(devicesMax)
        .addArrayOfInteger(entries)
        .addArrayOfInteger(exits)
        .addArrayOfInteger(uniques);
  }
}
