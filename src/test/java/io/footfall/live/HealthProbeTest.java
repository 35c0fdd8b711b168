package io.footfall.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.bus.NodeHealth;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Liveness and readiness probes over real HTTP. */
@ExtendWith(VertxExtension.class)
class HealthProbeTest {

  private WebFixture web;

  @BeforeEach
  void start(Vertx vertx) {
    web = WebFixture.start(vertx, (site, zone, from, to) -> Future.succeededFuture(List.of())).await();
  }

  @Test
  void isAliveAndReadyWhenEveryComponentIsUp() {
    assertThat(web.get("/api/health/live").await().status()).isEqualTo(200);
    WebFixture.Reply ready = web.get("/api/health/ready").await();
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json().getBoolean("ready")).isTrue();
  }

  @Test
  void staysReadyWhileDegradedButNotWhileAComponentIsDown() {
    web.health.report("database", NodeHealth.State.DEGRADED, "rollup writes failing, rows spooled to disk");
    assertThat(web.get("/api/health/ready").await().status()).isEqualTo(200);

    web.health.report("engine", NodeHealth.State.DOWN, "stopped");
    WebFixture.Reply ready = web.get("/api/health/ready").await();
    assertThat(ready.status()).isEqualTo(503);
    assertThat(ready.json().getJsonObject("components").getJsonObject("engine").getString("status"))
        .isEqualTo("down");
    assertThat(web.get("/api/health/live").await().status()).as("alive all the same").isEqualTo(200);
  }
}
