package io.footfall.live;

import io.footfall.analytics.ZoneMinute;
import io.footfall.auth.User;
import io.footfall.auth.WebAuth;
import io.footfall.bus.NodeHealth;
import io.footfall.fault.ClientFault;
import io.footfall.site.Site;
import io.footfall.site.Zone;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The REST API: health, sites, live occupancy and per-minute zone history (JSON, or CSV on request). */
final class SiteRoutes {

  private static final DateTimeFormatter LOCAL_MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

  private final Map<String, LiveHub> hubs;
  private final NodeHealth health;
  private final ZoneSeries series;

  SiteRoutes(Map<String, LiveHub> hubs, NodeHealth health, ZoneSeries series) {
    this.hubs = hubs;
    this.health = health;
    this.series = series;
  }

  void mount(Router router) {
    router.get("/api/health").handler(this::health);
    router.get("/api/sites").handler(this::sites);
    router.get("/api/sites/:site").handler(this::site);
    router.get("/api/sites/:site/occupancy").handler(this::occupancy);
    router.get("/api/sites/:site/zones/:zone/series").handler(this::series);
  }

  private void health(RoutingContext ctx) {
    int status = health.overall() == NodeHealth.State.DOWN ? 503 : 200;
    json(ctx, status, health.toJson().encode());
  }

  private void sites(RoutingContext ctx) {
    JsonArray list = new JsonArray();
    User user = WebAuth.user(ctx);
    hubs.values().stream().filter(hub -> user.maySeeSite(hub.site().id()))
        .forEach(hub -> list.add(SiteJson.summary(hub.site())));
    json(ctx, 200, list.encode());
  }

  private void site(RoutingContext ctx) {
    Site site = hub(ctx).site();
    json(ctx, 200, SiteJson.detail(site, WebAuth.user(ctx).zoneFilter(site.id())).encode());
  }

  private void occupancy(RoutingContext ctx) {
    LiveHub hub = hub(ctx);
    json(ctx, 200, hub.occupancy(WebAuth.user(ctx).zoneFilter(hub.site().id())).encode());
  }

  private void series(RoutingContext ctx) {
    Future.succeededFuture(ctx)
        .map(this::seriesRequest)
        .compose(request -> series.series(request.site.id(), request.zone, request.range.from(), request.range.to())
            .map(rows -> request.step.aggregate(rows, ZoneId.of(request.site.timezone())))
            .onSuccess(rows -> respondSeries(ctx, request, rows)))
        .onFailure(ctx::fail);
  }

  private record SeriesRequest(Site site, String zone, SeriesRange range, SeriesStep step) {
  }

  private SeriesRequest seriesRequest(RoutingContext ctx) {
    Site site = hub(ctx).site();
    String zoneId = ctx.pathParam("zone");
    Zone zone = site.zone(zoneId)
        .orElseThrow(() -> ClientFault.notFound("no zone '" + zoneId + "' in site '" + site.id() + "'"));
    SeriesRange range = SeriesRange.parse(ctx.request().getParam("from"), ctx.request().getParam("to"), Instant.now());
    return new SeriesRequest(site, zone.id(), range, SeriesStep.parse(ctx.request().getParam("step")));
  }

  /**
   * JSON as stored (UTC instants), or CSV as a spreadsheet reads it: the zone named, each period's start in the site's
   * local time under a header that says the step ({@code minute}, {@code hour} or {@code day}), the time zone named,
   * average devices to a tenth.
   */
  private void respondSeries(RoutingContext ctx, SeriesRequest request, List<ZoneMinute> rows) {
    if (wantsCsv(ctx)) {
      ZoneId tz = ZoneId.of(request.site.timezone());
      String step = request.step.name().toLowerCase(Locale.ROOT);
      StringBuilder csv = new StringBuilder("zone,").append(step)
          .append(",timezone,devicesAvg,devicesMax,entries,exits,uniques,revision\n");
      rows.forEach(row -> csv.append(request.zone).append(',')
          .append(LOCAL_MINUTE.format(Instant.ofEpochMilli(row.minute()).atZone(tz))).append(',').append(tz).append(',')
          .append(Math.round(row.devicesAvg() * 10) / 10.0).append(',')
          .append(row.devicesMax()).append(',')
          .append(row.entries()).append(',')
          .append(row.exits()).append(',')
          .append(row.uniques()).append(',')
          .append(row.revision()).append('\n'));
      LocalDate first = LocalDate.ofInstant(request.range.from(), tz);
      LocalDate last = LocalDate.ofInstant(request.range.to().minusMillis(1), tz);
      // site and zone ids are [A-Za-z0-9_.-] (SiteLoader.ID), so the name needs no escaping inside the quotes
      String name = request.site.id() + "-" + request.zone + "-" + step + "-" + first
          + (last.isAfter(first) ? "-to-" + last : "") + ".csv";
      ctx.response()
          .putHeader(HttpHeaders.CONTENT_TYPE, "text/csv; charset=utf-8")
          .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
          .putHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"")
          .end(csv.toString());
      return;
    }
    JsonArray list = new JsonArray();
    rows.forEach(row -> list.add(new JsonObject()
        .put("minute", Instant.ofEpochMilli(row.minute()).toString())
        .put("devicesAvg", row.devicesAvg())
        .put("devicesMax", row.devicesMax())
        .put("entries", row.entries())
        .put("exits", row.exits())
        .put("uniques", row.uniques())
        .put("revision", row.revision())));
    json(ctx, 200, list.encode());
  }

  /** CSV by content negotiation, or {@code ?format=csv} so that a plain download link works too. */
  private static boolean wantsCsv(RoutingContext ctx) {
    String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
    return "csv".equals(ctx.request().getParam("format"))
        || accept != null && accept.toLowerCase(Locale.ROOT).contains("text/csv");
  }

  private LiveHub hub(RoutingContext ctx) {
    String id = ctx.pathParam("site");
    LiveHub hub = hubs.get(id);
    if (hub == null) {
      throw ClientFault.notFound("no site '" + id + "'");
    }
    return hub;
  }

  static void json(RoutingContext ctx, int status, String body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(body);
  }
}
