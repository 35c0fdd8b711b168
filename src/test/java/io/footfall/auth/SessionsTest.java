package io.footfall.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SessionsTest {

  private final AtomicLong now = new AtomicLong(1_000_000);
  private final Sessions sessions = new Sessions(now::get);

  @Test
  void aSessionEndsAfterBeingIdle() {
    Sessions.Session s = sessions.create("alice");
    now.addAndGet(Sessions.IDLE.toMillis() - 1);
    assertThat(sessions.touch(s.id())).isPresent();
    now.addAndGet(Sessions.IDLE.toMillis() + 1);
    assertThat(sessions.touch(s.id())).isEmpty();
  }

  @Test
  void aSessionEndsAtItsAbsoluteLimitHoweverActive() {
    Sessions.Session s = sessions.create("alice");
    for (long t = 0; t < Sessions.ABSOLUTE.toMillis(); t += Sessions.IDLE.toMillis() / 2) {
      assertThat(sessions.touch(s.id())).isPresent();
      now.addAndGet(Sessions.IDLE.toMillis() / 2);
    }
    now.addAndGet(1);
    assertThat(sessions.touch(s.id())).isEmpty();
  }

  @Test
  void logoutEndsItAndIdsAndTokensAreUnguessable() {
    Sessions.Session s = sessions.create("alice");
    assertThat(s.id()).hasSizeGreaterThanOrEqualTo(43).isNotEqualTo(s.csrf());
    sessions.end(s.id());
    assertThat(sessions.touch(s.id())).isEmpty();
  }

  @Test
  void theSavedCopyHoldsNoSessionIdButRestoresTheSession() {
    Sessions.Session s = sessions.create("alice");
    Sessions.Session gone = sessions.create("mallory");
    String saved = sessions.toJson().encode();
    assertThat(saved).doesNotContain(s.id());

    Sessions restored = new Sessions(now::get);
    restored.restore(new io.vertx.core.json.JsonArray(saved), name -> !name.equals("mallory"));
    assertThat(restored.touch(s.id())).get().extracting(Sessions.Session::user).isEqualTo("alice");
    assertThat(restored.touch(s.id()).get().csrf()).isEqualTo(s.csrf());
    assertThat(restored.touch(gone.id())).as("a removed user's session").isEmpty();
  }
}
