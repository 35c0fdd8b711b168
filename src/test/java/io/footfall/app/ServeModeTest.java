package io.footfall.app;

import static io.footfall.testkit.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.bus.OnContext;
import io.footfall.site.SensorSecrets;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node as {@code footfall serve} starts it: the operator's site file, hashed passwords, no demo password, and a
 * metrics token.
 */
@ExtendWith(VertxExtension.class)
class ServeModeTest {

  @TempDir
  Path dir;

  private FootfallNode node;

  @AfterEach
  void stop() throws Exception {
    if (node != null) {
      await(node.stop());
    }
  }

  @Test
  void servesTheOperatorsSitesAndAcceptsOnlyTheirSensorsPasswords(Vertx vertx) throws Exception {
    Path site = dir.resolve("riverside.yaml");
    Files.writeString(site, """
        id: riverside
        name: Riverside
        floors: [{id: G, width: 20, height: 10}]
        zones:
          - {id: shop, kind: store, floor: G, capacity: 20, polygon: [[0,0],[10,0],[10,10],[0,10]]}
        sensors:
          - {id: s-1, floor: G, x: 5, y: 5, zone: shop, secret: "%s"}
        """.formatted(SensorSecrets.hash("open sesame")));
    Path config = dir.resolve("footfall.yaml");
    Files.writeString(config, "dataDir: %s\nsites: [%s]\nhttp: {port: 0, metricsToken: scrape-me}\nmqtt: {port: 0}\n"
        .formatted(dir.resolve("data"), site));

    node = await(FootfallNode.start(vertx, FootfallConfig.load(config, Map.of(), Map.of()), false));

    assertThat(node.sites()).extracting(s -> s.id()).containsExactly("riverside");
    assertThat(await(connect(vertx, "s-1", "open sesame")).isConnected()).isTrue();
    assertThatThrownBy(() -> await(connect(vertx, "s-1", "demo"))).isInstanceOf(ExecutionException.class);
    assertThat(await(metricsStatus(vertx, null))).isEqualTo(401);
    assertThat(await(metricsStatus(vertx, "Bearer scrape-me"))).isEqualTo(200);
  }

  @Test
  void refusesToStartWithoutSites(Vertx vertx) throws Exception {
    Path config = dir.resolve("footfall.yaml");
    Files.writeString(config, "dataDir: %s\nhttp: {port: 0}\nmqtt: {port: 0}\n".formatted(dir.resolve("data")));

    assertThatThrownBy(() -> await(FootfallNode.start(vertx, FootfallConfig.load(config, Map.of(), Map.of()), false)))
        .hasMessageContaining("sites: no site files given");
  }

  @Test
  void aPortAnotherProgramHoldsIsNamedWithTheOptionThatChangesItBeforeTheDatabaseStarts(Vertx vertx)
      throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();

      assertThatThrownBy(() -> await(FootfallNode.start(vertx, FootfallConfig.load(null, Map.of(), Map.of(
          "dataDir", dir.resolve("data").toString(), "http.host", "127.0.0.1", "http.port", Integer.toString(port),
          "mqtt.port", "0")), true)))
          .hasMessageContaining("HTTP port " + port + " is already in use")
          .hasMessageContaining("--http-port N").hasMessageContaining("http.port")
          .hasMessageContaining("FOOTFALL_HTTP_PORT");
      assertThat(dir.resolve("data").resolve("pg")).as("refused before the embedded PostgreSQL starts").doesNotExist();
    }
  }

  private Future<Integer> metricsStatus(Vertx vertx, String authorization) {
    HttpClient http = vertx.createHttpClient();
    return OnContext.run(vertx, () -> http.request(HttpMethod.GET, node.httpPort(), "127.0.0.1", "/metrics")
            .compose(request -> {
              if (authorization != null) {
                request.putHeader(HttpHeaders.AUTHORIZATION, authorization);
              }
              return request.send();
            })
            .compose(response -> response.body().map(body -> response.statusCode())))
        .andThen(done -> http.close());
  }

  private Future<MqttClient> connect(Vertx vertx, String user, String password) {
    MqttClient client = MqttClient.create(vertx, new MqttClientOptions().setUsername(user).setPassword(password));
    return client.connect(node.mqttPort(), "127.0.0.1").map(ack -> client);
  }

}
