package io.footfall.cluster;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Consumer;

/**
 * {@code GET /api/cluster}: this node's id, the members, which node runs each site and the sizes of the cluster
 * maps (see docs/deploy.md). Mounted on the web server of cluster nodes only.
 */
public final class ClusterRoutes implements Consumer<Router> {

  private final SiteOwnership ownership;

  public ClusterRoutes(SiteOwnership ownership) {
    this.ownership = ownership;
  }

  @Override
  public void accept(Router router) {
    router.get("/api/cluster").handler(this::cluster);
  }

  private void cluster(RoutingContext ctx) {
    ownership.status()
        .onSuccess(status -> ctx.response()
            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
            .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
            .end(status.encode()))
        .onFailure(ctx::fail);
  }
}
