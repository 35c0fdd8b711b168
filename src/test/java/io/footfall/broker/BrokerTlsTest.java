package io.footfall.broker;

import static io.footfall.testkit.Await.await;
import static io.footfall.testkit.Await.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.alerts.AlertChange;
import io.footfall.bus.Addresses;
import io.footfall.bus.Codecs;
import io.footfall.bus.NodeHealth;
import io.footfall.ingest.IngestCounters;
import io.footfall.ingest.MqttConfig;
import io.footfall.notify.NotifyConfig;
import io.footfall.notify.NotifyCounters;
import io.footfall.notify.NotifyVerticle;
import io.footfall.wire.Sighting;
import io.footfall.wire.SightingBatch;
import io.footfall.wire.Topics;
import io.footfall.wire.WireEncoder;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * footfall subscribed to a real Mosquitto whose only listener speaks TLS, with a certificate from a CA made by the
 * test: footfall verifies the broker's certificate against {@code broker.trustFile} and its name against
 * {@code broker.host}, and does not subscribe to a broker that fails either check; alerts go out over TLS too.
 */
@ExtendWith(VertxExtension.class)
class BrokerTlsTest {

  @TempDir
  Path dir;

  private final List<SightingBatch> engineReceived = new CopyOnWriteArrayList<>();
  private final NodeHealth health = new NodeHealth();
  private TestCa mallCa;
  private Mosquitto broker;

  @BeforeEach
  void engine(Vertx vertx) throws Exception {
    Codecs.register(vertx);
    vertx.eventBus().<SightingBatch>consumer(Addresses.ENGINE_SIGHTINGS, m -> {
      engineReceived.add(m.body());
      m.reply(null);
    });
    mallCa = TestCa.create(dir, "mall-ca");
  }

