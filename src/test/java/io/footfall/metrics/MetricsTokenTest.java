package io.footfall.metrics;

import static io.footfall.testkit.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.bus.OnContext;
import io.footfall.ingest.IngestCounters;
import io.footfall.site.Site;
import io.footfall.site.SiteLoader;
import io.footfall.store.WriteQueue;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code GET /metrics} over real HTTP, open by default and behind a bearer token when {@code http.metricsToken} is set. */
@ExtendWith(VertxExtension.class)
class MetricsTokenTest {

  private static final Site DEMO = SiteLoader.loadResource("sites/demo-mall.yaml");

  private record Reply(int status, String body, String challenge) {
  }

  private NodeMetrics metrics;
  private HttpServer server;
  private HttpClient http;

  @AfterEach
  void close() throws Exception {
    if (server != null) {
      await(server.close());
    }
    metrics.close();
  }

  @Test
  void withoutATokenAnyoneMayScrape(Vertx vertx) throws Exception {
    serve(vertx, "");

    Reply reply = scrape(vertx, null);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).contains("footfall_db_queue_rows");
  }

  @Test
  void withATokenOnlyAScrapeBearingItGetsTheMetrics(Vertx vertx) throws Exception {
    serve(vertx, "s3cret-scrape-token");

    Reply none = scrape(vertx, null);
    Reply wrong = scrape(vertx, "Bearer s3cret-scrape-tokem");
    Reply basic = scrape(vertx, "Basic czNjcmV0LXNjcmFwZS10b2tlbg==");
    Reply right = scrape(vertx, "Bearer s3cret-scrape-token");

    assertThat(List.of(none.status(), wrong.status(), basic.status())).containsOnly(401);
    assertThat(none.challenge()).isEqualTo("Bearer realm=\"footfall-metrics\"");
    assertThat(none.body()).doesNotContain("footfall_");
    assertThat(right.status()).isEqualTo(200);
    assertThat(right.body()).contains("footfall_db_queue_rows");
  }

  private void serve(Vertx vertx, String token) throws Exception {
    metrics = new NodeMetrics(List.of(DEMO), new IngestCounters(), () -> new JsonObject(),
        () -> WriteQueue.Stats.NONE).follow(vertx);
    Router router = Router.router(vertx);
    metrics.mount(router, token);
    server = await(vertx.createHttpServer().requestHandler(router).listen(0));
    http = vertx.createHttpClient();
  }

  private Reply scrape(Vertx vertx, String authorization) throws Exception {
    return await(OnContext.run(vertx, () -> http.request(HttpMethod.GET, server.actualPort(), "127.0.0.1", "/metrics")
        .compose(request -> {
          if (authorization != null) {
            request.putHeader(HttpHeaders.AUTHORIZATION, authorization);
          }
          return request.send();
        })
        .compose(response -> response.body().map(body -> new Reply(response.statusCode(), body.toString(),
            response.getHeader("WWW-Authenticate"))))));
  }

}
