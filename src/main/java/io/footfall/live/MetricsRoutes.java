package io.footfall.live;

import io.footfall.analytics.Dwell;
import io.footfall.analytics.FlowHour;
import io.footfall.analytics.PathHour;
import io.footfall.analytics.StoreMinute;
import io.footfall.analytics.StoreVisits;
import io.footfall.fault.ClientFault;
import io.footfall.site.Site;
import io.footfall.site.Zone;
import io.footfall.site.ZoneKind;
import io.footfall.store.MetricsSource.Step;
import io.footfall.store.MetricsSource;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The visitor and flow API ({@code docs/metrics.md}): per-store visitors, passers-by, capture rate, dwell and
 * exclusions over a range with a series per hour or minute; the same summary for every store; the
 * origin-destination matrix and the top paths. JSON, or CSV with {@code Accept: text/csv}. The range defaults to
 * today: from local midnight in the site's timezone until now. Any flow, dwell or path cell counting fewer than
 * {@code kAnonymity} (but more than zero) is suppressed: its figure is null and {@code suppressed} true. Dwell
 * buckets and flow cells add up to totals shown here or elsewhere, so they are suppressed with their complement
 * ({@link Suppression}): a hidden cell can never be worked out as the total minus the shown ones.
 */
final class MetricsRoutes {

  private static final DateTimeFormatter LOCAL_MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
  private static final int DEFAULT_PATHS = 20;
  private static final int MAX_PATHS = 100;

  private final Map<String, LiveHub> hubs;
  private final MetricsSource source;
  private final int k;

  MetricsRoutes(Map<String, LiveHub> hubs, MetricsSource source, int kAnonymity) {
    this.hubs = hubs;
    this.source = source;
    this.k = kAnonymity;
  }

  void mount(Router router) {
    router.get("/api/sites/:site/stores").handler(this::stores);
    router.get("/api/sites/:site/stores/:zone/metrics").handler(this::store);
    router.get("/api/sites/:site/flows").handler(this::flows);
  }

  private record Request(Site site, String zone, SeriesRange range, Step step) {
  }

  private void store(RoutingContext ctx) {
    Future.succeededFuture(ctx)
        .map(this::storeRequest)
        .compose(request -> Future.all(
                source.storePeriods(request.site.id(), request.zone, request.step, request.range.from(),
                    request.range.to()),
                source.dwellBins(request.site.id(), request.zone, request.range.from(), request.range.to()))
            .map(all -> storeJson(request, all.resultAt(0), all.resultAt(1))))
        .onSuccess(body -> respond(ctx, body, () -> seriesCsv(body, ZoneId.of(site(ctx).timezone())),
            csvName(body, ZoneId.of(site(ctx).timezone()))))
        .onFailure(ctx::fail);
  }

  private void stores(RoutingContext ctx) {
    Future.succeededFuture(ctx)
        .map(c -> request(c, null))
        .compose(request -> Future.all(
                source.storePeriods(request.site.id(), null, Step.HOUR, request.range.from(), request.range.to()),
                source.dwellBins(request.site.id(), null, request.range.from(), request.range.to()))
            .map(all -> storesJson(request, all.resultAt(0), all.resultAt(1))))
        .onSuccess(body -> respond(ctx, body, () -> storesCsv(body.getJsonArray("stores")),
            "stores-" + body.getString("site") + ".csv"))
        .onFailure(ctx::fail);
  }

  private void flows(RoutingContext ctx) {
    Future.succeededFuture(ctx)
        .map(c -> request(c, null))
        .compose(request -> Future.all(
                source.flows(request.site.id(), request.range.from(), request.range.to()),
                source.topPaths(request.site.id(), request.range.from(), request.range.to(), pathLimit(ctx)))
            .map(all -> flowsJson(request, all.resultAt(0), all.resultAt(1))))
        .onSuccess(body -> respond(ctx, body, () -> flowsCsv(body.getJsonArray("cells")),
            "flows-" + body.getString("site") + ".csv"))
        .onFailure(ctx::fail);
  }

