package io.footfall.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.footfall.analytics.ZoneMinute;
import io.footfall.auth.WebAuth;
import io.footfall.bus.NodeHealth;
import io.footfall.bus.OnContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS from the configured PEM files, with a throwaway certificate made by openssl: the session cookie is Secure
 * and answers carry HSTS over TLS, or behind a trusted proxy that says it took HTTPS, and never otherwise.
 */
@ExtendWith(VertxExtension.class)
class HttpsTest {

  private static final ZoneSeries NO_MINUTES = (site, zone, from, to) -> Future.<List<ZoneMinute>>succeededFuture(List.of());
  private static final Path OPENSSL = Path.of("/usr/bin/openssl");

  @TempDir
  Path dir;

  private record Answer(int status, String setCookie, String hsts) {
  }

  @Test
  void servesHttpsFromThePemFilesWithASecureCookieAndHsts(Vertx vertx) throws Exception {
    assumeTrue(Files.isExecutable(OPENSSL), "openssl is not installed: skipping the HTTPS test");
    Path cert = dir.resolve("web.pem");
    Path key = dir.resolve("web.key");
    Process openssl = new ProcessBuilder(OPENSSL.toString(), "req", "-x509", "-newkey", "ec", "-pkeyopt",
        "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key.toString(), "-out", cert.toString(), "-days", "2",
        "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost")
        .redirectErrorStream(true).start();
    String output = new String(openssl.getInputStream().readAllBytes());
    assertThat(openssl.waitFor()).as(output).isZero();
    WebFixture web = WebFixture.start(vertx, NO_MINUTES, WebFixture.PLAIN.withTls(cert.toString(), key.toString()))
        .await(20, TimeUnit.SECONDS);
    HttpClient https = vertx.createHttpClient(new HttpClientOptions().setSsl(true)
        .setTrustOptions(new PemTrustOptions().addCertPath(cert.toString())));
    HttpClient plain = vertx.createHttpClient();

    Answer login = login(vertx, https, web.port(), Map.of());
    int plainStatus = OnContext.run(vertx, () -> plain.request(HttpMethod.GET, web.port(), "127.0.0.1", "/api/health")
        .compose(request -> request.idleTimeout(2_000).send()).map(response -> response.statusCode()))
        .otherwise(-1).await(20, TimeUnit.SECONDS);

    assertThat(login.status()).isEqualTo(200);
    assertThat(login.setCookie()).contains("footfall_session=").contains("Secure").containsIgnoringCase("HttpOnly");
    assertThat(login.hsts()).isEqualTo("max-age=31536000");
    assertThat(plainStatus).as("plain HTTP on the HTTPS port is refused").isNotEqualTo(200);
  }

  @Test
  void behindATrustedProxyThatTookHttpsTheCookieIsSecureAndFromAnyoneElseItIsNot(Vertx vertx) throws Exception {
    WebFixture proxied = WebFixture.start(vertx, NO_MINUTES, WebFixture.PLAIN.withTrustedProxies(List.of("127.0.0.1")))
        .await(20, TimeUnit.SECONDS);
    WebFixture direct = WebFixture.start(vertx, NO_MINUTES, WebFixture.PLAIN).await(20, TimeUnit.SECONDS);
    HttpClient plain = vertx.createHttpClient();
    Map<String, String> tookHttps = Map.of("X-Forwarded-Proto", "https");

    Answer viaProxy = login(vertx, plain, proxied.port(), tookHttps);
    Answer viaProxyPlain = login(vertx, plain, proxied.port(), Map.of("X-Forwarded-Proto", "http"));
    Answer claimedByAClient = login(vertx, plain, direct.port(), tookHttps);

    assertThat(viaProxy.setCookie()).contains("Secure");
    assertThat(viaProxy.hsts()).isEqualTo("max-age=31536000");
    assertThat(List.of(viaProxyPlain, claimedByAClient)).allSatisfy(answer -> {
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.setCookie()).doesNotContain("Secure");
      assertThat(answer.hsts()).isNull();
    });
  }

  @Test
  void anUnreadableKeyStopsTheServerAndOnlyTheLogSaysWhich(Vertx vertx) {
    NodeHealth health = new NodeHealth();
    WebVerticle web = new WebVerticle(WebFixture.PLAIN.withTls(dir.resolve("missing.pem").toString(),
        dir.resolve("missing.key").toString()), List.of(WebFixture.DEMO), health, NO_MINUTES,
        new WebAuth(WebFixture.USERS));

    Throwable failure = org.assertj.core.api.Assertions.catchThrowable(
        () -> vertx.deployVerticle(web).await(20, TimeUnit.SECONDS));

    assertThat(failure).isNotNull();
    assertThat(health.state("http")).isEqualTo(NodeHealth.State.DOWN);
    assertThat(failure).hasMessageContaining("missing.key");
    assertThat(health.toJson().encode()).as("health is open to anyone: no file paths")
        .contains("cannot start on port 0 (see the log)").doesNotContain("missing");
  }

  @Test
  void aCertificateWithoutItsKeyIsRefusedNamingTheSettings() {
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> WebFixture.PLAIN.withTls("/etc/web.pem", "")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("http.tlsCertPath and http.tlsKeyPath must be given together");
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> WebFixture.PLAIN.withTrustedProxies(List.of("proxy.example"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("http.trustedProxies: 'proxy.example' is not an IP address or CIDR range");
  }

  private static Answer login(Vertx vertx, HttpClient client, int port, Map<String, String> headers) throws Exception {
    Buffer body = new JsonObject().put("name", "control").put("password", WebFixture.PASSWORD).toBuffer();
    return OnContext.run(vertx, () -> client.request(HttpMethod.POST, port, "127.0.0.1", "/api/login")
        .compose(request -> {
          request.putHeader("Content-Type", "application/json");
          headers.forEach(request::putHeader);
          return request.send(body);
        })
        .compose(response -> response.body().map(read -> new Answer(response.statusCode(),
            response.getHeader("Set-Cookie"), response.getHeader("Strict-Transport-Security")))))
        .await(20, TimeUnit.SECONDS);
  }
}
