package io.footfall.live;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.footfall.analytics.ZoneMinute;
import io.footfall.auth.Audit;
import io.footfall.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/** The audit trail of logins, logouts, refused credentials and alert acknowledgements, through the real web server. */
@ExtendWith(VertxExtension.class)
class AuditTest {

  private static final Map<String, String> JSON = Map.of("Content-Type", "application/json", "Authorization", "");
  private final Logger audit = (Logger) LoggerFactory.getLogger(Audit.LOGGER);
  private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
  private WebFixture web;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext test) {
    captured.start();
    audit.addAppender(captured);
    WebFixture.start(vertx, (site, zone, from, to) -> Future.<List<ZoneMinute>>succeededFuture(List.of()))
        .onComplete(test.succeeding(f -> {
          web = f;
          test.completeNow();
        }));
  }

  @AfterEach
  void detach() {
    audit.detachAppender(captured);
  }

  @Test
  void recordsALoginAndALogoutWithUserRoleAndAddressButNeverThePassword(VertxTestContext test) {
    web.login("control")
        .compose(login -> web.request(HttpMethod.POST, "/api/logout", withCsrf(login), new byte[0]))
        .onComplete(test.succeeding(reply -> test.verify(() -> {
          assertThat(messages()).containsExactly(
              "login [user: control, role: control-room, address: 127.0.0.1, method: form]",
              "logout [user: control, address: 127.0.0.1]");
          assertThat(captured.list.get(0).getKeyValuePairs()).extracting(kv -> kv.key + "=" + kv.value)
              .contains("event=login", "user=control", "role=control-room");
          assertThat(String.join("\n", messages())).doesNotContain(WebFixture.PASSWORD);
          test.completeNow();
        })));
  }

  @Test
  void recordsRefusedLoginsNamingOnlyExistingUsers(VertxTestContext test) {
    String typedIntoTheNameField = "my-secret-passphrase";
    web.request(HttpMethod.POST, "/api/login", JSON, body("control", "wrong"))
        .compose(v -> web.request(HttpMethod.POST, "/api/login", JSON, body(typedIntoTheNameField, "x")))
        .compose(v -> web.get("/api/sites", Map.of("Authorization", WebFixture.basic("manager", "wrong"))))
        .compose(v -> web.get("/api/sites", Map.of("Authorization", "Bearer fft_00000000_forged")))
        .onComplete(test.succeeding(reply -> test.verify(() -> {
          assertThat(messages()).containsExactly(
              "login refused [user: control, address: 127.0.0.1, method: form]",
              "login refused [user: (unknown), address: 127.0.0.1, method: form]",
              "login refused [user: manager, address: 127.0.0.1, method: basic]",
              "api token refused [address: 127.0.0.1]");
          assertThat(String.join("\n", messages())).doesNotContain(typedIntoTheNameField, "wrong", "forged");
          test.completeNow();
        })));
  }

  @Test
  void recordsWhoAcknowledgedWhichAlert(Vertx vertx, VertxTestContext test) {
    // the alert store's side of the contract: acknowledge and answer with the alert
    vertx.eventBus().<JsonObject>consumer(Addresses.STORE_ALERTS_QUERY, m -> m.reply(new JsonObject()
        .put("id", m.body().getString("id")).put("acknowledgedBy", m.body().getString("by"))));
    web.request(HttpMethod.POST, "/api/sites/demo-mall/alerts/capacity%2Ffood-court%2F1/ack",
            Map.of("Authorization", WebFixture.basic("control")), new byte[0])
        .onComplete(test.succeeding(reply -> test.verify(() -> {
          assertThat(reply.status()).isEqualTo(200);
          assertThat(messages()).containsExactly(
              "alert acknowledged [user: control, site: demo-mall, alert: capacity/food-court/1]");
          test.completeNow();
        })));
  }

  @Test
  void recordsEveryFailureThatThrottlesANameAndAddressButNotTheAttemptsRefusedUnchecked(VertxTestContext test) {
    Future<WebFixture.Reply> chain = Future.succeededFuture();
    for (int i = 0; i < 8; i++) {
      chain = chain.compose(v -> web.request(HttpMethod.POST, "/api/login", JSON, body("control", "wrong")));
    }
    chain.onComplete(test.succeeding(reply -> test.verify(() -> {
      assertThat(messages()).filteredOn(m -> m.startsWith("login refused")).hasSize(5);
      assertThat(messages()).filteredOn(m -> m.startsWith("login throttled")).containsExactly(
          "login throttled [user: control, address: 127.0.0.1, method: form, failures: 5, waitSeconds: 1]");
      test.completeNow();
    })));
  }

  @Test
  void recordsWhichAdminLiftedTheThrottles(VertxTestContext test) {
    web.request(HttpMethod.POST, "/api/login", JSON, body("control", "wrong"))
        .compose(v -> web.request(HttpMethod.DELETE, "/api/login/throttles", Map.of(), null))
        .onComplete(test.succeeding(reply -> test.verify(() -> {
          assertThat(messages()).contains("login throttles lifted [user: admin, address: 127.0.0.1, tracked: 2]");
          test.completeNow();
        })));
  }

  @Test
  void aForgedLineBreakInAClientValueCannotStartALineOfItsOwn(Vertx vertx, VertxTestContext test) {
    vertx.eventBus().<JsonObject>consumer(Addresses.STORE_ALERTS_QUERY, m -> m.reply(new JsonObject()
        .put("id", m.body().getString("id"))));
    String forged = "x\n2026-12-07T10:00:00.000Z login [user: admin, role: admin, address: 10.0.0.1, method: form]";
    web.request(HttpMethod.POST, "/api/sites/demo-mall/alerts/"
            + URLEncoder.encode(forged, StandardCharsets.UTF_8).replace("+", "%20") + "%00/ack",
            Map.of("Authorization", WebFixture.basic("control")), new byte[0])
        .onComplete(test.succeeding(reply -> test.verify(() -> {
          assertThat(reply.status()).isEqualTo(200);
          assertThat(messages()).singleElement().asString()
              .startsWith("alert acknowledged [user: control, site: demo-mall, alert: x\\n2026-12-07T10:00:00.000Z login")
              .doesNotContain("\n", "\r", "\0");
          test.completeNow();
        })));
  }

  @Test
  void anAbsurdlyLongAlertIdIsRefusedBeforeItReachesTheStoreOrTheTrail(Vertx vertx, VertxTestContext test) {
    vertx.eventBus().<JsonObject>consumer(Addresses.STORE_ALERTS_QUERY, m -> m.reply(new JsonObject()
        .put("id", m.body().getString("id"))));
    web.request(HttpMethod.POST, "/api/sites/demo-mall/alerts/" + "a".repeat(AlertRoutes.MAX_ID_CHARS + 1) + "/ack",
            Map.of("Authorization", WebFixture.basic("control")), new byte[0])
        .onComplete(test.succeeding(reply -> test.verify(() -> {
          assertThat(reply.status()).isEqualTo(400);
          assertThat(messages()).isEmpty();
          test.completeNow();
        })));
  }

  private List<String> messages() {
    return captured.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  private static Map<String, String> withCsrf(WebFixture.Login login) {
    Map<String, String> headers = new HashMap<>(login.headers());
    headers.put("X-CSRF-Token", login.csrf());
    return headers;
  }

  private static byte[] body(String name, String password) {
    return new JsonObject().put("name", name).put("password", password).encode().getBytes(StandardCharsets.UTF_8);
  }
}
