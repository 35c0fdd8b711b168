package io.footfall.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.alerts.AlertChange;
import io.footfall.broker.BrokerConfig;
import io.footfall.bus.Addresses;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.mqtt.MqttServer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class NotifyVerticleTest {

  private static final String SECRET = "s3cret";
  private static final JsonObject ALERT =
      new AlertChange("demo-mall", AlertChange.CAPACITY, "food-court", 1_732_838_400_000L, null, 130, 120).toJson();

  @Test
  void signsEveryWebhookAttemptAndRetriesUntilTheReceiverTakesTheAlert(Vertx vertx, VertxTestContext test)
      throws Exception {
    // GIVEN a receiver that is unavailable for its first two requests
    List<Received> received = new CopyOnWriteArrayList<>();
    HttpServer receiver = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      received.add(new Received(request, body));
      request.response().setStatusCode(received.size() <= 2 ? 503 : 204).end();
      if (received.size() == 3) {
        test.completeNow();
      }
    }));
    int port = receiver.listen(0).await(10, TimeUnit.SECONDS).actualPort();
    NotifyConfig config = config(List.of("http://localhost:" + port + "/hooks/footfall"), 5, 1000);
    vertx.deployVerticle(new NotifyVerticle(config, broker(1883), new NotifyCounters(config)))
        .await(10, TimeUnit.SECONDS);

    // WHEN the engine publishes an alert
    vertx.eventBus().publish(Addresses.STORE_ALERTS, ALERT);

    // THEN the third attempt gets through, each one signed over the same body under the same delivery id
    assertThat(test.awaitCompletion(20, TimeUnit.SECONDS)).isTrue();
    assertThat(received).hasSize(3).allSatisfy(r -> {
      assertThat(r.path).isEqualTo("/hooks/footfall");
      assertThat(new JsonObject(r.body)).isEqualTo(ALERT);
      assertThat(r.signature).isEqualTo(Webhooks.signature(SECRET, r.body)).startsWith("sha256=");
      assertThat(Long.parseLong(r.timestamp)).isPositive();
      assertThat(r.contentType).isEqualTo("application/json");
    });
    assertThat(received).extracting(r -> r.delivery).containsOnly(received.get(0).delivery);
  }

  @Test
  void signatureIsTheHexHmacSha256OfTheBody() {
    // RFC 4231 test case 2
    String signature = Webhooks.signature("Jefe", Buffer.buffer("what do ya want for nothing?"));

    assertThat(signature).isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }

  @Test
  void retryWaitsDoubleUpToTheCapWithUpToHalfTakenOffAtRandom() {
    assertThat(Webhooks.retryDelay(1, 1000, 300_000, 0.0)).isEqualTo(1000);
    assertThat(Webhooks.retryDelay(2, 1000, 300_000, 0.0)).isEqualTo(2000);
    assertThat(Webhooks.retryDelay(4, 1000, 300_000, 0.0)).isEqualTo(8000);
    assertThat(Webhooks.retryDelay(4, 1000, 300_000, 0.999)).isBetween(4000L, 4010L);
    assertThat(Webhooks.retryDelay(12, 1000, 300_000, 0.0)).isEqualTo(300_000);
    assertThat(Webhooks.retryDelay(60, 1000, 300_000, 0.0)).isEqualTo(300_000);
  }

  @Test
  void dropsAndCountsDeliveriesBeyondTheQueueBound(Vertx vertx, VertxTestContext test) throws Exception {
    // GIVEN a receiver that never answers and room for two pending deliveries
    HttpServer receiver = vertx.createHttpServer().requestHandler(request -> { });
    int port = receiver.listen(0).await(10, TimeUnit.SECONDS).actualPort();
    Webhooks webhooks = webhooks(vertx, config(List.of("http://localhost:" + port + "/"), 1, 2));

    // WHEN five alerts come at once
    vertx.runOnContext(v -> {
      for (int i = 0; i < 5; i++) {
        webhooks.deliver(ALERT.copy().put("id", "a" + i));
      }
      // THEN three are dropped without an attempt
      test.verify(() -> assertThat(webhooks.dropped()).isEqualTo(3));
      test.completeNow();
    });
    assertThat(test.awaitCompletion(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void refusalByTheReceiverIsNotRetried(Vertx vertx, VertxTestContext test) throws Exception {
    AtomicInteger requests = new AtomicInteger();
    HttpServer receiver = vertx.createHttpServer().requestHandler(request -> {
      requests.incrementAndGet();
      request.response().setStatusCode(401).end();
    });
    int port = receiver.listen(0).await(10, TimeUnit.SECONDS).actualPort();
    Webhooks webhooks = webhooks(vertx, config(List.of("http://localhost:" + port + "/"), 5, 10));

    vertx.runOnContext(v -> webhooks.deliver(ALERT));

    vertx.setPeriodic(20, id -> {
      if (webhooks.failed() == 1) {
        vertx.cancelTimer(id);
        test.verify(() -> assertThat(requests).hasValue(1));
        test.completeNow();
      }
    });
    assertThat(test.awaitCompletion(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void publishesAlertsWithQos1ToTheSitesAlertTopicOnTheBroker(Vertx vertx, VertxTestContext test) throws Exception {
    // GIVEN a broker that drops the first connection before acknowledging anything
    AtomicInteger connections = new AtomicInteger();
    List<String> topics = new CopyOnWriteArrayList<>();
    MqttServer broker = MqttServer.create(vertx).endpointHandler(endpoint -> {
      int connection = connections.incrementAndGet();
      endpoint.publishHandler(message -> {
        topics.add(message.topicName());
        if (connection == 1) {
          endpoint.close();
          return;
        }
        endpoint.publishAcknowledge(message.messageId());
        test.verify(() -> {
          assertThat(endpoint.clientIdentifier()).isEqualTo("footfall-alerts");
          assertThat(message.qosLevel()).isEqualTo(MqttQoS.AT_LEAST_ONCE);
          assertThat(message.isRetain()).isFalse();
          assertThat(new JsonObject(message.payload())).isEqualTo(ALERT);
        });
        test.completeNow();
      });
      endpoint.accept(false);
    });
    int port = broker.listen(0).await(10, TimeUnit.SECONDS).actualPort();
    NotifyConfig config = new NotifyConfig(List.of(), "", 1000, 1, 10, 50, 10, true, "footfall-alerts");
    vertx.deployVerticle(new NotifyVerticle(config, broker(port), new NotifyCounters(config)))
        .await(10, TimeUnit.SECONDS);

    // WHEN the engine publishes an alert
    vertx.eventBus().publish(Addresses.STORE_ALERTS, ALERT);

    // THEN it reaches footfall/v1/demo-mall/alerts, again on the next connection since the first never acknowledged it
    assertThat(test.awaitCompletion(20, TimeUnit.SECONDS)).isTrue();
    assertThat(topics).containsExactly("footfall/v1/demo-mall/alerts", "footfall/v1/demo-mall/alerts");
  }

  @Test
  void refusesToShareTheSightingSubscribersClientId() {
    NotifyConfig config = new NotifyConfig(List.of(), "", 1000, 1, 10, 50, 10, true, "footfall");
    BrokerConfig subscribing = new BrokerConfig(true, false, "localhost", 1883, false, "", "", "", "footfall",
        "footfall/v1/+/+/sightings", 10, 100, "3.1.1", 86400);

    assertThatThrownBy(() -> new NotifyVerticle(config, subscribing, new NotifyCounters(config)))
        .hasMessageContaining("notifications.mqttClientId must differ from broker.clientId");
  }

  @Test
  void webhooksNeedASecretAndAbsoluteHttpUrls() {
    assertThatThrownBy(() -> new NotifyConfig(List.of("https://example.org/hook"), "", 1000, 1, 10, 50, 10, false,
        "footfall-alerts")).hasMessageContaining("notifications.secret is required");
    assertThatThrownBy(() -> new NotifyConfig(List.of("ftp://example.org/hook"), "s", 1000, 1, 10, 50, 10, false,
        "footfall-alerts")).hasMessageContaining("notifications.webhooks must be absolute http(s) URLs");
    assertThat(new NotifyConfig(List.of("http://a.example/x, https://b.example/y"), "s", 1000, 1, 10, 50, 10, false,
        "footfall-alerts").webhooks()).containsExactly("http://a.example/x", "https://b.example/y");
  }

  private static Webhooks webhooks(Vertx vertx, NotifyConfig config) {
    return new Webhooks(vertx, config, new NotifyCounters(config));
  }

  private static NotifyConfig config(List<String> webhooks, int maxAttempts, int maxQueued) {
    return new NotifyConfig(webhooks, SECRET, 2000, maxAttempts, 10, 40, maxQueued, false, "footfall-alerts");
  }

  private static BrokerConfig broker(int port) {
    return new BrokerConfig(false, false, "localhost", port, false, "", "", "", "footfall",
        "footfall/v1/+/+/sightings", 10, 100, "3.1.1", 86400);
  }

  private record Received(String path, String signature, String timestamp, String delivery, String contentType,
                          Buffer body) {
    Received(HttpServerRequest request, Buffer body) {
      this(request.path(), request.getHeader(Webhooks.SIGNATURE_HEADER), request.getHeader(Webhooks.TIMESTAMP_HEADER),
          request.getHeader(Webhooks.DELIVERY_HEADER), request.getHeader("Content-Type"), body);
    }
  }
}