  @AfterEach
  void stopBroker() throws Exception {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void subscribesOverTlsToABrokerWhoseCertificateTheConfiguredCaSigned(Vertx vertx) throws Exception {
    // GIVEN a broker with a certificate for 127.0.0.1 from the mall's CA, which footfall trusts
    broker = Mosquitto.startTls(dir, mallCa.issue("broker", "DNS:localhost", "IP:127.0.0.1"));
    deployBridge(vertx, mallCa.cert());
    eventually("() -> health.state(\"broker\") == NodeHealth.State.UP", () -> health.state("broker") == NodeHealth.State.UP);

    // WHEN a sensor publishes a batch to the broker over TLS
    await(publish(vertx));

    // THEN it reaches the engine
    eventually("() -> engineReceived.size() == 1", () -> engineReceived.size() == 1);
    assertThat(engineReceived.get(0).sensor).isEqualTo("s-01");
  }

  @Test
  void refusesABrokerWhoseCertificateAnotherCaSigned(Vertx vertx) throws Exception {
    // GIVEN a broker whose certificate comes from a CA footfall was not told to trust
    TestCa stranger = TestCa.create(dir, "stranger-ca");
    broker = Mosquitto.startTls(dir, stranger.issue("broker", "DNS:localhost", "IP:127.0.0.1"));

    deployBridge(vertx, mallCa.cert());

    // THEN the TLS handshake fails and footfall reports why instead of subscribing
    eventually("() -> health.state(\"broker\") == NodeHealth.State.DEGRADED", () -> health.state("broker") == NodeHealth.State.DEGRADED);
    assertThat(health.toJson().encode()).contains("cannot reach 127.0.0.1:" + broker.port)
        .contains("unable to find valid certification path");
  }

  @Test
  void refusesATrustedCertificateIssuedForAnotherHost(Vertx vertx) throws Exception {
    // GIVEN a broker presenting a certificate of the trusted CA, but for another name than broker.host
    broker = Mosquitto.startTls(dir, mallCa.issue("broker", "DNS:other-broker.mall.internal"));

    deployBridge(vertx, mallCa.cert());

    // THEN the host name check fails the handshake
    eventually("() -> health.state(\"broker\") == NodeHealth.State.DEGRADED", () -> health.state("broker") == NodeHealth.State.DEGRADED);
    assertThat(health.toJson().encode()).contains("No subject alternative names matching IP address 127.0.0.1");
  }

  @Test
  void publishesAlertsOverTlsWithTheSameBrokerSettings(Vertx vertx) throws Exception {
    // GIVEN the TLS broker and a building system subscribed to every site's alerts
    broker = Mosquitto.startTls(dir, mallCa.issue("broker", "DNS:localhost", "IP:127.0.0.1"));
    List<JsonObject> received = new CopyOnWriteArrayList<>();
    MqttClient subscriber = MqttClient.create(vertx, tlsClient("bms"));
    subscriber.publishHandler(message -> received.add(new JsonObject(message.payload())));
    await(subscriber.connect(broker.port, "127.0.0.1")
        .compose(ack -> subscriber.subscribe("footfall/v1/+/alerts", MqttQoS.AT_LEAST_ONCE.value())));
    NotifyConfig notify = new NotifyConfig(List.of(), "", 1000, 1, 10, 50, 100, true, "footfall-alerts");
    NotifyCounters counters = new NotifyCounters(notify);
    await(vertx.deployVerticle(new NotifyVerticle(notify, settings(mallCa.cert()), counters)));

    // WHEN the engine raises an alert
    JsonObject alert = new AlertChange("mall-a", AlertChange.SENSOR_SILENT, "s-01", 1_732_838_400_000L, null,
        360_000, 300_000).toJson();
    vertx.eventBus().publish(Addresses.STORE_ALERTS, alert);

    // THEN it crosses the TLS connection to the subscriber
    eventually("() -> received.size() == 1", () -> received.size() == 1);
    assertThat(received.get(0)).isEqualTo(alert);
    eventually("() -> counters.mqttPublished() == 1", () -> counters.mqttPublished() == 1);
  }

  private BrokerConfig settings(Path trustFile) {
    return new BrokerConfig(true, false, "127.0.0.1", broker.port, true, trustFile.toString(),
        Mosquitto.USER, Mosquitto.PASSWORD, "footfall-tls", "footfall/v1/+/+/sightings", 50, 400, "5", 86400);
  }

  private MqttClientOptions tlsClient(String clientId) {
    MqttClientOptions options = new MqttClientOptions().setUsername(Mosquitto.USER).setPassword(Mosquitto.PASSWORD)
        .setClientId(clientId).setSsl(true).setHostnameVerificationAlgorithm("HTTPS");
    options.setTrustOptions(new PemTrustOptions().addCertPath(mallCa.cert().toString()));
    return options;
  }

  private void deployBridge(Vertx vertx, Path trustFile) throws Exception {
    MqttConfig limits = new MqttConfig("127.0.0.1", 0, 65536, 1000);
    await(vertx.deployVerticle(new BrokerBridgeVerticle(settings(trustFile), limits, List.of(BrokerBridgeTest.site()),
        health, new IngestCounters())));
  }

  /** Publishes a QoS 1 batch of sensor s-01 over TLS, trusting the mall's CA; completes on the PUBACK. */
  private Future<Integer> publish(Vertx vertx) {
    Buffer payload = Buffer.buffer(WireEncoder.batch("s-01", 1,
        List.of(Sighting.of("00000000000abc01", -60, 1_732_838_400_000L))));
    MqttClient client = MqttClient.create(vertx, tlsClient("sensor-s-01"));
    Promise<Integer> acked = Promise.promise();
    client.publishCompletionHandler(acked::tryComplete);
    return client.connect(broker.port, "127.0.0.1")
        .compose(ack -> client.publish(Topics.sightings("mall-a", "s-01"), payload, MqttQoS.AT_LEAST_ONCE, false,
            false))
        .compose(id -> acked.future())
        .compose(id -> client.disconnect().map(id));
  }
}