  private Request storeRequest(RoutingContext ctx) {
    Site site = site(ctx);
    String zoneId = ctx.pathParam("zone");
    Zone zone = site.zone(zoneId).filter(z -> z.kind() == ZoneKind.STORE)
        .orElseThrow(() -> ClientFault.notFound("no store '" + zoneId + "' in site '" + site.id() + "'"));
    return request(ctx, zone.id());
  }

  private Request request(RoutingContext ctx, String zone) {
    Site site = site(ctx);
    Instant now = Instant.now();
    String from = ctx.request().getParam("from");
    if (from == null || from.isBlank()) {
      ZoneId tz = ZoneId.of(site.timezone());
      from = LocalDate.ofInstant(now, tz).atStartOfDay(tz).toInstant().toString();
    }
    SeriesRange range = SeriesRange.parse(from, ctx.request().getParam("to"), now);
    String step = ctx.request().getParam("step");
    if (step != null && !step.equals("minute") && !step.equals("hour")) {
      throw ClientFault.badInput("step", "'step' must be 'minute' or 'hour', got '" + abbreviate(step) + "'");
    }
    return new Request(site, zone, range, "minute".equals(step) ? Step.MINUTE : Step.HOUR);
  }

  private static int pathLimit(RoutingContext ctx) {
    String limit = ctx.request().getParam("paths");
    if (limit == null || limit.isBlank()) {
      return DEFAULT_PATHS;
    }
    try {
      int n = Integer.parseInt(limit);
      if (n >= 0 && n <= MAX_PATHS) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below with the others
    }
    throw ClientFault.badInput("paths", "'paths' must be a whole number within 0.." + MAX_PATHS);
  }

  private JsonObject storeJson(Request request, List<StoreMinute> periods, Map<String, int[]> bins) {
    JsonArray series = new JsonArray();
    for (StoreMinute p : periods) {
      series.add(new JsonObject()
          .put("period", Instant.ofEpochMilli(p.minute()).toString())
          .put("visitors", p.visitors() + p.random())
          .put("fixedAddressVisitors", p.visitors())
          .put("random", p.random())
          .put("passersBy", p.passersBy())
          .put("captureRate", StoreVisits.captureRate(p.visitors(), p.passersBy()))
          .put("excluded", p.excluded()));
    }
    return summary(request.zone, periods, bins.get(request.zone))
        .put("site", request.site.id())
        .put("from", request.range.from().toString())
        .put("to", request.range.to().toString())
        .put("step", request.step.name().toLowerCase(Locale.ROOT))
        .put("series", series);
  }

  private JsonObject storesJson(Request request, List<StoreMinute> periods, Map<String, int[]> bins) {
    List<JsonObject> stores = new ArrayList<>();
    for (Zone zone : request.site.zones()) {
      if (zone.kind() == ZoneKind.STORE) {
        List<StoreMinute> own = periods.stream().filter(p -> p.zone().equals(zone.id())).toList();
        stores.add(summary(zone.id(), own, bins.get(zone.id())).put("name", zone.name()));
      }
    }
    stores.sort(Comparator.comparingInt((JsonObject s) -> -s.getInteger("visitors")));
    List<StoreMinute> site = periods.stream().filter(p -> p.zone().equals(StoreMinute.SITE)).toList();
    return new JsonObject()
        .put("site", request.site.id())
        .put("from", request.range.from().toString())
        .put("to", request.range.to().toString())
        .put("total", summary(StoreMinute.SITE, site, bins.get(StoreMinute.SITE)).put("zone", null))
        .put("stores", new JsonArray(new ArrayList<>(stores)));
  }

