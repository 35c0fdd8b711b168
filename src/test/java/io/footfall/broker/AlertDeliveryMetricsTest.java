package io.footfall.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.alerts.AlertChange;
import io.footfall.bus.Addresses;
import io.footfall.bus.OnContext;
import io.footfall.ingest.IngestCounters;
import io.footfall.metrics.NodeMetrics;
import io.footfall.notify.NotifyConfig;
import io.footfall.notify.NotifyCounters;
import io.footfall.notify.NotifyVerticle;
import io.footfall.store.WriteQueue;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alert deliveries counted on {@code /metrics}: real webhook receivers over HTTP, a real Mosquitto for the MQTT
 * alerts, and the metrics read through a real HTTP GET.
 */
@ExtendWith(VertxExtension.class)
class AlertDeliveryMetricsTest {

  private static final JsonObject ALERT =
      new AlertChange("demo-mall", AlertChange.CAPACITY, "food-court", 1_732_838_400_000L, null, 130, 120).toJson();

  @TempDir
  Path dir;

  private NodeMetrics metrics;

  @AfterEach
  void close() {
    if (metrics != null) {
      metrics.close();
    }
  }

  @Test
  void countsWebhookDeliveriesPerTargetAndMqttPublishesWithoutLeakingUrls(Vertx vertx) throws Exception {
    try (Mosquitto broker = Mosquitto.start(dir)) {
      // GIVEN a receiver that is unavailable once and then takes alerts, and one that refuses them
      AtomicInteger flakyRequests = new AtomicInteger();
      int flaky = listen(vertx, () -> flakyRequests.incrementAndGet() == 1 ? 503 : 204);
      int refusing = listen(vertx, () -> 400);
      String refusingUrl = "http://hook-user:hunter2@127.0.0.1:" + refusing + "/services/T0/B0/token-in-path";
      NotifyConfig config = new NotifyConfig(List.of("http://localhost:" + flaky + "/hooks", refusingUrl), "s3cret",
          2000, 3, 10, 40, 100, true, "footfall-alerts");
      BrokerConfig settings = new BrokerConfig(false, false, "127.0.0.1", broker.port, false, "", Mosquitto.USER,
          Mosquitto.PASSWORD, "footfall", "footfall/v1/+/+/sightings", 50, 500, "3.1.1", 86400);
      NotifyCounters counters = new NotifyCounters(config);
      int web = serveMetrics(vertx, counters);
      vertx.deployVerticle(new NotifyVerticle(config, settings, counters)).await(10, TimeUnit.SECONDS);

      // WHEN the engine raises two alerts
      vertx.eventBus().publish(Addresses.STORE_ALERTS, ALERT);
      vertx.eventBus().publish(Addresses.STORE_ALERTS, ALERT.copy().put("id", "second"));

      // THEN /metrics tells per target how each delivery went, and how many alerts the broker took
      String text = awaitMetrics(vertx, web, s -> s.contains(
          "footfall_notify_mqtt_alerts_total{outcome=\"published\"} 2.0")
          && s.contains("footfall_notify_webhook_deliveries_total{outcome=\"delivered\",target=\"localhost:" + flaky
          + "\"} 2.0")
          && s.contains("footfall_notify_webhook_deliveries_total{outcome=\"failed\",target=\"127.0.0.1:" + refusing
          + "\"} 2.0"));
      assertThat(text)
          .contains("footfall_notify_webhook_retries_total{target=\"localhost:" + flaky + "\"} 1.0")
          .contains("footfall_notify_webhook_retries_total{target=\"127.0.0.1:" + refusing + "\"} 0.0")
          .contains("footfall_notify_webhook_deliveries_total{outcome=\"dropped\",target=\"localhost:" + flaky
              + "\"} 0.0")
          .contains("footfall_notify_mqtt_alerts_total{outcome=\"dropped\"} 0.0")
          .doesNotContain("hunter2", "hook-user", "token-in-path", "/hooks");
    }
  }

  @Test
  void namesWebhookTargetsByHostAndPortNumberingRepeatedHosts() {
    assertThat(NotifyCounters.targetNames(List.of("https://hooks.example.org/services/T0/B0/XXXX",
        "https://user:pw@hooks.example.org/other", "http://bms.local:8080/alerts")))
        .containsExactly("hooks.example.org", "hooks.example.org#2", "bms.local:8080");
  }

  /** An HTTP receiver on a free port that reads each request's body and answers with the next status. */
  private static int listen(Vertx vertx, IntSupplier status) throws Exception {
    return vertx.createHttpServer()
        .requestHandler(request -> request.body().onSuccess(body ->
            request.response().setStatusCode(status.getAsInt()).end()))
        .listen(0).await(10, TimeUnit.SECONDS).actualPort();
  }

  private int serveMetrics(Vertx vertx, NotifyCounters counters) throws Exception {
    metrics = new NodeMetrics(List.of(), new IngestCounters(), JsonObject::new,
        () -> WriteQueue.Stats.NONE).notifications(counters);
    Router router = Router.router(vertx);
    metrics.mount(router);
    return vertx.createHttpServer().requestHandler(router).listen(0).await(10, TimeUnit.SECONDS).actualPort();
  }

  /** GETs /metrics until the text satisfies {@code done}; fails after 20 s. */
  private static String awaitMetrics(Vertx vertx, int port, Predicate<String> done)
      throws Exception {
    HttpClientAgent client = vertx.createHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    String text = get(vertx, client, port);
    while (!done.test(text)) {
      assertThat(System.nanoTime()).as("metrics within 20 s, last scrape:%n%s", text).isLessThan(deadline);
      TimeUnit.MILLISECONDS.sleep(20);
      text = get(vertx, client, port);
    }
    return text;
  }

  private static String get(Vertx vertx, HttpClientAgent client, int port) throws Exception {
    Future<Buffer> body = OnContext.run(vertx, () -> client.request(HttpMethod.GET, port, "127.0.0.1", "/metrics")
        .compose(request -> request.send())
        .compose(response -> response.body()));
    return body.await(10, TimeUnit.SECONDS).toString();
  }
}
