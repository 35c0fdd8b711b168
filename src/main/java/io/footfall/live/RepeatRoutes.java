package io.footfall.live;

import io.footfall.analytics.StoreMinute;
import io.footfall.fault.ClientFault;
import io.footfall.site.Site;
import io.footfall.site.Zone;
import io.footfall.site.ZoneKind;
import io.footfall.store.RepeatConfig;
import io.footfall.store.RepeatStore;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The repeat-visit API, {@code GET /api/sites/{site}/repeat?zone=&from=&to=} ({@code docs/metrics.md}): visitors of a
 * store (or, without {@code zone}, of the site) over the local days the range touches, first-time vs returning,
 * returning share, visit frequency and a row per day. JSON, or CSV with {@code Accept: text/csv} or
 * {@code ?format=csv}. Only globally administered addresses carry a repeat-visit id, which every answer says.
 * Figures of fewer than {@code kAnonymity} visitors (but more than zero) are suppressed, with their complement.
 */
public final class RepeatRoutes {

  static final String NOTE = "Only devices with a globally administered (non-randomized) MAC address are counted:"
      + " most phones randomize their address and never carry a repeat-visit id, so these figures describe that"
      + " subset, not all visitors. A visitor last seen before the sensors' key rotated counts as first-time.";
  static final List<String> FREQUENCIES = List.of("daily", "weekly", "monthly", "occasional");

  private final Map<String, Site> sites;
  private final RepeatStore store;
  private final RepeatConfig config;
  private final int k;

  public RepeatRoutes(List<Site> sites, RepeatStore store, RepeatConfig config, int kAnonymity) {
    this.sites = sites.stream().collect(Collectors.toMap(Site::id, Function.identity()));
    this.store = store;
    this.config = config;
    this.k = kAnonymity;
  }

  public void mount(Router router) {
    router.get("/api/sites/:site/repeat").handler(this::repeat);
  }

  /** The days a request covers, in the site's timezone; {@code to} inclusive. */
  private record Request(Site site, String zone, SeriesRange range, LocalDate from, LocalDate to, LocalDate today) {
  }

  private void repeat(RoutingContext ctx) {
    Future.succeededFuture(ctx)
        .map(this::request)
        .compose(request -> Future.all(
                store.summary(request.site.id(), request.zone, request.from, request.to, config.windowDays(),
                    request.today.minusDays(config.windowDays())),
                store.days(request.site.id(), request.zone, request.from, request.to, config.windowDays()))
            .map(all -> json(request, all.resultAt(0), all.resultAt(1))))
        .onSuccess(body -> respond(ctx, body))
        .onFailure(ctx::fail);
  }

  private Request request(RoutingContext ctx) {
    String id = ctx.pathParam("site");
    Site site = sites.get(id);
    if (site == null) {
      throw ClientFault.notFound("no site '" + id + "'");
    }
    String zoneId = ctx.request().getParam("zone");
    String zone = StoreMinute.SITE;
    if (zoneId != null && !zoneId.isEmpty()) {
      zone = site.zone(zoneId).filter(z -> z.kind() == ZoneKind.STORE).map(Zone::id)
          .orElseThrow(() -> ClientFault.notFound("no store '" + zoneId + "' in site '" + id + "'"));
    }
    ZoneId tz = ZoneId.of(site.timezone());
    Instant now = Instant.now();
    String from = ctx.request().getParam("from");
    if (from == null || from.isBlank()) {
      from = LocalDate.ofInstant(now, tz).atStartOfDay(tz).toInstant().toString();
    }
    SeriesRange range = SeriesRange.parse(from, ctx.request().getParam("to"), now);
    return new Request(site, zone, range, LocalDate.ofInstant(range.from(), tz),
        LocalDate.ofInstant(range.to().minusMillis(1), tz), LocalDate.ofInstant(now, tz));
  }