  private JsonObject flowsJson(Request request, List<FlowHour> flows, List<PathHour> paths) {
    Suppression matrix = new Suppression(k, flows.stream().mapToLong(FlowHour::transitions).toArray(),
        flows.stream().map(FlowHour::from).toList(), flows.stream().map(FlowHour::to).toList());
    JsonArray cells = new JsonArray();
    for (int i = 0; i < flows.size(); i++) {
      FlowHour f = flows.get(i);
      cells.add(new JsonObject().put("from", f.from()).put("to", f.to())
          .put("transitions", matrix.value(i)).put("suppressed", matrix.hidden(i)));
    }
    // the paths' trips add up to the trips of the range, which the flows out of `outside` all but give away: a
    // rare path is hidden with a complement, like a dwell bucket; only the rare path's own name is withheld
    Suppression trips = new Suppression(k, paths.stream().mapToLong(PathHour::trips).toArray());
    JsonArray top = new JsonArray();
    for (int i = 0; i < paths.size(); i++) {
      PathHour p = paths.get(i);
      top.add(new JsonObject().put("path", suppressed(p.trips()) ? null : p.path()).put("trips", trips.value(i))
          .put("suppressed", trips.hidden(i)));
    }
    return new JsonObject()
        .put("site", request.site.id())
        .put("from", request.range.from().toString())
        .put("to", request.range.to().toString())
        .put("kAnonymity", k)
        .put("cells", cells)
        .put("paths", top);
  }

  /** Totals of one zone over its periods, with its dwell distribution. */
  private JsonObject summary(String zone, List<StoreMinute> periods, int[] fine) {
    long visitors = 0;
    long passersBy = 0;
    long excluded = 0;
    long random = 0;
    for (StoreMinute p : periods) {
      visitors += p.visitors();
      passersBy += p.passersBy();
      excluded += p.excluded();
      random += p.random();
    }
    Dwell.Histogram dwell = new Dwell.Histogram();
    periods.forEach(p -> dwell.addBuckets(p.dwellBuckets(), p.dwellTotalMs()));
    if (fine != null) {
      dwell.addFine(fine);
    }
    // visitors are every visitor (docs/metrics.md section 3); passes are followed on fixed addresses only, so the
    // capture rate is taken among those phones
    return new JsonObject()
        .put("zone", zone)
        .put("visitors", visitors + random)
        .put("fixedAddressVisitors", visitors)
        .put("random", random)
        .put("passersBy", passersBy)
        .put("captureRate", StoreVisits.captureRate(visitors, passersBy))
        .put("excluded", excluded)
        .put("dwell", dwellJson(dwell));
  }

  private JsonObject dwellJson(Dwell.Histogram dwell) {
    JsonObject buckets = new JsonObject();
    int[] counts = dwell.buckets();
    // the buckets add up to the visits shown beside them, so a small one is hidden with its complement
    Suppression cells = new Suppression(k, Arrays.stream(counts).asLongStream().toArray());
    for (int b = 0; b < counts.length; b++) {
      buckets.put(Dwell.BUCKETS.get(b), new JsonObject().put("visits", cells.value(b))
          .put("suppressed", cells.hidden(b)));
    }
    boolean hidden = suppressed(dwell.visits());
    return new JsonObject()
        .put("visits", dwell.visits())
        .put("buckets", buckets)
        .put("medianMin", hidden || dwell.visits() == 0 ? null : round(dwell.medianMinutes()))
        .put("meanMin", hidden || dwell.visits() == 0 ? null : round(dwell.meanMinutes()))
        .put("suppressed", hidden);
  }

  private boolean suppressed(long count) {
    return count > 0 && count < k;
  }

  private static Double round(double minutes) {
    return Math.round(minutes * 100) / 100.0;
  }

  /**
   * The series as a spreadsheet reads it: the zone named on every row, each period's start in the site's local time
   * (what the dashboards show) with the time zone named beside it, the capture rate rounded to a tenth of a percent.
   */
  private static String seriesCsv(JsonObject body, ZoneId tz) {
    StringBuilder csv = new StringBuilder(
        "zone,period,timezone,visitors,fixedAddressVisitors,random,passersBy,captureRate,excluded\n");
    String zone = body.getString("zone");
    body.getJsonArray("series").forEach(o -> {
      JsonObject p = (JsonObject) o;
      csv.append(zone).append(',').append(localTime(p.getString("period"), tz)).append(',').append(tz).append(',')
          .append(p.getLong("visitors")).append(',').append(p.getLong("fixedAddressVisitors")).append(',')
          .append(p.getLong("random")).append(',').append(p.getLong("passersBy")).append(',')
          .append(rate(p.getDouble("captureRate"))).append(',').append(p.getLong("excluded")).append('\n');
    });
    return csv.toString();
  }

