package io.footfall.store;

import io.footfall.decisions.DayFigures;
import io.footfall.decisions.UnitHistory;
import io.footfall.site.Site;
import io.footfall.site.Zone;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the stored rollups the decisions stand on (docs/decisions.md): a zone's figures per local day and hour, and
 * every unit's history by hour. Only aggregates: nothing here reads an identifier.
 */
public final class DecisionQueries {

  private final Pool pool;
  private final RepeatStore repeats;

  public DecisionQueries(Pool pool) {
    this.pool = pool;
    this.repeats = new RepeatStore(pool);
  }

  /**
   * The local days {@code from}..{@code to} (inclusive) of a zone ({@code ""} = the site), each with its hourly
   * figures, dwell and repeat visitors; days without any record are left out.
   *
   * @param visitorFigures whether the zone has visitor figures (a store, a vacant unit, the site) rather than only
   *                       entries (a corridor)
   * @param windowDays     the repeat-visit window: a visitor seen on an earlier day within it is returning
   */
  public Future<List<DayFigures>> days(Site site, String zone, boolean visitorFigures, LocalDate from, LocalDate to,
                                       int windowDays) {
    ZoneId tz = ZoneId.of(site.timezone());
    Tuple range = Tuple.of(site.id(), zone, start(from, tz), start(to.plusDays(1), tz), site.timezone());
    Future<Map<LocalDate, long[][]>> hours = pool.preparedQuery(visitorFigures ? Sql.DECISION_STORE_HOURS
        : Sql.DECISION_ZONE_HOURS).execute(range).map(rows -> {
          Map<LocalDate, long[][]> days = new TreeMap<>();
          for (Row row : rows) {
            long[][] day = days.computeIfAbsent(row.getLocalDate("day"), d -> new long[3][DayFigures.HOURS]);
            day[0][row.getInteger("hour")] += row.getLong("visitors");
            day[1][row.getInteger("hour")] += row.getLong("passers_by");
          }
          return days;
        });
    Future<Map<LocalDate, long[]>> flows = pool.preparedQuery(Sql.DECISION_FLOWS_IN).execute(range).map(rows -> {
      Map<LocalDate, long[]> days = new TreeMap<>();
      for (Row row : rows) {
        days.computeIfAbsent(row.getLocalDate("day"), d -> new long[DayFigures.HOURS])[row.getInteger("h")] +=
            row.getLong("transitions");
      }
      return days;
    });
    Future<Map<LocalDate, int[]>> dwell = !visitorFigures ? Future.succeededFuture(Map.of())
        : pool.preparedQuery(Sql.DECISION_DWELL_DAYS).execute(range).map(DecisionQueries::dwellDays);
    Future<List<RepeatStore.Day>> repeat = !visitorFigures ? Future.succeededFuture(List.of())
        : repeats.days(site.id(), zone, from, to, windowDays);
    return Future.all(hours, flows, dwell, repeat).map(all -> {
      Map<LocalDate, long[][]> byDay = all.resultAt(0);
      Map<LocalDate, long[]> flowDays = all.resultAt(1);
      Map<LocalDate, int[]> dwellDays = all.resultAt(2);
      Map<LocalDate, RepeatStore.Day> repeatDays = new LinkedHashMap<>();
      for (RepeatStore.Day d : all.<List<RepeatStore.Day>>resultAt(3)) {
        repeatDays.put(d.day(), d);
      }
      flowDays.keySet().forEach(d -> byDay.computeIfAbsent(d, x -> new long[3][DayFigures.HOURS]));
      List<DayFigures> days = new ArrayList<>(byDay.size());
      byDay.forEach((day, figures) -> {
        RepeatStore.Day r = repeatDays.get(day);
        days.add(new DayFigures(day, figures[0], figures[1], flowDays.get(day), dwellDays.get(day),
            r == null ? 0 : r.visitors(), r == null ? 0 : r.returning()));
      });
      return days;
    });
  }

  /** The history of every given unit over the local days {@code from}..{@code to} (inclusive). */
  public Future<List<UnitHistory>> units(Site site, List<Zone> units, LocalDate from, LocalDate to) {
    ZoneId tz = ZoneId.of(site.timezone());
    String[] ids = units.stream().map(Zone::id).toArray(String[]::new);
    Tuple args = Tuple.of(site.id(), start(from, tz), start(to.plusDays(1), tz), site.timezone())
        .addArrayOfString(ids);
    Future<Map<String, long[][]>> hours = pool.preparedQuery(Sql.DECISION_UNIT_HOURS).execute(args).map(rows -> {
      Map<String, long[][]> byZone = new LinkedHashMap<>();
      for (Row row : rows) {
        long[][] h = byZone.computeIfAbsent(row.getString("zone_id"), z -> new long[2][DayFigures.HOURS]);
        h[0][row.getInteger("hour")] = row.getLong("visitors");
        h[1][row.getInteger("hour")] = row.getLong("passers_by");
      }
      return byZone;
    });
    Future<Map<String, Integer>> days = pool.preparedQuery(Sql.DECISION_UNIT_DAYS).execute(args).map(rows -> {
      Map<String, Integer> byZone = new LinkedHashMap<>();
      rows.forEach(row -> byZone.put(row.getString("zone_id"), row.getLong("days").intValue()));
      return byZone;
    });
    return Future.all(hours, days).map(all -> {
      Map<String, long[][]> byZone = all.resultAt(0);
      Map<String, Integer> dayCounts = all.resultAt(1);
      List<UnitHistory> histories = new ArrayList<>();
      for (Zone z : units) {
        long[][] h = byZone.get(z.id());
        histories.add(new UnitHistory(z.id(), z.floor(), z.category(), dayCounts.getOrDefault(z.id(), 0),
            h == null ? null : h[0], h == null ? null : h[1]));
      }
      return histories;
    });
  }

  private static Map<LocalDate, int[]> dwellDays(io.vertx.sqlclient.RowSet<Row> rows) {
    Map<LocalDate, List<Integer>> pairs = new TreeMap<>();
    for (Row row : rows) {
      List<Integer> day = pairs.computeIfAbsent(row.getLocalDate("day"), d -> new ArrayList<>());
      day.add(row.getInteger("bin"));
      day.add(row.getInteger("visits"));
    }
    Map<LocalDate, int[]> days = new TreeMap<>();
    pairs.forEach((d, list) -> days.put(d, list.stream().mapToInt(Integer::intValue).toArray()));
    return days;
  }

  private static OffsetDateTime start(LocalDate day, ZoneId tz) {
    return OffsetDateTime.ofInstant(day.atStartOfDay(tz).toInstant(), ZoneOffset.UTC);
  }
}
