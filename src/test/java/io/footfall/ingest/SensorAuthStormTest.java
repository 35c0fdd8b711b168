package io.footfall.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.bus.NodeHealth;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.MqttConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Sensor password checks (120,000-iteration PBKDF2 each) in a reconnect storm, through a real MQTT endpoint and real
 * MQTT clients: a password that passed is not hashed again, the checks waiting are bounded, and they run on a pool
 * of their own.
 */
class SensorAuthStormTest {

  private Vertx vertx;
  private final IngestCounters counters = new IngestCounters();

  @AfterEach
  void close() throws Throwable {
    if (vertx != null) {
      MqttTestClient.await(vertx.close());
    }
  }

  @Test
  void aSensorReconnectingWithAPasswordThatPassedIsNotHashedAgain() throws Throwable {
    IngestVerticle ingest = start(new VertxOptions(), new MqttConfig("127.0.0.1", 0, 2048, 100));

    for (int i = 0; i < 20; i++) {
      MqttClient client = MqttTestClient.await(connect(ingest, "s-01", "pw-one"));
      MqttTestClient.await(client.disconnect());
    }
    // a wrong password is hashed every time: it never passed, so nothing spares it
    Throwable refused = failure(connect(ingest, "s-01", "wrong"));

    assertThat(ingest.passwordChecks()).isEqualTo(2);
    assertThat(((MqttConnectionException) refused).code())
        .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
  }

  @Test
  void passwordChecksBeyondTheBoundAreRefusedAsServerUnavailableBeforeAnyHashing() throws Throwable {
    IngestVerticle ingest = start(new VertxOptions(), new MqttConfig("127.0.0.1", 0, 2048, 100).withAuth(1, 2));

    // GIVEN 12 sensors connecting at once with passwords never seen (wrong ones: each needs a full hash)
    List<Future<MqttClient>> storm = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      storm.add(connect(ingest, "s-01", "wrong-" + i));
    }
    List<MqttConnectReturnCode> codes = new ArrayList<>();
    for (Future<MqttClient> attempt : storm) {
      codes.add(((MqttConnectionException) failure(attempt)).code());
    }

    // THEN at most 2 wait at a time: the rest are refused as server unavailable, counted, and never hashed
    long busy = counters.rejected("auth-busy");
    assertThat(busy).isPositive();
    assertThat(codes).filteredOn(c -> c == MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE)
        .hasSize((int) busy);
    assertThat(counters.rejected("auth")).isEqualTo(12 - busy);
    assertThat(ingest.passwordChecks()).isEqualTo(12 - busy);
  }

  @Test
  void sensorsAreCheckedWhileTheSharedWorkerPoolIsHeldByOtherBlockingWork() throws Throwable {
    IngestVerticle ingest = start(new VertxOptions().setWorkerPoolSize(1),
        new MqttConfig("127.0.0.1", 0, 2048, 100));
    CountDownLatch release = new CountDownLatch(1);
    Future<Boolean> held = vertx.executeBlocking(() -> release.await(60, TimeUnit.SECONDS));
    try {
      // WHEN the one thread of the shared pool is busy, a sensor still gets its password checked
      MqttClient client = MqttTestClient.await(connect(ingest, "s-02", "pw-two"));

      assertThat(client.isConnected()).isTrue();
      assertThat(held.isComplete()).as("shared pool released").isFalse();
    } finally {
      release.countDown();
    }
  }

  private IngestVerticle start(VertxOptions options, MqttConfig config) throws Throwable {
    vertx = Vertx.vertx(options);
    IngestVerticle ingest = new IngestVerticle(config, List.of(IngestVerticleTest.site()), false, new NodeHealth(),
        counters);
    MqttTestClient.await(vertx.deployVerticle(ingest));
    return ingest;
  }

  private Future<MqttClient> connect(IngestVerticle ingest, String sensor, String password) {
    MqttClient client = MqttClient.create(vertx, new MqttClientOptions().setUsername(sensor).setPassword(password)
        .setClientId(sensor + "-" + System.nanoTime()));
    return client.connect(ingest.actualPort(), "127.0.0.1").map(ack -> client);
  }

  private static Throwable failure(Future<?> future) throws Exception {
    try {
      MqttTestClient.await(future);
    } catch (Throwable e) {
      return e;
    }
    throw new AssertionError("connected, expected a refusal");
  }
}
