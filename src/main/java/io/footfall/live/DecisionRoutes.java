package io.footfall.live;

import io.footfall.analytics.StoreMinute;
import io.footfall.decisions.Comparison;
import io.footfall.decisions.Payback;
import io.footfall.decisions.UnitHistory;
import io.footfall.decisions.UnitPotential;
import io.footfall.fault.ClientFault;
import io.footfall.site.Site;
import io.footfall.site.Zone;
import io.footfall.site.ZoneKind;
import io.footfall.store.DecisionQueries;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The decisions API (docs/decisions.md), on stored rollups only. {@code GET .../stores/{zone}/compare},
 * {@code .../zones/{zone}/compare} and {@code .../compare} (the site) set two periods of whole local days side by
 * side ({@code beforeFrom, beforeTo, afterFrom, afterTo}, inclusive; by default the 28 days up to yesterday against
 * the 28 before them). {@code GET .../units/{zone}/potential} estimates what a shop in a vacant unit (or, as a
 * what-if, in a store's unit) would draw, over a history ({@code from, to}, by default the last 28 days), with the
 * payback of the owner's figures ({@code rent, spend, conversion, margin, fitOut}) when given. JSON, or CSV with
 * {@code Accept: text/csv} or {@code ?format=csv}. Store managers may compare their own store only
 * ({@code auth.Access}); the site, other zones and units are for the control room and admins.
 */
public final class DecisionRoutes {

  static final int DEFAULT_DAYS = 28;
  static final int MAX_DAYS = 366;
  static final String POTENTIAL_NOTE = "footfall counts visitors, not sales: every money figure is the estimated"
      + " visitors times the spend, conversion and margin you entered.";

  private final Map<String, Site> sites;
  private final DecisionQueries queries;
  private final int repeatWindowDays;
  private final int k;

  public DecisionRoutes(List<Site> sites, DecisionQueries queries, int repeatWindowDays, int kAnonymity) {
    this.sites = sites.stream().collect(Collectors.toMap(Site::id, Function.identity()));
    this.queries = queries;
    this.repeatWindowDays = repeatWindowDays;
    this.k = kAnonymity;
  }

  public void mount(Router router) {
    router.get("/api/sites/:site/compare").handler(ctx -> compare(ctx, Scope.SITE));
    router.get("/api/sites/:site/stores/:zone/compare").handler(ctx -> compare(ctx, Scope.STORE));
    router.get("/api/sites/:site/zones/:zone/compare").handler(ctx -> compare(ctx, Scope.ZONE));
    router.get("/api/sites/:site/units/:zone/potential").handler(this::potential);
  }

  private enum Scope {
    SITE, STORE, ZONE
  }

  /** Local days, inclusive. */
  private record Days(LocalDate from, LocalDate to) {
    int count() {
      return (int) (to.toEpochDay() - from.toEpochDay() + 1);
    }

    JsonObject json() {
      return new JsonObject().put("from", from.toString()).put("to", to.toString()).put("days", count());
    }
  }

  private record CompareRequest(Site site, Zone zone, Days before, Days after) {
    String zoneId() {
      return zone == null ? StoreMinute.SITE : zone.id();
    }

    boolean visitorFigures() {
      return zone == null || zone.kind() == ZoneKind.STORE || zone.kind() == ZoneKind.VACANT;
    }
  }

  private record PotentialRequest(Site site, Zone unit, Days history, Payback payback) {
  }

  private void compare(RoutingContext ctx, Scope scope) {
    Future.succeededFuture(ctx)
        .map(c -> compareRequest(c, scope))
        .compose(request -> Future.all(
                queries.days(request.site, request.zoneId(), request.visitorFigures(), request.before.from,
                    request.before.to, repeatWindowDays),
                queries.days(request.site, request.zoneId(), request.visitorFigures(), request.after.from,
                    request.after.to, repeatWindowDays))
            .map(all -> compareJson(request, Comparison.of(all.resultAt(0), all.resultAt(1), k))))
        .onSuccess(body -> respond(ctx, body, () -> compareCsv(body)))
        .onFailure(ctx::fail);
  }

  private void potential(RoutingContext ctx) {
    Future.succeededFuture(ctx)
        .map(this::potentialRequest)
        .compose(request -> queries.units(request.site, units(request), request.history.from, request.history.to)
            .map(histories -> potentialJson(request, histories)))
        .onSuccess(body -> respond(ctx, body, () -> potentialCsv(body)))
        .onFailure(ctx::fail);
  }

  private static List<Zone> units(PotentialRequest request) {
    return request.site.zones().stream()
        .filter(z -> z.kind() == ZoneKind.STORE || z.id().equals(request.unit.id())).toList();
  }

  private CompareRequest compareRequest(RoutingContext ctx, Scope scope) {
    Site site = site(ctx);
    Zone zone = null;
    if (scope != Scope.SITE) {
      String id = ctx.pathParam("zone");
      zone = site.zone(id).filter(z -> scope == Scope.ZONE || z.kind() == ZoneKind.STORE)
          .orElseThrow(() -> ClientFault.notFound("no " + (scope == Scope.STORE ? "store" : "zone") + " '" + id
              + "' in site '" + site.id() + "'"));
    }
    LocalDate yesterday = today(site).minusDays(1);
    Days after = days(ctx, "afterFrom", "afterTo", yesterday.minusDays(DEFAULT_DAYS - 1), yesterday);
    Days before = days(ctx, "beforeFrom", "beforeTo", after.from.minusDays(DEFAULT_DAYS),
        after.from.minusDays(1));
    return new CompareRequest(site, zone, before, after);
  }

  private PotentialRequest potentialRequest(RoutingContext ctx) {
    Site site = site(ctx);
    String id = ctx.pathParam("zone");
    Zone unit = site.zone(id).filter(z -> z.kind() == ZoneKind.VACANT || z.kind() == ZoneKind.STORE)
        .orElseThrow(() -> ClientFault.notFound("no vacant unit or store '" + id + "' in site '" + site.id() + "'"));
    LocalDate yesterday = today(site).minusDays(1);
    Days history = days(ctx, "from", "to", yesterday.minusDays(DEFAULT_DAYS - 1), yesterday);
    Double rent = number(ctx, "rent", 0, 1e9);
    Double spend = number(ctx, "spend", 0, 1e6);
    Double conversion = number(ctx, "conversion", 0, 1);
    Double margin = number(ctx, "margin", 0, 1);
    Double fitOut = number(ctx, "fitOut", 0, 1e10);
    Payback payback = null;
    if (rent != null || spend != null || conversion != null || margin != null || fitOut != null) {
      if (rent == null || spend == null || conversion == null || margin == null) {
        throw ClientFault.badInput("payback", "a payback needs all of 'rent', 'spend', 'conversion' and 'margin'");
      }
      payback = new Payback(rent, spend, conversion, margin, fitOut == null ? 0 : fitOut);
    }
    return new PotentialRequest(site, unit, history, payback);
  }

  private JsonObject compareJson(CompareRequest request, Comparison comparison) {
    JsonArray figures = new JsonArray();
    for (Comparison.Figure f : comparison.figures()) {
      figures.add(new JsonObject()
          .put("figure", f.name())
          .put("before", round(f.before(), 4))
          .put("after", round(f.after(), 4))
          .put("change", round(f.change(), 4))
          .put("margin", round(f.margin(), 4))
          .put("verdict", f.verdict())
          .put("text", f.text())
          .put("suppressed", f.suppressed()));
    }
    return new JsonObject()
        .put("site", request.site.id())
        .put("zone", request.zone == null ? null : request.zone.id())
        .put("name", request.zone == null ? request.site.name() : request.zone.name())
        .put("kind", request.zone == null ? "site" : request.zone.kind().token())
        .put("before", request.before.json().put("compared", comparison.beforeDays()))
        .put("after", request.after.json().put("compared", comparison.afterDays()))
        .put("weekdays", new JsonArray(comparison.weekdays().stream()
            .map(d -> d.name().toLowerCase(Locale.ROOT)).toList()))
        .put("method", Comparison.METHOD)
        .put("kAnonymity", k)
        .put("figures", figures);
  }

  private JsonObject potentialJson(PotentialRequest request, List<UnitHistory> histories) {
    UnitHistory unit = histories.stream().filter(h -> h.zone().equals(request.unit.id())).findFirst()
        .orElseThrow();
    // a store seen by fewer than k visitors over the whole history says too little, and would point at them
    List<UnitHistory> stores = histories.stream()
        .filter(h -> !h.zone().equals(unit.zone()) && UnitHistory.total(h.visitors()) >= k).toList();
    UnitPotential p = UnitPotential.estimate(unit, stores);
    JsonArray comparables = new JsonArray();
    p.comparables().forEach(c -> comparables.add(new JsonObject()
        .put("zone", c.zone()).put("name", name(request.site, c.zone())).put("floor", c.floor())
        .put("category", c.category()).put("visitorsPerDay", round(c.visitorsPerDay(), 1))
        .put("trafficPerDay", round(c.trafficPerDay(), 1)).put("captureRate", round(c.captureRate(), 4))
        .put("predictedPerDay", round(c.predictedVisitorsPerDay(), 1))));
    JsonArray backtest = new JsonArray();
    p.backtest().forEach(b -> backtest.add(new JsonObject()
        .put("zone", b.zone()).put("name", name(request.site, b.zone()))
        .put("actualPerDay", round(b.actualPerDay(), 1)).put("predictedPerDay", round(b.predictedPerDay(), 1))
        .put("low", round(b.low(), 1)).put("high", round(b.high(), 1)).put("error", round(b.error(), 4))));
    JsonObject body = new JsonObject()
        .put("site", request.site.id())
        .put("zone", request.unit.id())
        .put("name", request.unit.name())
        .put("kind", request.unit.kind().token())
        .put("floor", request.unit.floor())
        .put("category", request.unit.category())
        .put("history", request.history.json().put("recorded", unit.days()))
        .put("trafficPerDay", round(p.trafficPerDay(), 1))
        .put("visitorsPerDay", round(p.visitorsPerDay(), 1))
        .put("visitorsPerWeek", round(times(p.visitorsPerDay(), 7), 0))
        .put("low", round(p.low(), 1))
        .put("high", round(p.high(), 1))
        .put("lowPerWeek", round(times(p.low(), 7), 0))
        .put("highPerWeek", round(times(p.high(), 7), 0))
        .put("comparables", comparables)
        .put("backtest", new JsonObject()
            .put("stores", backtest)
            .put("medianAbsoluteError", round(p.medianAbsoluteError(), 4))
            .put("withinRange", p.withinRange()))
        .put("kAnonymity", k)
        .put("note", POTENTIAL_NOTE);
    body.put("payback", request.payback == null || p.visitorsPerDay() == null ? null
        : paybackJson(request.payback, p));
    return body;
  }

  private static JsonObject paybackJson(Payback payback, UnitPotential p) {
    JsonObject json = new JsonObject()
        .put("rentPerMonth", payback.rentPerMonth()).put("spendPerBuyer", payback.spendPerBuyer())
        .put("conversion", payback.conversion()).put("margin", payback.margin()).put("fitOut", payback.fitOut())
        .put("breakEvenVisitorsPerDay", round(payback.breakEvenVisitorsPerDay(), 1));
    for (Map.Entry<String, Double> e : Map.of("low", p.low(), "estimate", p.visitorsPerDay(), "high", p.high())
        .entrySet()) {
      Payback.Outcome o = payback.at(e.getValue());
      json.put(e.getKey(), new JsonObject().put("visitorsPerDay", round(o.visitorsPerDay(), 1))
          .put("salesPerMonth", round(o.salesPerMonth(), 0)).put("marginPerMonth", round(o.marginPerMonth(), 0))
          .put("paybackMonths", round(o.paybackMonths(), 1)));
    }
    return json;
  }

  private static String compareCsv(JsonObject body) {
    StringBuilder csv = new StringBuilder("figure,before,after,change,margin,verdict,text\n");
    body.getJsonArray("figures").forEach(o -> {
      JsonObject f = (JsonObject) o;
      csv.append(f.getString("figure")).append(',').append(text(f.getValue("before"))).append(',')
          .append(text(f.getValue("after"))).append(',').append(text(f.getValue("change"))).append(',')
          .append(text(f.getValue("margin"))).append(',').append(f.getString("verdict")).append(",\"")
          .append(f.getString("text")).append("\"\n");
    });
    return csv.toString();
  }

  private static String potentialCsv(JsonObject body) {
    StringBuilder csv = new StringBuilder("row,zone,visitorsPerDay,low,high,actualPerDay,error\n");
    csv.append("estimate,").append(body.getString("zone")).append(',').append(text(body.getValue("visitorsPerDay")))
        .append(',').append(text(body.getValue("low"))).append(',').append(text(body.getValue("high")))
        .append(",,\n");
    body.getJsonArray("comparables").forEach(o -> {
      JsonObject c = (JsonObject) o;
      csv.append("comparable,").append(c.getString("zone")).append(',').append(c.getValue("predictedPerDay"))
          .append(",,,").append(c.getValue("visitorsPerDay")).append(",\n");
    });
    body.getJsonObject("backtest").getJsonArray("stores").forEach(o -> {
      JsonObject b = (JsonObject) o;
      csv.append("backtest,").append(b.getString("zone")).append(',').append(b.getValue("predictedPerDay"))
          .append(',').append(b.getValue("low")).append(',').append(b.getValue("high")).append(',')
          .append(b.getValue("actualPerDay")).append(',').append(b.getValue("error")).append('\n');
    });
    return csv.toString();
  }

  private static String name(Site site, String zone) {
    return site.zone(zone).map(Zone::name).orElse(zone);
  }

  private static Double times(Double value, double factor) {
    return value == null ? null : value * factor;
  }

  private static Double round(Double value, int decimals) {
    if (value == null || value.isNaN() || value.isInfinite()) {
      return null;
    }
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }

  private static String text(Object value) {
    return value == null ? "" : value.toString();
  }

  private static Days days(RoutingContext ctx, String fromName, String toName, LocalDate defaultFrom,
                           LocalDate defaultTo) {
    LocalDate from = date(ctx, fromName, defaultFrom);
    LocalDate to = date(ctx, toName, defaultTo);
    if (to.isBefore(from)) {
      throw ClientFault.badInput(toName, "'" + toName + "' must not be before '" + fromName + "'");
    }
    if (to.toEpochDay() - from.toEpochDay() + 1 > MAX_DAYS) {
      throw ClientFault.badInput(toName, "'" + fromName + "'..'" + toName + "' must span at most " + MAX_DAYS
          + " days");
    }
    return new Days(from, to);
  }

  private static LocalDate date(RoutingContext ctx, String name, LocalDate fallback) {
    String value = ctx.request().getParam(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw ClientFault.badInput(name, "'" + name + "' must be a date such as 2026-10-19, got '"
          + abbreviate(value) + "'");
    }
  }

  private static Double number(RoutingContext ctx, String name, double min, double max) {
    String value = ctx.request().getParam(name);
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      double n = Double.parseDouble(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ClientFault.badInput(name, "'" + name + "' must be a number within " + format(min) + ".." + format(max));
  }

  private static String format(double n) {
    return n == Math.rint(n) && Math.abs(n) < 1e15 ? Long.toString((long) n) : Double.toString(n);
  }

  private static LocalDate today(Site site) {
    return LocalDate.ofInstant(Instant.now(), ZoneId.of(site.timezone()));
  }

  private Site site(RoutingContext ctx) {
    String id = ctx.pathParam("site");
    Site site = sites.get(id);
    if (site == null) {
      throw ClientFault.notFound("no site '" + id + "'");
    }
    return site;
  }

  private static void respond(RoutingContext ctx, JsonObject body, Supplier<String> csv) {
    String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
    if ("csv".equals(ctx.request().getParam("format"))
        || accept != null && accept.toLowerCase(Locale.ROOT).contains("text/csv")) {
      ctx.response()
          .putHeader(HttpHeaders.CONTENT_TYPE, "text/csv; charset=utf-8")
          .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
          .end(csv.get());
      return;
    }
    SiteRoutes.json(ctx, 200, body.encode());
  }

  private static String abbreviate(String value) {
    return value.length() > 20 ? value.substring(0, 20) + "..." : value;
  }
}
