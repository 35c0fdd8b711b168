package io.footfall.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.fault.ServerFault;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class SeriesFailureTest {

  @Test
  void mapsAnUnavailableStoreToServiceUnavailableWithoutDetails(Vertx vertx, VertxTestContext test) {
    ZoneSeries down = (site, zone, from, to) ->
        Future.failedFuture(new ServerFault("database", "connection refused to db.internal:5432", true, null));

    WebFixture.start(vertx, down)
        .compose(web -> web.get("/api/sites/demo-mall/zones/food-court/series"))
        .onComplete(test.succeeding(reply -> test.verify(() -> {
          assertThat(reply.status()).isEqualTo(503);
          assertThat(reply.json()).isEqualTo(new JsonObject().put("error", "temporarily unavailable, retry later"));
          test.completeNow();
        })));
  }

  @Test
  void hidesAnUnexpectedFailureBehindInternalError(Vertx vertx, VertxTestContext test) {
    ZoneSeries broken = (site, zone, from, to) -> {
      throw new IllegalStateException("pool exhausted at org.example.Secret");
    };

    WebFixture.start(vertx, broken)
        .compose(web -> web.get("/api/sites/demo-mall/zones/food-court/series"))
        .onComplete(test.succeeding(reply -> test.verify(() -> {
          assertThat(reply.status()).isEqualTo(500);
          assertThat(reply.body().toString()).isEqualTo("{\"error\":\"internal error\"}");
          test.completeNow();
        })));
  }
}
