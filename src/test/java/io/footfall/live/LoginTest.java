package io.footfall.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.analytics.ZoneMinute;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Logging in and out, sessions, CSRF, rate limiting and HTTP Basic, through the real web server. */
@ExtendWith(VertxExtension.class)
class LoginTest {

  private static final Map<String, String> NO_CREDENTIALS = Map.of("Authorization", "");
  private static final ZoneSeries NO_MINUTES = (site, zone, from, to) -> Future.<List<ZoneMinute>>succeededFuture(List.of());
  private WebFixture web;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext test) {
    WebFixture.start(vertx, (site, zone, from, to) -> Future.<List<ZoneMinute>>succeededFuture(List.of()))
        .onComplete(test.succeeding(f -> {
          web = f;
          test.completeNow();
        }));
  }

  @Test
  void everyApiButHealthNeedsALogin(VertxTestContext test) {
    web.get("/api/sites", NO_CREDENTIALS)
        .compose(sites -> web.get("/api/health", NO_CREDENTIALS).map(health -> List.of(sites, health)))
        .onComplete(test.succeeding(replies -> test.verify(() -> {
          assertThat(replies.get(0).status()).isEqualTo(401);
          assertThat(replies.get(0).json().getString("error")).isEqualTo("login required");
          assertThat(replies.get(0).headers().get("WWW-Authenticate")).as("no browser password prompt").isNull();
          assertThat(replies.get(1).status()).isEqualTo(200);
          test.completeNow();
        })));
  }

  @Test
  void pagesSendTheBrowserToTheLoginPageWithoutASession(VertxTestContext test) {
    web.get("/store/store-northwind?x=1", NO_CREDENTIALS)
        .compose(store -> web.get("/login.html", NO_CREDENTIALS).map(login -> List.of(store, login)))
        .onComplete(test.succeeding(replies -> test.verify(() -> {
          assertThat(replies.get(0).status()).isEqualTo(302);
          assertThat(replies.get(0).headers().get("Location")).isEqualTo("/login.html?next=%2Fstore%2Fstore-northwind%3Fx%3D1");
          assertThat(replies.get(1).status()).isEqualTo(200);
          test.completeNow();
        })));
  }

  @Test
  void loginSetsAStrictHttpOnlySessionCookieThatOpensPagesAndTheApi(VertxTestContext test) {
    List<WebFixture.Reply> replies = new ArrayList<>();
    web.request(HttpMethod.POST, "/api/login", Map.of("Content-Type", "application/json", "Authorization", ""),
            body("control", WebFixture.PASSWORD))
        .onSuccess(replies::add)
        .compose(v -> web.login("control"))
        .compose(login -> web.get("/api/session", login.headers()).onSuccess(replies::add)
            .compose(v -> web.get("/control", login.headers())).onSuccess(replies::add)
            .compose(v -> web.get("/history", login.headers())).onSuccess(replies::add))
        .onComplete(test.succeeding(v -> test.verify(() -> {
          String cookie = replies.get(0).headers().get("Set-Cookie");
          assertThat(cookie).startsWith("footfall_session=").contains("SameSite=Strict", "Path=/")
              .containsIgnoringCase("HttpOnly").doesNotContain("Secure");
          JsonObject session = replies.get(1).json();
          assertThat(session.getJsonObject("user").getString("role")).isEqualTo("control-room");
          assertThat(session.getString("csrf")).hasSizeGreaterThan(30);
          assertThat(session.getString("home")).isEqualTo("/");
          assertThat(session.encode()).doesNotContain("pbkdf2");
          assertThat(replies.get(2).status()).isEqualTo(200);
          assertThat(replies.get(2).body().toString()).contains("app.js");
          assertThat(replies.get(3).body().toString()).contains("history.js");
          test.completeNow();
        })));
  }

  @Test
  void aStoreManagerIsSentToTheirStore(VertxTestContext test) {
    web.login("manager").compose(login -> web.get("/api/session", login.headers()))
        .onComplete(test.succeeding(reply -> test.verify(() -> {
          assertThat(reply.json().getString("home")).isEqualTo("/store/" + WebFixture.MANAGER_STORE);
          test.completeNow();
        })));
  }

  @Test
  void refusesAWrongPasswordAndAnUnknownNameAlike(VertxTestContext test) {
    Map<String, String> json = Map.of("Content-Type", "application/json", "Authorization", "");
    web.request(HttpMethod.POST, "/api/login", json, body("control", "wrong"))
        .compose(wrong -> web.request(HttpMethod.POST, "/api/login", json, body("nobody", "wrong"))
            .map(unknown -> List.of(wrong, unknown)))
        .onComplete(test.succeeding(replies -> test.verify(() -> {
          assertThat(replies).allSatisfy(reply -> {
            assertThat(reply.status()).isEqualTo(401);
            assertThat(reply.json().getString("error")).isEqualTo("wrong name or password");
            assertThat(reply.headers().get("Set-Cookie")).isNull();
          });
          test.completeNow();
        })));
  }

  @Test
  void refusesALoginThatIsNotJsonSoThatNoOtherSiteCanPostIt(VertxTestContext test) {
    web.request(HttpMethod.POST, "/api/login", Map.of("Content-Type", "application/x-www-form-urlencoded", "Authorization", ""),
            "name=control&password=x".getBytes(StandardCharsets.UTF_8))
        .onComplete(test.succeeding(reply -> test.verify(() -> {
          assertThat(reply.status()).isEqualTo(415);
          test.completeNow();
        })));
  }

  @Test
  void anonymousGuessesSlowOnlyTheGuessersAddressWhileTheRightfulUserStillGetsIn(Vertx vertx, VertxTestContext test) {
    // GIVEN a server behind a reverse proxy on the loopback, and an attacker behind it guessing control's password
    Map<String, String> attacker = Map.of("Content-Type", "application/json", "Authorization", "",
        "X-Forwarded-For", "203.0.113.9");
    Map<String, String> desk = Map.of("Content-Type", "application/json", "Authorization", "",
        "X-Forwarded-For", "198.51.100.20");
    WebFixture.start(vertx, NO_MINUTES, WebFixture.PLAIN.withTrustedProxies(List.of("127.0.0.0/8")))
        .compose(proxied -> {
          Future<WebFixture.Reply> chain = Future.succeededFuture();
          for (int i = 0; i < 25; i++) {
            chain = chain.compose(v -> proxied.request(HttpMethod.POST, "/api/login", attacker, body("control", "guess")));
          }
          // WHEN the attacker then tries the right password, and control logs in from their desk (form and Basic)
          return chain
              .compose(v -> proxied.request(HttpMethod.POST, "/api/login", attacker, body("control", WebFixture.PASSWORD)))
              .compose(attackerRight -> proxied.request(HttpMethod.POST, "/api/login", desk, body("control", WebFixture.PASSWORD))
                  .compose(form -> proxied.get("/api/sites", Map.of("Authorization", WebFixture.basic("control"),
                          "X-Forwarded-For", "198.51.100.20"))
                      .map(basic -> List.of(attackerRight, form, basic))));
        })
        .onComplete(test.succeeding(replies -> test.verify(() -> {
          // THEN the attacker's address waits, and control is let in
          assertThat(replies.get(0).status()).isEqualTo(429);
          assertThat(Integer.parseInt(replies.get(0).headers().get("Retry-After"))).isBetween(1, 900);
          assertThat(replies.get(1).status()).isEqualTo(200);
          assertThat(replies.get(2).status()).isEqualTo(200);
          test.completeNow();
        })));
  }

  @Test
  void behindATrustedProxyWhatTheClientPutInFrontOfItsForwardedForDoesNotCount(Vertx vertx, VertxTestContext test) {
    // the proxy appends the address it saw (203.0.113.9) to whatever the client sent
    WebFixture.start(vertx, NO_MINUTES, WebFixture.PLAIN.withTrustedProxies(List.of("127.0.0.1")))
        .compose(proxied -> {
          Future<WebFixture.Reply> chain = Future.succeededFuture();
          for (int i = 0; i < 5; i++) {
            Map<String, String> forged = Map.of("Content-Type", "application/json", "Authorization", "",
                "X-Forwarded-For", "192.0.2." + i + ", 203.0.113.9");
            chain = chain.compose(v -> proxied.request(HttpMethod.POST, "/api/login", forged, body("control", "guess")));
          }
          return chain.compose(v -> proxied.request(HttpMethod.POST, "/api/login", Map.of("Content-Type",
              "application/json", "Authorization", "", "X-Forwarded-For", "192.0.2.99, 203.0.113.9"),
              body("control", WebFixture.PASSWORD)));
        })
        .onComplete(test.succeeding(reply -> test.verify(() -> {
          assertThat(reply.status()).isEqualTo(429);
          test.completeNow();
        })));
  }

  @Test
  void anAdminCanLiftTheThrottlesButNobodyElseCan(VertxTestContext test) {
    Map<String, String> json = Map.of("Content-Type", "application/json", "Authorization", "");
    Future<WebFixture.Reply> chain = Future.succeededFuture();
    for (int i = 0; i < 5; i++) {
      chain = chain.compose(v -> web.request(HttpMethod.POST, "/api/login", json, body("control", "guess")));
    }
    chain.compose(v -> web.request(HttpMethod.DELETE, "/api/login/throttles",
            Map.of("Authorization", WebFixture.basic("control", "guess")), null))
        .compose(unchecked -> web.request(HttpMethod.DELETE, "/api/login/throttles", Map.of(), null)
            .compose(lifted -> web.request(HttpMethod.POST, "/api/login", json, body("control", WebFixture.PASSWORD))
                .map(in -> List.of(unchecked, lifted, in))))
        .compose(three -> web.request(HttpMethod.DELETE, "/api/login/throttles",
                Map.of("Authorization", WebFixture.basic("control")), null)
            .map(byControl -> List.of(three.get(0), three.get(1), three.get(2), byControl)))
        .onComplete(test.succeeding(replies -> test.verify(() -> {
          assertThat(replies.get(0).status()).as("the guesser itself, still waiting").isEqualTo(429);
          assertThat(replies.get(1).status()).isEqualTo(200);
          assertThat(replies.get(1).json().getInteger("lifted")).isPositive();
          assertThat(replies.get(2).status()).as("control gets in at once").isEqualTo(200);
          assertThat(replies.get(3).status()).as("not an admin").isEqualTo(403);
          test.completeNow();
        })));
  }

  @Test
  void aClientCannotChooseTheAddressItsFailuresCountAgainst(VertxTestContext test) {
    // no proxy is trusted: X-Forwarded-For is the client's own invention
    Future<WebFixture.Reply> chain = Future.succeededFuture();
    for (int i = 0; i < 5; i++) {
      Map<String, String> forged = Map.of("Content-Type", "application/json", "Authorization", "",
          "X-Forwarded-For", "192.0.2." + i);
      chain = chain.compose(v -> web.request(HttpMethod.POST, "/api/login", forged, body("control", "guess")));
    }
    chain.compose(v -> web.request(HttpMethod.POST, "/api/login", Map.of("Content-Type", "application/json",
            "Authorization", "", "X-Forwarded-For", "192.0.2.77"), body("control", WebFixture.PASSWORD)))
        .onComplete(test.succeeding(reply -> test.verify(() -> {
          assertThat(reply.status()).isEqualTo(429);
          test.completeNow();
        })));
  }

  @Test
  void stateChangingRequestsWithTheCookieNeedTheCsrfToken(VertxTestContext test) {
    web.login("control")
        .compose(login -> web.request(HttpMethod.POST, "/api/logout", login.headers(), new byte[0])
            .compose(forged -> web.get("/api/session", login.headers()).map(still -> List.of(forged, still)))
            .compose(two -> web.request(HttpMethod.POST, "/api/logout", with(login.headers(), "X-CSRF-Token", login.csrf()), new byte[0])
                .compose(out -> web.get("/api/session", login.headers()).map(after -> List.of(two.get(0), two.get(1), out, after)))))
        .onComplete(test.succeeding(replies -> test.verify(() -> {
          assertThat(replies.get(0).status()).isEqualTo(403);
          assertThat(replies.get(0).json().getString("error")).contains("X-CSRF-Token");
          assertThat(replies.get(1).status()).as("the forged logout did nothing").isEqualTo(200);
          assertThat(replies.get(2).status()).isEqualTo(204);
          assertThat(replies.get(2).headers().get("Set-Cookie")).contains("Max-Age=0");
          assertThat(replies.get(3).status()).isEqualTo(401);
          test.completeNow();
        })));
  }

  private static byte[] body(String name, String password) {
    return new JsonObject().put("name", name).put("password", password).encode().getBytes(StandardCharsets.UTF_8);
  }

  private static Map<String, String> with(Map<String, String> headers, String name, String value) {
    Map<String, String> all = new java.util.HashMap<>(headers);
    all.put(name, value);
    return all;
  }
}