  private JsonObject json(Request request, RepeatStore.Summary summary, List<RepeatStore.Day> days) {
    Suppression buckets = new Suppression(k, summary.daily(), summary.weekly(), summary.monthly(),
        summary.occasional());
    JsonObject frequency = new JsonObject();
    for (int b = 0; b < FREQUENCIES.size(); b++) {
      frequency.put(FREQUENCIES.get(b), new JsonObject().put("visitors", buckets.value(b))
          .put("suppressed", buckets.hidden(b)));
    }
    // a phone is first-time on one day only, so the days' first-time figures add up to the range's: within that
    // column, as within each day's pair, a small figure is hidden with a complement (a table, rows and columns)
    long[] cells = new long[days.size() * 2];
    List<String> rows = new ArrayList<>();
    List<String> columns = new ArrayList<>();
    for (int d = 0; d < days.size(); d++) {
      cells[2 * d] = days.get(d).firstTime();
      cells[2 * d + 1] = days.get(d).returning();
      rows.add(days.get(d).day().toString());
      rows.add(days.get(d).day().toString());
      columns.add("firstTime");
      columns.add("returning");
    }
    Suppression table = new Suppression(k, cells, rows, columns);
    JsonArray series = new JsonArray();
    for (int d = 0; d < days.size(); d++) {
      RepeatStore.Day day = days.get(d);
      series.add(figures(day.visitors(), day.firstTime(), day.returning(), table.hidden(2 * d),
          table.hidden(2 * d + 1)).put("day", day.day().toString()));
    }
    return figures(summary.visitors(), summary.firstTime(), summary.returning())
        .put("site", request.site.id())
        .put("zone", request.zone.isEmpty() ? null : request.zone)
        .put("from", request.range.from().toString())
        .put("to", request.range.to().toString())
        .put("firstDay", request.from.toString())
        .put("lastDay", request.to.toString())
        .put("lookbackFrom", summary.lookbackFrom().toString())
        .put("spanDays", summary.spanDays())
        .put("windowDays", config.windowDays())
        .put("keyRotationDays", config.keyRotationDays())
        .put("kAnonymity", k)
        .put("globallyAdministeredOnly", true)
        .put("note", NOTE)
        .put("frequency", frequency)
        .put("days", series);
  }

  /** Visitors, first-time, returning and the returning share, each suppressed below k with its complement. */
  private JsonObject figures(long visitors, long firstTime, long returning) {
    Suppression pair = new Suppression(k, firstTime, returning);
    return figures(visitors, firstTime, returning, pair.hidden(0), pair.hidden(1));
  }

  private JsonObject figures(long visitors, long firstTime, long returning, boolean firstHidden,
                             boolean returningHidden) {
    Suppression total = new Suppression(k, visitors);
    boolean shareHidden = total.hidden(0) || returningHidden || visitors == 0;
    return new JsonObject()
        .put("visitors", total.value(0))
        .put("firstTime", firstHidden ? null : firstTime)
        .put("returning", returningHidden ? null : returning)
        .put("returningShare", shareHidden ? null : Math.round(1000.0 * returning / visitors) / 1000.0)
        .put("suppressed", total.hidden(0) || firstHidden || returningHidden);
  }

  private static void respond(RoutingContext ctx, JsonObject body) {
    String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
    if ("csv".equals(ctx.request().getParam("format"))
        || accept != null && accept.toLowerCase(Locale.ROOT).contains("text/csv")) {
      ctx.response()
          .putHeader(HttpHeaders.CONTENT_TYPE, "text/csv; charset=utf-8")
          .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
          .end(csv(body));
      return;
    }
    SiteRoutes.json(ctx, 200, body.encode());
  }

  /** A "total" row with the frequency buckets, then one row per day; a suppressed figure is an empty field. */
  private static String csv(JsonObject body) {
    StringBuilder csv = new StringBuilder("day,visitors,firstTime,returning,returningShare,"
        + String.join(",", FREQUENCIES) + "\n");
    row(csv, "total", body);
    JsonObject frequency = body.getJsonObject("frequency");
    FREQUENCIES.forEach(f -> csv.append(',').append(text(frequency.getJsonObject(f).getValue("visitors"))));
    csv.append('\n');
    body.getJsonArray("days").forEach(o -> {
      JsonObject day = (JsonObject) o;
      row(csv, day.getString("day"), day);
      csv.append(",".repeat(FREQUENCIES.size())).append('\n');
    });
    return csv.toString();
  }

  private static void row(StringBuilder csv, String label, JsonObject figures) {
    csv.append(label).append(',').append(text(figures.getValue("visitors"))).append(',')
        .append(text(figures.getValue("firstTime"))).append(',').append(text(figures.getValue("returning")))
        .append(',').append(text(figures.getValue("returningShare")));
  }

  private static String text(Object value) {
    return value == null ? "" : value.toString();
  }
}
