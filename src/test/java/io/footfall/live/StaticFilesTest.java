package io.footfall.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class StaticFilesTest {

  private WebFixture web;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext test) {
    WebFixture.start(vertx, (site, zone, from, to) -> {
      throw new AssertionError("no series expected");
    }).onComplete(test.succeeding(f -> {
      web = f;
      test.completeNow();
    }));
  }

  @Test
  void servesTheDashboardAtTheRootWithAStrictContentSecurityPolicy(VertxTestContext test) {
    web.login("control").compose(login -> web.get("/", login.headers())).onComplete(test.succeeding(reply -> test.verify(() -> {
      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.headers().get("Content-Type")).startsWith("text/html");
      assertThat(reply.headers().get("Content-Security-Policy")).isEqualTo(WebVerticle.CONTENT_SECURITY_POLICY);
      assertThat(reply.headers().get("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(reply.headers().get("Referrer-Policy")).isEqualTo("no-referrer");
      assertThat(reply.body().toString()).contains("<script type=\"module\" src=\"app.js\"></script>")
          .doesNotContain("<script>").doesNotContain("http://").doesNotContain("https://");
      test.completeNow();
    })));
  }

  @Test
  void servesEchartsFromTheBundledWebjar(VertxTestContext test) {
    web.get("/webjars/echarts/5.3.1/dist/echarts.esm.min.js")
        .compose(esm -> web.get("/webjars/echarts/5.3.1/dist/echarts.min.js").map(min -> java.util.List.of(esm, min)))
        .onComplete(test.succeeding(replies -> test.verify(() -> {
          assertThat(replies).allSatisfy(reply -> {
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.headers().get("Content-Type")).contains("javascript");
            assertThat(reply.body().length()).isGreaterThan(500_000);
          });
          test.completeNow();
        })));
  }

  @Test
  void putsSecurityHeadersOnApiAnswersToo(VertxTestContext test) {
    web.get("/api/sites").onComplete(test.succeeding(reply -> test.verify(() -> {
      assertThat(reply.headers().get("Content-Security-Policy")).isEqualTo(WebVerticle.CONTENT_SECURITY_POLICY);
      assertThat(reply.headers().get("X-Content-Type-Options")).isEqualTo("nosniff");
      test.completeNow();
    })));
  }

  @Test
  void refusesAnOversizedRequestBody(VertxTestContext test) {
    web.post("/api/sites", new byte[WebVerticle.MAX_BODY_BYTES + 1])
        .onComplete(test.succeeding(reply -> test.verify(() -> {
          assertThat(reply.status()).isEqualTo(413);
          assertThat(reply.json().getString("error")).isNotBlank();
          test.completeNow();
        })));
  }
}
