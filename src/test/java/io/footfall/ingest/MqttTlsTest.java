package io.footfall.ingest;

import static io.footfall.ingest.MqttTestClient.await;
import static io.footfall.ingest.MqttTestClient.batch;
import static io.footfall.ingest.MqttTestClient.login;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.bus.Addresses;
import io.footfall.bus.Codecs;
import io.footfall.bus.NodeHealth;
import io.footfall.wire.SightingBatch;
import io.footfall.wire.Topics;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.mqtt.MqttClientOptions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The MQTT endpoint with TLS from PEM files, and with client certificates required: real handshakes. */
@ExtendWith(VertxExtension.class)
class MqttTlsTest {

  @TempDir
  static Path dir;
  static SelfSignedPem server;
  static SelfSignedPem sensor;
  static SelfSignedPem stranger;

  private final IngestCounters counters = new IngestCounters();

  @BeforeAll
  static void makeCertificates() throws Exception {
    server = SelfSignedPem.create(dir, "server");
    sensor = SelfSignedPem.create(dir, "sensor");
    stranger = SelfSignedPem.create(dir, "stranger");
  }

  private int deploy(Vertx vertx, String clientCa) {
    Codecs.register(vertx);
    vertx.eventBus().<SightingBatch>consumer(Addresses.ENGINE_SIGHTINGS, m -> m.reply(null)).completion().await();
    MqttConfig config = new MqttConfig("127.0.0.1", 0, 2048, 100)
        .withTls(server.cert().toString(), server.key().toString(), clientCa);
    IngestVerticle ingest = new IngestVerticle(config, List.of(IngestVerticleTest.site()), false, new NodeHealth(),
        counters);
    vertx.deployVerticle(ingest).await();
    return ingest.actualPort();
  }

  private static MqttClientOptions overTls(SelfSignedPem clientCertificate) {
    MqttClientOptions options = login("s-01", "pw-one");
    options.setSsl(true).setHostnameVerificationAlgorithm("HTTPS")
        .setTrustOptions(new PemTrustOptions().addCertPath(server.cert().toString()));
    if (clientCertificate != null) {
      options.setKeyCertOptions(new PemKeyCertOptions().setCertPath(clientCertificate.cert().toString())
          .setKeyPath(clientCertificate.key().toString()));
    }
    return options;
  }

  @Test
  void aSensorPublishesOverTlsAndAPlainClientIsNotServed(Vertx vertx) throws Throwable {
    int port = deploy(vertx, "");

    MqttTestClient client = await(MqttTestClient.connect(vertx, port, overTls(null)));
    await(client.publish(Topics.sightings("mall-a", "s-01"), Buffer.buffer(batch("s-01", 1, 2)),
        MqttQoS.AT_LEAST_ONCE));
    assertThat(counters.sensor("mall-a/s-01").batches()).isEqualTo(1);

    assertThatThrownBy(() -> await(MqttTestClient.connect(vertx, port, login("s-01", "pw-one"))))
        .as("plain MQTT on the TLS port").isNotNull();
  }

  @Test
  void withAClientCaOnlySensorsWithACertificateItSignedAreServed(Vertx vertx) throws Throwable {
    int port = deploy(vertx, sensor.cert().toString());

    MqttTestClient client = await(MqttTestClient.connect(vertx, port, overTls(sensor)));
    await(client.publish(Topics.sightings("mall-a", "s-01"), Buffer.buffer(batch("s-01", 1, 2)),
        MqttQoS.AT_LEAST_ONCE));
    assertThat(counters.sensor("mall-a/s-01").batches()).isEqualTo(1);

    assertThatThrownBy(() -> await(MqttTestClient.connect(vertx, port, overTls(null))))
        .as("no client certificate").isNotNull();
    assertThatThrownBy(() -> await(MqttTestClient.connect(vertx, port, overTls(stranger))))
        .as("a certificate the CA did not sign").isNotNull();
  }
}
