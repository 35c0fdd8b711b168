package io.footfall.store;

import io.footfall.analytics.RepeatVisit;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Repeat-visit triples in PostgreSQL ({@code repeat_visit}) and the figures derived from them: visitors, first-time,
 * returning and visit frequency of a store or the site ({@code docs/metrics.md} defines each).
 */
public final class RepeatStore {

  /**
   * Visitors of a period, judged on their visit days in the lookback span.
   *
   * @param lookbackFrom first day read (the period start minus the window, or the oldest day still kept)
   * @param spanDays     days from {@code lookbackFrom} to the period's last day, inclusive
   * @param visitors     distinct repeat-visit ids with a visit in the period
   * @param returning    those of them with visits on at least two days of the span
   * @param daily        visits on at least every other day of the span
   * @param weekly       at least one visit day per 7 days of the span on average, but not daily
   * @param monthly      at least two visit days and one per 30 days of the span on average, but not weekly
   */
  public record Summary(LocalDate lookbackFrom, int spanDays, long visitors, long returning, long daily, long weekly,
                        long monthly) {

    public long firstTime() {
      return visitors - returning;
    }

    public long occasional() {
      return visitors - daily - weekly - monthly;
    }
  }

  /** One day of a period: its visitors, and those who visited on an earlier day within the window too. */
  public record Day(LocalDate day, long visitors, long returning) {

    public long firstTime() {
      return visitors - returning;
    }
  }

  /** A repeat-visit triple of a site, as the writer queues and spools it. */
  public record SiteVisit(String site, RepeatVisit visit) {
  }

  private final Pool pool;

  public RepeatStore(Pool pool) {
    this.pool = pool;
  }

  /**
   * Stores triples of one site written outside any engine's ownership (an import, a fixture) under epoch 0, the
   * oldest; those already stored are left as they are.
   */
  public Future<Integer> insert(String site, List<RepeatVisit> rows) {
    return upsertFenced(rows.stream().map(row -> new Fenced<>(0, new SiteVisit(site, row))).toList());
  }

  /**
   * Stores triples of any sites in one statement, each under its fencing epoch: a triple of an older epoch than the
   * stored one's is refused, one of the same or a newer epoch takes it over (its key is all it holds, so nothing but
   * the epoch changes). Completes with the triples sent, refused ones included.
   */
  Future<Integer> upsertFenced(List<Fenced<SiteVisit>> rows) {
    List<Fenced<SiteVisit>> unique = UpsertBatch.latest(rows, row -> row);
    if (unique.isEmpty()) {
      return Future.succeededFuture(0);
    }
    int n = unique.size();
    String[] sites = new String[n];
    String[] zones = new String[n];
    LocalDate[] days = new LocalDate[n];
    Long[] rids = new Long[n];
    Long[] epochs = new Long[n];
    for (int i = 0; i < n; i++) {
      SiteVisit row = unique.get(i).row();
      sites[i] = row.site();
      zones[i] = row.visit().zone();
      days[i] = LocalDate.ofEpochDay(row.visit().day());
      rids[i] = row.visit().rid();
      epochs[i] = unique.get(i).epoch();
    }
    Tuple args = Tuple.tuple().addArrayOfString(sites).addArrayOfString(zones).addArrayOfLocalDate(days)
        .addArrayOfLong(rids).addArrayOfLong(epochs);
    return pool.preparedQuery(Sql.UPSERT_REPEAT_VISITS).execute(args).map(done -> {
      Fenced.refused("repeat_visit", n, done.rowCount());
      return n;
    });
  }

  /**
   * The visitors of days {@code from}..{@code to} (inclusive) of a store ({@code ""} for the site), judged on the
   * {@code windowDays} before {@code from} too, but never on days before {@code keptFrom} (purged).
   */
  public Future<Summary> summary(String site, String zone, LocalDate from, LocalDate to, int windowDays,
                                 LocalDate keptFrom) {
    LocalDate lookback = from.minusDays(windowDays);
    if (lookback.isBefore(keptFrom)) {
      lookback = keptFrom.isAfter(from) ? from : keptFrom;
    }
    LocalDate start = lookback;
    int span = (int) (to.toEpochDay() - start.toEpochDay() + 1);
    return pool.preparedQuery(Sql.REPEAT_SUMMARY).execute(Tuple.of(site, zone, start, from, to, span)).map(rows -> {
      Row row = rows.iterator().next();
      return new Summary(start, span, row.getLong("visitors"), row.getLong("returning"), row.getLong("daily"),
          row.getLong("weekly"), row.getLong("monthly"));
    });
  }

  /** Per day {@code from}..{@code to} (inclusive; days without visitors left out), oldest first. */
  public Future<List<Day>> days(String site, String zone, LocalDate from, LocalDate to, int windowDays) {
    Tuple args = Tuple.of(site, zone, from.minusDays(windowDays), from, to, windowDays);
    return pool.preparedQuery(Sql.REPEAT_DAYS).execute(args).map(rows -> {
      List<Day> days = new ArrayList<>(rows.size());
      for (Row row : rows) {
        days.add(new Day(row.getLocalDate("day"), row.getLong("visitors"), row.getLong("returning")));
      }
      return days;
    });
  }

  /** Deletes at most {@code limit} triples of days before {@code before}; completes with the rows deleted. */
  Future<Integer> purgeSlice(LocalDate before, int limit) {
    return pool.preparedQuery(Sql.PURGE_REPEAT_VISITS).execute(Tuple.of(before, limit)).map(r -> r.rowCount());
  }
}
