package io.footfall.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.bus.OnContext;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Requests made one after another from a plain thread, as the command line and the tests make them. Chained from
 * that thread without {@link OnContext}, one response body in a few hundred to a few thousand was never delivered
 * and its request hung.
 */
@ExtendWith(VertxExtension.class)
class OnContextTest {

  private static final int REQUESTS = 5_000;

  @Test
  void everyResponseBodyArrivesWhenRequestsComeFromAPlainThread(Vertx vertx) throws TimeoutException {
    HttpServer server = vertx.createHttpServer()
        .requestHandler(request -> request.body().onSuccess(body -> request.response().end("{\"ok\":true}")))
        .listen(0, "127.0.0.1").await();
    HttpClient http = vertx.createHttpClient();

    int answered = 0;
    for (int i = 0; i < REQUESTS; i++) {
      HttpMethod method = i % 3 == 0 ? HttpMethod.GET : HttpMethod.POST;
      Buffer body = OnContext.run(vertx, () -> http.request(method, server.actualPort(), "127.0.0.1", "/")
              .compose(request -> method == HttpMethod.GET ? request.send() : request.send("[1]"))
              .compose(response -> response.body()))
          .await(10, TimeUnit.SECONDS);
      answered += body.length() > 0 ? 1 : 0;
    }

    assertThat(answered).isEqualTo(REQUESTS);
  }

  @Test
  void failsTheFutureWhenTheExchangeCannotStart(Vertx vertx) {
    assertThat(OnContext.<Void>run(vertx, () -> {
      throw new IllegalStateException("no client");
    }).toCompletionStage().toCompletableFuture()).failsWithin(5, TimeUnit.SECONDS)
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .withMessageContaining("no client");
  }
}
