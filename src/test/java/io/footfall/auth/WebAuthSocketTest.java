package io.footfall.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A live socket opened with an API token or Basic stays open only while its credentials are still valid. */
@ExtendWith(VertxExtension.class)
class WebAuthSocketTest {

  @Test
  void aSocketOfARevokedTokenOrARemovedUserIsNoLongerValid(Vertx vertx, VertxTestContext test, @TempDir Path dir) {
    // GIVEN a script's token of alice, and bob connected with HTTP Basic
    Path file = dir.resolve("users.yaml");
    ApiToken.Issued token = ApiToken.issue("script", "");
    User alice = new User("alice", "pbkdf2-sha256$1$a$b", Role.ADMIN, null, null, List.of(token.stored()));
    User bob = new User("bob", "pbkdf2-sha256$1$a$b", Role.ADMIN, null, null);
    UsersFile.put(file, alice);
    UsersFile.put(file, bob);
    WebAuth auth = new WebAuth(UsersFile.load(file)).watchUsers(file, List.of(), 20);
    WebAuth.SocketGrant script = new WebAuth.SocketGrant(alice, null, ApiToken.sha256(token.token()));
    WebAuth.SocketGrant basic = new WebAuth.SocketGrant(bob, null, null);
    vertx.runOnContext(v -> {
      auth.mount(vertx, Router.router(vertx), TrustedProxies.NONE);
      boolean validBefore = auth.stillValid(script) && auth.stillValid(basic);

      // WHEN the token is revoked and bob removed from the users file
      UsersFile.put(file, alice.withTokens(List.of()));
      writeWithout(file, "bob");
      awaitInvalid(vertx, auth, script)
          .compose(x -> awaitInvalid(vertx, auth, basic))
          .onComplete(test.succeeding(x -> test.verify(() -> {
            assertThat(validBefore).isTrue();
            test.completeNow();
          })));
    });
  }

  private static void writeWithout(Path file, String name) {
    List<User> kept = UsersFile.load(file).stream().filter(u -> !u.name().equals(name)).toList();
    try {
      java.nio.file.Files.delete(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    kept.forEach(u -> UsersFile.put(file, u));
  }

  /** Checks again every few milliseconds until the server has re-read the file. */
  private static Future<Void> awaitInvalid(Vertx vertx, WebAuth auth, WebAuth.SocketGrant grant) {
    if (!auth.stillValid(grant)) {
      return Future.succeededFuture();
    }
    return Future.future(done -> vertx.setTimer(10, id -> awaitInvalid(vertx, auth, grant).onComplete(done)));
  }
}
