package io.footfall.live;

import io.footfall.bus.NodeHealth;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Probes for an orchestrator or load balancer. {@code GET /api/health/live}: 200 while the process serves HTTP at
 * all (restart it otherwise). {@code GET /api/health/ready}: 200 when every component is UP or DEGRADED but serving
 * (rollups spooled, load shed), 503 while any is STARTING or DOWN; the body names each component's state.
 */
final class HealthRoutes {

  private final NodeHealth health;

  HealthRoutes(NodeHealth health) {
    this.health = health;
  }

  void mount(Router router) {
    router.get("/api/health/live").handler(ctx -> SiteRoutes.json(ctx, 200, new JsonObject().put("status", "alive")
        .encode()));
    router.get("/api/health/ready").handler(this::ready);
  }

  private void ready(RoutingContext ctx) {
    NodeHealth.State overall = health.overall();
    boolean ready = overall == NodeHealth.State.UP || overall == NodeHealth.State.DEGRADED;
    JsonObject body = health.toJson().put("ready", ready);
    SiteRoutes.json(ctx, ready ? 200 : 503, body.encode());
  }
}
