package io.footfall.live;

import io.footfall.analytics.CalibrationFit;
import io.footfall.analytics.DeviceEstimate;
import io.footfall.auth.Audit;
import io.footfall.auth.Role;
import io.footfall.auth.User;
import io.footfall.auth.WebAuth;
import io.footfall.bus.Addresses;
import io.footfall.fault.ClientFault;
import io.footfall.site.Site;
import io.footfall.store.EstimateStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * REST API of the device estimates and the headcount calibration:
 * {@code GET /api/sites/{site}/estimates} (JSON, or CSV on {@code Accept: text/csv} or {@code ?format=csv}),
 * {@code GET /api/sites/{site}/calibration} and {@code POST /api/sites/{site}/calibration}, and for admins the
 * stored headcounts: {@code GET .../calibration/counts}, {@code PUT} and {@code DELETE .../calibration/counts/{id}}.
 * A headcount is bounded ({@value #MAX_PEOPLE} people, a period of at most {@link #MAX_COUNT_SPAN}), so that no
 * count can push a factor to Infinity; every change of the counts goes to the {@link Audit} trail. After every fit,
 * and once from {@link #loadCalibrations}, it publishes the site's factors on {@link Addresses#CALIBRATION}.
 */
public final class EstimateRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(EstimateRoutes.class);
  static final String NOTE = "estimatedPeople = factor x max(0, estimatedDevices - backgroundDevices) ^ exponent of"
      + " the local hour's fit; factor 1.0 until the site is calibrated with POST /api/sites/{site}/calibration (people ="
      + " estimatedDevices)";
  /** More people than any zone of a mall holds: a larger count is a typo or an attack. */
  static final int MAX_PEOPLE = 100_000;
  /** A headcount is a moment or a door counter's shift, never more than a day. */
  static final Duration MAX_COUNT_SPAN = Duration.ofHours(24);
  private static final String CSV_HEADER = "start,devices,randomMacs,estimatedDevices,low,high,estimatedPeople\n";

  private final Map<String, Site> sites;
  private final EstimateStore store;
  private final Map<String, EstimateStore.SiteFits> fits = new ConcurrentHashMap<>();

  public EstimateRoutes(List<Site> sites, EstimateStore store) {
    this.sites = sites.stream().collect(Collectors.toMap(Site::id, Function.identity()));
    this.store = store;
  }

  /** Reads the stored fits and publishes every calibrated site's factors to the engine. */
  public Future<Void> loadCalibrations(Vertx vertx) {
    return publishStored(vertx, sites.keySet());
  }

  /**
   * From now on, publishes the stored calibration of every site an engine starts running ({@link
   * Addresses#SITES_RUNNING}): a site taken over on a cluster node, or calibrated through another node's API since
   * this one started, is read again from PostgreSQL.
   */
  public Future<Void> followRunningSites(Vertx vertx) {
    return vertx.eventBus().<JsonObject>localConsumer(Addresses.SITES_RUNNING, message -> {
      JsonArray named = message.body().getJsonArray("sites", new JsonArray());
      publishStored(vertx, named.stream().map(String::valueOf).collect(Collectors.toSet()))
          .onFailure(e -> LOG.warn("cannot read calibrations for running sites [reason: {}]", e.getMessage()));
    }).completion();
  }

  private Future<Void> publishStored(Vertx vertx, Set<String> wanted) {
    return store.fits().map(stored -> {
      stored.forEach((site, siteFits) -> {
        if (sites.containsKey(site) && wanted.contains(site)) {
          fits.put(site, siteFits);
          publish(vertx, sites.get(site), siteFits.fits());
        }
      });
      return null;
    });
  }

  public void mount(Router router) {
    router.get("/api/sites/:site/estimates").handler(this::estimates);
    router.get("/api/sites/:site/calibration").handler(this::calibration);
    router.post("/api/sites/:site/calibration").handler(this::calibrate);
    router.get("/api/sites/:site/calibration/counts").handler(this::listCounts);
    router.put("/api/sites/:site/calibration/counts/:id").handler(this::replaceCount);
    router.delete("/api/sites/:site/calibration/counts/:id").handler(this::deleteCount);
  }

  private void estimates(RoutingContext ctx) {
    Site site = site(ctx);
    String zone = zoneParam(site, ctx.request().getParam("zone"));
    String resolution = ctx.request().getParam("resolution", "minute");
    int seconds = switch (resolution) {
      case "minute" -> DeviceEstimate.MINUTE;
      case "hour" -> DeviceEstimate.HOUR;
      default -> throw ClientFault.badInput("resolution", "'resolution' must be minute or hour, got '"
          + (resolution.length() > 20 ? resolution.substring(0, 20) : resolution) + "'");
    };
    SeriesRange range = SeriesRange.parse(ctx.request().getParam("from"), ctx.request().getParam("to"), Instant.now());
    store.series(site.id(), zone, seconds, range.from(), range.to())
        .onSuccess(rows -> respondEstimates(ctx, site, rows))
        .onFailure(ctx::fail);
  }

  private void respondEstimates(RoutingContext ctx, Site site, List<DeviceEstimate> rows) {
    List<CalibrationFit> siteFits = fitsOf(site.id());
    ZoneId tz = ZoneId.of(site.timezone());
    if (wantsCsv(ctx)) {
      StringBuilder csv = new StringBuilder(CSV_HEADER);
      for (DeviceEstimate r : rows) {
        csv.append(Instant.ofEpochMilli(r.start())).append(',').append(r.devices()).append(',')
            .append(r.randomMacs()).append(',').append(r.estimatedDevices()).append(',').append(r.low()).append(',')
            .append(r.high()).append(',').append(people(r, siteFits, tz)).append('\n');
      }
      ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/csv; charset=utf-8")
          .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end(csv.toString());
      return;
    }
    JsonArray list = new JsonArray();
    for (DeviceEstimate r : rows) {
      list.add(new JsonObject()
          .put("start", Instant.ofEpochMilli(r.start()).toString())
          .put("devices", r.devices())
          .put("randomMacs", r.randomMacs())
          .put("estimatedDevices", r.estimatedDevices())
          .put("band", new JsonArray().add(r.low()).add(r.high()))
          .put("estimatedPeople", people(r, siteFits, tz)));
    }
    SiteRoutes.json(ctx, 200, new JsonObject()
        .put("site", site.id())
        .put("zone", rows.isEmpty() ? null : rows.get(0).zone())
        .put("note", "minute rows: devices present at the minute mark; hour rows: distinct devices heard in the"
            + " hour. Random MACs are linked into estimated devices, never counted as people. " + NOTE)
        .put("rows", list).encode());
  }

  private void calibration(RoutingContext ctx) {
    Site site = site(ctx);
    SiteRoutes.json(ctx, 200, calibrationJson(site, fits.get(site.id())).encode());
  }

  private void calibrate(RoutingContext ctx) {
    Site site = site(ctx);
    Count count = count(site, ctx);
    Instant now = Instant.now();
    meanDevices(site, count)
        .compose(mean -> store.addCountAndRefit(site.id(), count.zone, count.from, count.to, count.people, mean,
            hourBand(site, count), site.people(), now))
        .onSuccess(siteFits -> {
          Audit.calibrationCount("added", userName(ctx), site.id(), count.zone + " " + count.from + ".." + count.to
              + " " + count.people + " people");
          refitted(ctx, site, siteFits, 201);
        })
        .onFailure(ctx::fail);
  }

  private void listCounts(RoutingContext ctx) {
    Site site = site(ctx);
    requireAdmin(ctx);
    store.counts(site.id())
        .onSuccess(counts -> {
          JsonArray list = new JsonArray();
          counts.forEach(c -> list.add(new JsonObject().put("id", c.id()).put("zone", c.zone())
              .put("from", c.from().toString()).put("to", c.to().toString()).put("people", c.people())
              .put("devices", c.devices()).put("hour", c.hourBand()).put("createdAt", c.createdAt().toString())));
          SiteRoutes.json(ctx, 200, new JsonObject().put("site", site.id()).put("counts", list).encode());
        })
        .onFailure(ctx::fail);
  }

  private void replaceCount(RoutingContext ctx) {
    Site site = site(ctx);
    requireAdmin(ctx);
    long id = countId(ctx);
    Count count = count(site, ctx);
    Instant now = Instant.now();
    meanDevices(site, count)
        .compose(mean -> store.replaceCountAndRefit(site.id(), id, count.zone, count.from, count.to, count.people,
            mean, hourBand(site, count), site.people(), now))
        .map(replaced -> replaced.orElseThrow(() -> noCount(site, id)))
        .onSuccess(siteFits -> {
          Audit.calibrationCount("replaced", userName(ctx), site.id(), Long.toString(id));
          refitted(ctx, site, siteFits, 200);
        })
        .onFailure(ctx::fail);
  }

  private void deleteCount(RoutingContext ctx) {
    Site site = site(ctx);
    requireAdmin(ctx);
    long id = countId(ctx);
    store.deleteCountAndRefit(site.id(), id, site.people(), Instant.now())
        .map(deleted -> deleted.orElseThrow(() -> noCount(site, id)))
        .onSuccess(siteFits -> {
          Audit.calibrationCount("deleted", userName(ctx), site.id(), Long.toString(id));
          refitted(ctx, site, siteFits, 200);
        })
        .onFailure(ctx::fail);
  }

  private void refitted(RoutingContext ctx, Site site, EstimateStore.SiteFits siteFits, int status) {
    fits.put(site.id(), siteFits);
    publish(ctx.vertx(), site, siteFits.fits());
    SiteRoutes.json(ctx, status, calibrationJson(site, siteFits).encode());
  }

  private Future<Double> meanDevices(Site site, Count count) {
    return store.meanEstimatedDevices(site.id(), count.zone, count.from, count.to).compose(mean -> mean.snapshots() == 0
        ? Future.failedFuture(ClientFault.badInput("no-estimates",
            "no device estimates are stored for zone '" + count.zone + "' between " + count.from + " and "
                + count.to + " (a minute's estimate is stored once the minute is final, about 4 minutes after it)"))
        : Future.succeededFuture(mean.devices()));
  }

  /** The local hour of the count's midpoint. */
  private static int hourBand(Site site, Count count) {
    return count.from.plusMillis((count.to.toEpochMilli() - count.from.toEpochMilli()) / 2)
        .atZone(ZoneId.of(site.timezone())).getHour();
  }

  /** Control-room users may add counts, but only an admin may see, correct or remove what others counted. */
  private static void requireAdmin(RoutingContext ctx) {
    User user = WebAuth.user(ctx);
    if (user == null || user.role() != Role.ADMIN) {
      throw ClientFault.forbidden("only an admin may list, replace or delete headcounts");
    }
  }

  private static String userName(RoutingContext ctx) {
    User user = WebAuth.user(ctx);
    return user == null ? "(none)" : user.name();
  }

  private static long countId(RoutingContext ctx) {
    String text = ctx.pathParam("id");
    try {
      long id = Long.parseLong(text);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // refused below with the non-positive ones
    }
    throw ClientFault.badInput("id", "a headcount id is a positive whole number");
  }

  private static ClientFault noCount(Site site, long id) {
    return ClientFault.notFound("no headcount " + id + " in site '" + site.id() + "'");
  }

  private record Count(String zone, Instant from, Instant to, double people) {
  }

  private Count count(Site site, RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      throw ClientFault.badInput("body", "the body must be a JSON object {zone, from, to, people}");
    }
    if (body == null) {
      throw ClientFault.badInput("body", "the body must be a JSON object {zone, from, to, people}");
    }
    String zone = zoneParam(site, body.getValue("zone") instanceof String z ? z : null);
    SeriesRange range = SeriesRange.parse(text(body, "from"), text(body, "to"), Instant.now());
    if (Duration.between(range.from(), range.to()).compareTo(MAX_COUNT_SPAN) > 0) {
      throw ClientFault.badInput("range", "a headcount may cover at most 24 hours from 'from' to 'to'");
    }
    if (!(body.getValue("people") instanceof Number people) || !Double.isFinite(people.doubleValue())
        || people.doubleValue() < 0 || people.doubleValue() > MAX_PEOPLE) {
      throw ClientFault.badInput("people", "'people' must be a number from 0 to " + MAX_PEOPLE);
    }
    return new Count(zone, range.from(), range.to(), people.doubleValue());
  }

  private static String text(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (!(value instanceof String s)) {
      throw ClientFault.badInput(field, "'" + field + "' must be an ISO-8601 instant");
    }
    return s;
  }

  private JsonObject calibrationJson(Site site, EstimateStore.SiteFits siteFits) {
    List<CalibrationFit> list = siteFits == null ? List.of() : siteFits.fits();
    JsonArray bands = new JsonArray();
    JsonObject siteWide = null;
    for (CalibrationFit f : list) {
      JsonObject json = new JsonObject().put("factor", f.factor()).put("backgroundDevices", f.backgroundDevices())
          .put("exponent", f.exponent()).put("points", f.points()).put("rmse", f.rmse())
          .put("mape", Double.isNaN(f.mape()) ? null : f.mape())
          .put("cvRmse", Double.isNaN(f.cvRmse()) ? null : f.cvRmse());
      if (f.hourBand() == CalibrationFit.SITE_WIDE) {
        siteWide = json;
      } else {
        bands.add(json.put("hour", f.hourBand()));
      }
    }
    JsonArray factors = new JsonArray();
    for (int h = 0; h < 24; h++) {
      factors.add(CalibrationFit.factorFor(list, h));
    }
    return new JsonObject()
        .put("site", site.id())
        .put("calibrated", !list.isEmpty())
        .put("fittedAt", siteFits == null ? null : siteFits.fittedAt().toString())
        .put("siteWide", siteWide)
        .put("hourBands", bands)
        .put("factors", factors)
        .put("timezone", site.timezone())
        .put("people", new JsonObject().put("backgroundDevices", site.people().backgroundDevices())
            .put("exponent", site.people().exponent()))
        .put("note", NOTE + "; an hour band gets its own factor from " + CalibrationFit.MIN_BAND_POINTS
            + " counts on; from " + CalibrationFit.MIN_BACKGROUND_POINTS + " counts of different sizes a background"
            + " is learned when it predicts the counts left out better (cvRmse)");
  }

  /**
   * The site's fit per local hour: {@code factors}, and the model each applies ({@code backgroundDevices},
   * {@code exponents}), so that the live people can be the API's people; uncalibrated hours have factor 1 and the
   * plain model.
   */
  private static void publish(Vertx vertx, Site site, List<CalibrationFit> fits) {
    JsonArray factors = new JsonArray();
    JsonArray backgrounds = new JsonArray();
    JsonArray exponents = new JsonArray();
    for (int h = 0; h < 24; h++) {
      CalibrationFit fit = CalibrationFit.forHour(fits, h);
      factors.add(fit == null ? CalibrationFit.UNCALIBRATED : fit.factor());
      backgrounds.add(fit == null ? 0.0 : fit.backgroundDevices());
      exponents.add(fit == null ? 1.0 : fit.exponent());
    }
    vertx.eventBus().publish(Addresses.CALIBRATION, new JsonObject().put("site", site.id()).put("factors", factors)
        .put("backgroundDevices", backgrounds).put("exponents", exponents));
  }

  private List<CalibrationFit> fitsOf(String site) {
    EstimateStore.SiteFits siteFits = fits.get(site);
    return siteFits == null ? List.of() : siteFits.fits();
  }

  private static double people(DeviceEstimate r, List<CalibrationFit> fits, ZoneId tz) {
    int hour = Instant.ofEpochMilli(r.start()).atZone(tz).getHour();
    return Math.round(CalibrationFit.peopleFor(fits, hour, r.estimatedDevices()) * 10) / 10.0;
  }

  /** A zone of the site, or {@link DeviceEstimate#SITE} (also when absent) for the whole site. */
  private static String zoneParam(Site site, String zone) {
    if (zone == null || zone.isBlank() || zone.equals(DeviceEstimate.SITE)) {
      return DeviceEstimate.SITE;
    }
    return site.zone(zone).orElseThrow(() -> ClientFault.notFound("no zone '" + (zone.length() > 40
        ? zone.substring(0, 40) : zone) + "' in site '" + site.id() + "'")).id();
  }

  private Site site(RoutingContext ctx) {
    String id = ctx.pathParam("site");
    Site site = sites.get(id);
    if (site == null) {
      throw ClientFault.notFound("no site '" + id + "'");
    }
    return site;
  }

  private static boolean wantsCsv(RoutingContext ctx) {
    String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
    return "csv".equals(ctx.request().getParam("format"))
        || accept != null && accept.toLowerCase(Locale.ROOT).contains("text/csv");
  }
}
