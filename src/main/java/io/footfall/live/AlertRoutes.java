package io.footfall.live;

import io.footfall.auth.Audit;
import io.footfall.auth.User;
import io.footfall.auth.WebAuth;
import io.footfall.bus.Addresses;
import io.footfall.fault.ClientFault;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Map;

/**
 * The alert API (docs/alerts.md): {@code GET /api/sites/{site}/alerts?state=open|all&from&to} and
 * {@code POST /api/sites/{site}/alerts/{id}/ack}, recorded as acknowledged by the logged-in user; a store manager
 * lists only their own stores' alerts and acknowledges none. Asks the alert store over
 * {@link Addresses#STORE_ALERTS_QUERY}. Alert ids contain slashes, so they travel URL-encoded.
 */
final class AlertRoutes {

  private static final long DEFAULT_RANGE_MS = 7L * 24 * 3600 * 1000;
  /** Alert ids are a rule, a zone and a time: far shorter than this. */
  static final int MAX_ID_CHARS = 200;

  private final Vertx vertx;
  private final Map<String, LiveHub> hubs;

  AlertRoutes(Vertx vertx, Map<String, LiveHub> hubs) {
    this.vertx = vertx;
    this.hubs = hubs;
  }

  void mount(Router router) {
    router.get("/api/sites/:site/alerts").handler(this::list);
    router.post("/api/sites/:site/alerts/:id/ack").handler(this::ack);
  }

  private void list(RoutingContext ctx) {
    Future.succeededFuture(ctx)
        .map(this::listRequest)
        .compose(this::ask)
        .map(answer -> visibleTo(WebAuth.user(ctx), answer))
        .onSuccess(answer -> SiteRoutes.json(ctx, 200, answer.encode()))
        .onFailure(ctx::fail);
  }

  /**
   * A store manager's list holds only the alerts of their own zones (a store over capacity or unusually busy);
   * sensor alerts, whose subject is a sensor, stay with the control room.
   */
  private static JsonObject visibleTo(User user, JsonObject answer) {
    String site = answer.getJsonArray("alerts").isEmpty() ? null
        : answer.getJsonArray("alerts").getJsonObject(0).getString("site");
    if (user == null || site == null || user.seesWholeSite(site)) {
      return answer;
    }
    JsonArray own = new JsonArray();
    answer.getJsonArray("alerts").stream().map(JsonObject.class::cast)
        .filter(alert -> user.maySeeZone(site, alert.getString("subject")))
        .forEach(own::add);
    return answer.copy().put("alerts", own);
  }

  private JsonObject listRequest(RoutingContext ctx) {
    String state = ctx.request().getParam("state", "open");
    if (!state.equals("open") && !state.equals("all")) {
      throw ClientFault.badInput("state", "state must be 'open' or 'all', got '" + state + "'");
    }
    long to = instant(ctx, "to", Instant.now().toEpochMilli() + 1);
    long from = instant(ctx, "from", to - DEFAULT_RANGE_MS);
    return new JsonObject().put("op", "list").put("site", site(ctx)).put("state", state).put("from", from)
        .put("to", to);
  }

  private void ack(RoutingContext ctx) {
    Future.succeededFuture(ctx)
        .map(this::ackRequest)
        .compose(request -> ask(request)
            .onSuccess(answer -> Audit.alertAcknowledged(request.getString("by"), request.getString("site"), request.getString("id"))))
        .onSuccess(answer -> SiteRoutes.json(ctx, 200, answer.encode()))
        .onFailure(ctx::fail);
  }

  /** The acknowledger is the logged-in user; only a caller without one (none behind the login) names itself. */
  private JsonObject ackRequest(RoutingContext ctx) {
    User user = WebAuth.user(ctx);
    String by = user != null ? user.name() : givenName(ctx);
    String id = ctx.pathParam("id");
    if (id.isEmpty() || id.length() > MAX_ID_CHARS) {
      throw ClientFault.badInput("id", "an alert id has 1-" + MAX_ID_CHARS + " characters");
    }
    return new JsonObject().put("op", "ack").put("site", site(ctx)).put("id", id).put("by", by);
  }

  private static String givenName(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      throw ClientFault.badInput("body", "body must be a JSON object such as {\"by\":\"name\"}");
    }
    String by = body == null ? null : body.getString("by");
    if (by == null || by.isBlank() || by.length() > 200) {
      throw ClientFault.badInput("by", "'by' must name who acknowledges (1-200 characters)");
    }
    return by;
  }

  private Future<JsonObject> ask(JsonObject request) {
    return vertx.eventBus().<JsonObject>request(Addresses.STORE_ALERTS_QUERY, request)
        .map(reply -> reply.body())
        .recover(failure -> failure instanceof ReplyException reply && reply.failureCode() == 404
            ? Future.failedFuture(ClientFault.notFound(reply.getMessage()))
            : Future.failedFuture(failure));
  }

  private String site(RoutingContext ctx) {
    String id = ctx.pathParam("site");
    if (!hubs.containsKey(id)) {
      throw ClientFault.notFound("no site '" + id + "'");
    }
    return id;
  }

  private static long instant(RoutingContext ctx, String name, long fallback) {
    String text = ctx.request().getParam(name);
    if (text == null) {
      return fallback;
    }
    try {
      return Instant.parse(text).toEpochMilli();
    } catch (RuntimeException e) {
      throw ClientFault.badInput(name, name + " must be an ISO instant such as 2025-03-04T09:00:00Z");
    }
  }
}
