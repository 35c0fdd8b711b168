package io.footfall.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.analytics.ZoneMinute;
import io.footfall.auth.ApiToken;
import io.footfall.auth.User;
import io.footfall.auth.UsersFile;
import io.footfall.auth.WebAuth;
import io.footfall.cli.Main;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** API tokens ({@code Authorization: Bearer}) through the real web server, with a watched users file. */
@ExtendWith(VertxExtension.class)
class TokenTest {

  private static final String OTHER_STORE = "store-lumen";
  private WebFixture web;
  private Path usersFile;
  private ApiToken.Issued managerToken;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext test, @TempDir Path dir) {
    usersFile = dir.resolve("users.yaml");
    managerToken = ApiToken.issue("store script", "2026-11-29T09:00:00Z");
    WebFixture.USERS.forEach(u -> UsersFile.put(usersFile,
        u.name().equals("manager") ? u.withTokens(List.of(managerToken.stored())) : u));
    WebAuth auth = new WebAuth(UsersFile.load(usersFile)).watchUsers(usersFile, List.of(), 20);
    WebFixture.start(vertx, (site, zone, from, to) -> Future.<List<ZoneMinute>>succeededFuture(List.of()), auth)
        .onComplete(test.succeeding(f -> {
          web = f;
          web.publishLive(1_000L, new JsonObject().put(WebFixture.MANAGER_STORE, 7).put(OTHER_STORE, 30));
          test.completeNow();
        }));
  }

  @Test
  void aTokenActsAsItsUserWithTheSameStores(VertxTestContext test) {
    Map<String, String> bearer = bearer(managerToken.token());
    web.get("/api/session", bearer)
        .compose(session -> web.get("/api/sites/demo-mall/zones/" + WebFixture.MANAGER_STORE + "/series", bearer)
            .compose(own -> web.get("/api/sites/demo-mall/zones/" + OTHER_STORE + "/series", bearer)
                .map(other -> List.of(session, own, other))))
        .onComplete(test.succeeding(replies -> test.verify(() -> {
          assertThat(replies.get(0).status()).isEqualTo(200);
          assertThat(replies.get(0).json().getJsonObject("user").getString("name")).isEqualTo("manager");
          assertThat(replies.get(0).json().encode()).doesNotContain(managerToken.stored().sha256());
          assertThat(replies.get(1).status()).isEqualTo(200);
          assertThat(replies.get(2).status()).isEqualTo(403);
          test.completeNow();
        })));
  }

  @Test
  void refusesAnUnknownOrMalformedToken(VertxTestContext test) {
    String forged = ApiToken.issue("", "").token();
    web.get("/api/sites", bearer(forged))
        .compose(unknown -> web.get("/api/sites", bearer("not-a-token")).map(malformed -> List.of(unknown, malformed)))
        .onComplete(test.succeeding(replies -> test.verify(() -> {
          assertThat(replies).allSatisfy(reply -> assertThat(reply.status()).isEqualTo(401));
          test.completeNow();
        })));
  }

  @Test
  void slowsDownGuessingTokensFromOneAddressWhileValidTokensKeepWorking(VertxTestContext test) {
    Map<String, String> forged = bearer(ApiToken.issue("", "").token());
    Future<WebFixture.Reply> chain = Future.succeededFuture();
    for (int i = 0; i < 5; i++) {
      chain = chain.compose(v -> web.get("/api/sites", forged));
    }
    chain.compose(fifth -> web.get("/api/sites", forged)
            .compose(sixth -> web.get("/api/sites", bearer(managerToken.token())).map(valid -> List.of(fifth, sixth, valid))))
        .onComplete(test.succeeding(replies -> test.verify(() -> {
          assertThat(replies.get(0).status()).isEqualTo(401);
          assertThat(replies.get(1).status()).isEqualTo(429);
          assertThat(replies.get(1).headers().get("Retry-After")).isNotNull();
          assertThat(replies.get(2).status()).isEqualTo(200);
          test.completeNow();
        })));
  }

  @Test
  void aStateChangingRequestWithATokenNeedsNoCsrfToken(VertxTestContext test) {
    web.request(HttpMethod.POST, "/api/logout", bearer(managerToken.token()), new byte[0])
        .onComplete(test.succeeding(reply -> test.verify(() -> {
          assertThat(reply.status()).isEqualTo(204);
          test.completeNow();
        })));
  }

  @Test
  void aTokenOpensTheLiveWebSocketWithItsUsersStores(VertxTestContext test) {
    web.awaitStat("messages", n -> n >= 1)
        .compose(v -> web.connect("/live?site=demo-mall", bearer(managerToken.token())))
        .compose(WebFixture.LiveClient::next)
        .onComplete(test.succeeding(snapshot -> test.verify(() -> {
          assertThat(snapshot.getString("type")).isEqualTo("snapshot");
          assertThat(snapshot.getJsonObject("zones").fieldNames()).containsExactly(WebFixture.MANAGER_STORE);
          test.completeNow();
        })));
  }

  @Test
  void aRevokedTokenStopsWorkingWithoutARestart(Vertx vertx, VertxTestContext test) {
    Map<String, String> bearer = bearer(managerToken.token());
    web.get("/api/session", bearer)
        .compose(before -> {
          int code = new CommandLine(new Main()).execute("user", "revoke-token", "--file", usersFile.toString(),
              "--name", "manager", "--id", managerToken.stored().id());
          assertThat(code).isZero();
          return awaitStatus(vertx, "/api/session", bearer, 401).map(before);
        })
        .onComplete(test.succeeding(before -> test.verify(() -> {
          assertThat(before.status()).isEqualTo(200);
          assertThat(UsersFile.load(usersFile)).filteredOn(u -> u.name().equals("manager"))
              .singleElement().extracting(User::tokens).asList().isEmpty();
          test.completeNow();
        })));
  }

  /** Asks again every few milliseconds until the answer has the status (the server re-reads the file). */
  private Future<Void> awaitStatus(Vertx vertx, String uri, Map<String, String> headers, int status) {
    return web.get(uri, headers).compose(reply -> {
      if (reply.status() == status) {
        return Future.succeededFuture();
      }
      Promise<Void> done = Promise.promise();
      vertx.setTimer(10, id -> awaitStatus(vertx, uri, headers, status).onComplete(done));
      return done.future();
    });
  }

  private static Map<String, String> bearer(String token) {
    return Map.of("Authorization", "Bearer " + token);
  }
}
