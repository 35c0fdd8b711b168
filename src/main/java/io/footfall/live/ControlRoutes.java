package io.footfall.live;

import io.footfall.bus.Addresses;
import io.footfall.fault.ClientFault;
import io.footfall.fault.ServerFault;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the control room needs beyond the stored metrics: {@code GET /api/sites/{site}/flows/recent?minutes=n}, the
 * zone-to-zone transitions of the last 1-60 minutes of event time, asked of the site's engine over
 * {@link Addresses#engineFlows} (the stored flows are hourly and final only after their hour). Cells counting
 * fewer than {@code kAnonymity} transitions (but more than zero) are suppressed like the stored ones, with their
 * complement in their row and column ({@link Suppression}).
 */
final class ControlRoutes {

  private static final int DEFAULT_MINUTES = 15;
  private static final long ENGINE_TIMEOUT_MS = 5_000;

  private final Vertx vertx;
  private final Map<String, LiveHub> hubs;
  private final int k;

  ControlRoutes(Vertx vertx, Map<String, LiveHub> hubs, int kAnonymity) {
    this.vertx = vertx;
    this.hubs = hubs;
    this.k = kAnonymity;
  }

  void mount(Router router) {
    router.get("/api/sites/:site/flows/recent").handler(this::recentFlows);
  }

  private record Question(String site, int minutes) {
  }

  private void recentFlows(RoutingContext ctx) {
    Future.succeededFuture(ctx)
        .map(this::question)
        .compose(question -> askEngine(question).map(answer -> recentJson(question, answer)))
        .onSuccess(body -> SiteRoutes.json(ctx, 200, body.encode()))
        .onFailure(ctx::fail);
  }

  private Question question(RoutingContext ctx) {
    String site = ctx.pathParam("site");
    if (!hubs.containsKey(site)) {
      throw ClientFault.notFound("no site '" + site + "'");
    }
    String text = ctx.request().getParam("minutes");
    if (text == null || text.isBlank()) {
      return new Question(site, DEFAULT_MINUTES);
    }
    try {
      int minutes = Integer.parseInt(text);
      if (minutes >= 1 && minutes <= 60) {
        return new Question(site, minutes);
      }
    } catch (NumberFormatException e) {
      // reported below with the out-of-range values
    }
    throw ClientFault.badInput("minutes", "'minutes' must be a whole number within 1..60");
  }

  private Future<JsonObject> askEngine(Question question) {
    return vertx.eventBus()
        .<JsonObject>request(Addresses.engineFlows(question.site), new JsonObject().put("minutes", question.minutes),
            new DeliveryOptions().setSendTimeout(ENGINE_TIMEOUT_MS))
        .map(reply -> reply.body())
        .recover(failure -> Future.failedFuture(new ServerFault("engine-unavailable",
            "the site's engine did not answer, retry later", true,
            failure instanceof ReplyException ? failure : null)));
  }

  private JsonObject recentJson(Question question, JsonObject answer) {
    Long watermark = answer.getLong("watermark");
    List<JsonObject> given = answer.getJsonArray("cells", new JsonArray()).stream().map(JsonObject.class::cast)
        .toList();
    Suppression matrix = new Suppression(k, given.stream().mapToLong(c -> c.getInteger("transitions", 0)).toArray(),
        given.stream().map(c -> c.getString("from")).toList(), given.stream().map(c -> c.getString("to")).toList());
    JsonArray cells = new JsonArray();
    for (int i = 0; i < given.size(); i++) {
      cells.add(new JsonObject().put("from", given.get(i).getString("from")).put("to", given.get(i).getString("to"))
          .put("transitions", matrix.value(i)).put("suppressed", matrix.hidden(i)));
    }
    return new JsonObject()
        .put("site", question.site)
        .put("minutes", question.minutes)
        .put("from", watermark == null ? null : Instant.ofEpochMilli(watermark - question.minutes * 60_000L).toString())
        .put("to", watermark == null ? null : Instant.ofEpochMilli(watermark).toString())
        .put("kAnonymity", k)
        .put("cells", cells);
  }
}