  static String localTime(String instant, ZoneId tz) {
    return LOCAL_MINUTE.format(Instant.parse(instant).atZone(tz));
  }

  private static String rate(Double value) {
    return value == null ? "" : String.format(Locale.ROOT, "%.3f", value);
  }

  private static String storesCsv(JsonArray stores) {
    StringBuilder csv = new StringBuilder("zone,visitors,fixedAddressVisitors,random,passersBy,captureRate,excluded,"
        + "dwellMedianMin,dwellMeanMin," + String.join(",", Dwell.BUCKETS) + "\n");
    stores.forEach(o -> {
      JsonObject s = (JsonObject) o;
      JsonObject dwell = s.getJsonObject("dwell");
      csv.append(s.getString("zone")).append(',').append(s.getLong("visitors")).append(',')
          .append(s.getLong("fixedAddressVisitors")).append(',').append(s.getLong("random")).append(',')
          .append(s.getLong("passersBy")).append(',').append(rate(s.getDouble("captureRate"))).append(',')
          .append(s.getLong("excluded")).append(',')
          .append(text(dwell.getValue("medianMin"))).append(',').append(text(dwell.getValue("meanMin")));
      Dwell.BUCKETS.forEach(b -> csv.append(',').append(text(dwell.getJsonObject("buckets").getJsonObject(b)
          .getValue("visits"))));
      csv.append('\n');
    });
    return csv.toString();
  }

  private static String flowsCsv(JsonArray cells) {
    StringBuilder csv = new StringBuilder("from,to,transitions\n");
    cells.forEach(o -> {
      JsonObject c = (JsonObject) o;
      csv.append(c.getString("from")).append(',').append(c.getString("to")).append(',')
          .append(text(c.getValue("transitions"))).append('\n');
    });
    return csv.toString();
  }

  /** A suppressed or undefined figure is an empty CSV field. */
  private static String text(Object value) {
    return value == null ? "" : value.toString();
  }

  /** A download named for what it holds: the store and its local days, e.g. {@code store-x-visitors-2026-12-01.csv}. */
  private static String csvName(JsonObject body, ZoneId tz) {
    LocalDate first = LocalDate.ofInstant(Instant.parse(body.getString("from")), tz);
    LocalDate last = LocalDate.ofInstant(Instant.parse(body.getString("to")).minusMillis(1), tz);
    return body.getString("zone") + "-visitors-" + first + (last.isAfter(first) ? "-to-" + last : "") + ".csv";
  }

  private static void respond(RoutingContext ctx, JsonObject body, Supplier<String> csv, String fileName) {
    String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
    if ("csv".equals(ctx.request().getParam("format"))
        || accept != null && accept.toLowerCase(Locale.ROOT).contains("text/csv")) {
      ctx.response()
          .putHeader(HttpHeaders.CONTENT_TYPE, "text/csv; charset=utf-8")
          .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
          // site and zone ids are [A-Za-z0-9_.-] (SiteLoader.ID), so the name needs no escaping inside the quotes
          .putHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName + "\"")
          .end(csv.get());
      return;
    }
    SiteRoutes.json(ctx, 200, body.encode());
  }

  private Site site(RoutingContext ctx) {
    String id = ctx.pathParam("site");
    LiveHub hub = hubs.get(id);
    if (hub == null) {
      throw ClientFault.notFound("no site '" + id + "'");
    }
    return hub.site();
  }

  private static String abbreviate(String value) {
    return value.length() > 20 ? value.substring(0, 20) + "..." : value;
  }
}
