package io.footfall.store;

import io.footfall.analytics.CalibrationFit;
import io.footfall.analytics.DeviceEstimate;
import io.footfall.site.PeopleModel;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Device estimates and headcount calibration in PostgreSQL ({@code device_estimate}, {@code calibration_*}). */
public final class EstimateStore {

  /** The fits of one site and when they were made. */
  public record SiteFits(String site, Instant fittedAt, List<CalibrationFit> fits) {
  }

  /** The mean estimated devices of a zone over a period, from its minute snapshots (0 snapshots: no data). */
  public record MeanDevices(double devices, long snapshots) {
  }

  private final Pool pool;

  public EstimateStore(Pool pool) {
    this.pool = pool;
  }

  /** Upserts rows written outside any engine's ownership (an import, a fixture) under epoch 0, the oldest. */
  public Future<Integer> upsert(List<DeviceEstimate> rows) {
    return upsertFenced(rows.stream().map(row -> new Fenced<>(0, row)).toList());
  }

  /**
   * Upserts rows in one statement, each under its fencing epoch (a row of an older epoch than the stored one is
   * refused); of rows sharing a key the last one of the newest epoch wins.
   */
  Future<Integer> upsertFenced(List<Fenced<DeviceEstimate>> rows) {
    List<Fenced<DeviceEstimate>> unique = UpsertBatch.latest(rows,
        row -> List.of(row.site(), row.zone(), row.resolutionSec(), row.start()));
    if (unique.isEmpty()) {
      return Future.succeededFuture(0);
    }
    int n = unique.size();
    String[] sites = new String[n];
    String[] zones = new String[n];
    Integer[] resolutions = new Integer[n];
    OffsetDateTime[] starts = new OffsetDateTime[n];
    Integer[][] counts = new Integer[5][n];
    Long[] epochs = new Long[n];
    for (int i = 0; i < n; i++) {
      DeviceEstimate r = unique.get(i).row();
      epochs[i] = unique.get(i).epoch();
      sites[i] = r.site();
      zones[i] = r.zone();
      resolutions[i] = r.resolutionSec();
      starts[i] = utc(Instant.ofEpochMilli(r.start()));
      counts[0][i] = r.devices();
      counts[1][i] = r.randomMacs();
      counts[2][i] = r.estimatedDevices();
      counts[3][i] = r.low();
      counts[4][i] = r.high();
    }
    Tuple params = Tuple.tuple().addArrayOfString(sites).addArrayOfString(zones).addArrayOfInteger(resolutions)
        .addArrayOfOffsetDateTime(starts);
    for (Integer[] column : counts) {
      params.addArrayOfInteger(column);
    }
    params.addArrayOfLong(epochs);
    return pool.preparedQuery(Sql.UPSERT_DEVICE_ESTIMATES).execute(params).map(done -> {
      Fenced.refused("device_estimate", n, done.rowCount());
      return n;
    });
  }

  /** Rows of one zone (or {@link DeviceEstimate#SITE}) and resolution with {@code from <= start < to}, oldest first. */
  public Future<List<DeviceEstimate>> series(String site, String zone, int resolutionSec, Instant from, Instant to) {
    return pool.preparedQuery(Sql.DEVICE_ESTIMATE_SERIES)
        .execute(Tuple.of(site, zone, resolutionSec, utc(from), utc(to)))
        .map(rows -> {
          List<DeviceEstimate> out = new ArrayList<>(rows.size());
          for (Row row : rows) {
            out.add(new DeviceEstimate(row.getString("site_id"), row.getString("zone_id"),
                row.getOffsetDateTime("period_start").toInstant().toEpochMilli(), row.getInteger("resolution_s"),
                row.getInteger("devices"), row.getInteger("random_macs"), row.getInteger("estimated_devices"),
                row.getInteger("low"), row.getInteger("high")));
          }
          return out;
        });
  }

  public Future<MeanDevices> meanEstimatedDevices(String site, String zone, Instant from, Instant to) {
    return pool.preparedQuery(Sql.MEAN_ESTIMATED_DEVICES).execute(Tuple.of(site, zone, utc(from), utc(to)))
        .map(rows -> {
          Row row = rows.iterator().next();
          Double mean = row.getDouble("devices");
          return new MeanDevices(mean == null ? 0 : mean, row.getLong("snapshots"));
        });
  }

  /** Stores a headcount, then refits the site from all its counts and replaces its fits; completes with them. */
  public Future<SiteFits> addCountAndRefit(String site, String zone, Instant from, Instant to, double people,
                                           double devices, int hourBand, PeopleModel model, Instant now) {
    return pool.withTransaction(conn -> conn.preparedQuery(Sql.INSERT_CALIBRATION_COUNT)
        .execute(Tuple.of(site, zone, utc(from), utc(to), (float) people, (float) devices, hourBand))
        .compose(inserted -> refit(conn, site, model, now)));
  }

  /** A stored headcount with the mean estimated devices it was fitted against. */
  public record Count(long id, String zone, Instant from, Instant to, double people, double devices, int hourBand,
                      Instant createdAt) {
  }

  /** The site's stored headcounts, oldest first. */
  public Future<List<Count>> counts(String site) {
    return pool.preparedQuery(Sql.CALIBRATION_COUNTS).execute(Tuple.of(site)).map(rows -> {
      List<Count> out = new ArrayList<>(rows.size());
      for (Row row : rows) {
        out.add(new Count(row.getLong("id"), row.getString("zone_id"), row.getOffsetDateTime("from_ts").toInstant(),
            row.getOffsetDateTime("to_ts").toInstant(), row.getFloat("people"), row.getFloat("devices"),
            row.getInteger("hour_band"), row.getOffsetDateTime("created_at").toInstant()));
      }
      return out;
    });
  }

  /** Replaces a stored headcount and refits the site; empty when the site has no count with that id. */
  public Future<Optional<SiteFits>> replaceCountAndRefit(String site, long id, String zone, Instant from, Instant to,
                                                         double people, double devices, int hourBand,
                                                         PeopleModel model, Instant now) {
    return pool.withTransaction(conn -> conn.preparedQuery(Sql.REPLACE_CALIBRATION_COUNT)
        .execute(Tuple.of(site, id, zone, utc(from), utc(to), (float) people, (float) devices, hourBand))
        .compose(updated -> updated.rowCount() == 0 ? Future.succeededFuture(Optional.<SiteFits>empty())
            : refit(conn, site, model, now).map(Optional::of)));
  }

  /** Deletes a stored headcount and refits the site; empty when the site has no count with that id. */
  public Future<Optional<SiteFits>> deleteCountAndRefit(String site, long id, PeopleModel model, Instant now) {
    return pool.withTransaction(conn -> conn.preparedQuery(Sql.DELETE_CALIBRATION_COUNT).execute(Tuple.of(site, id))
        .compose(deleted -> deleted.rowCount() == 0 ? Future.succeededFuture(Optional.<SiteFits>empty())
            : refit(conn, site, model, now).map(Optional::of)));
  }

  /**
   * Refits the site from all its counts and replaces its fits. Counts that are not finite (stored before the API
   * bounded them) are left out, and a fit that would not be a finite {@code real} is not stored, so one bad count
   * can never make the factor Infinity or NaN.
   */
  private static Future<SiteFits> refit(SqlConnection conn, String site, PeopleModel model, Instant now) {
    return conn.preparedQuery(Sql.CALIBRATION_POINTS).execute(Tuple.of(site))
        .map(rows -> {
          List<CalibrationFit.Point> points = new ArrayList<>();
          for (Row row : rows) {
            float devices = row.getFloat("devices");
            float people = row.getFloat("people");
            if (Float.isFinite(devices) && Float.isFinite(people)) {
              points.add(new CalibrationFit.Point(row.getInteger("hour_band"), devices, people));
            }
          }
          return CalibrationFit.fit(points, model).stream().filter(EstimateStore::storable).toList();
        })
        .compose(fits -> conn.preparedQuery(Sql.DELETE_CALIBRATION_FITS).execute(Tuple.of(site))
            .compose(deleted -> fits.isEmpty() ? Future.succeededFuture()
                : conn.preparedQuery(Sql.INSERT_CALIBRATION_FIT).executeBatch(fits.stream()
                    .map(f -> Tuple.of(site, f.hourBand(), (float) f.factor(), f.points(), (float) f.rmse(),
                        Double.isNaN(f.mape()) ? null : (float) f.mape(), utc(now), (float) f.backgroundDevices(),
                        (float) f.exponent(), Double.isNaN(f.cvRmse()) ? null : (float) f.cvRmse()))
                    .toList()))
            .map(stored -> new SiteFits(site, now, fits)));
  }

  private static boolean storable(CalibrationFit fit) {
    return Float.isFinite((float) fit.factor()) && Float.isFinite((float) fit.rmse())
        && (Double.isNaN(fit.mape()) || Float.isFinite((float) fit.mape()));
  }

  /** The current fits of every calibrated site. */
  public Future<Map<String, SiteFits>> fits() {
    return pool.preparedQuery(Sql.CALIBRATION_FITS).execute().map(rows -> {
      Map<String, SiteFits> bySite = new LinkedHashMap<>();
      for (Row row : rows) {
        String site = row.getString("site_id");
        Float mape = row.getFloat("mape");
        Float cv = row.getFloat("cv_rmse");
        CalibrationFit fit = new CalibrationFit(row.getInteger("hour_band"), row.getFloat("factor"),
            row.getFloat("background_devices"), row.getFloat("exponent"), row.getInteger("points"),
            row.getFloat("rmse"), mape == null ? Double.NaN : mape, cv == null ? Double.NaN : cv);
        if (!storable(fit)) {
          // stored before the counts were bounded; left out until a refit replaces it
          continue;
        }
        Instant at = row.getOffsetDateTime("fitted_at").toInstant();
        bySite.computeIfAbsent(site, s -> new SiteFits(s, at, new ArrayList<>())).fits().add(fit);
      }
      return bySite;
    });
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
