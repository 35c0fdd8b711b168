package io.footfall.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoginLimiterTest {

  private final AtomicLong now = new AtomicLong(5_000_000);
  private final LoginLimiter limiter = new LoginLimiter(now::get);

  @Test
  void locksANameAfterFiveFailuresUntilTheOldestLeavesTheWindow() {
    for (int i = 0; i < LoginLimiter.PER_USER; i++) {
      assertThat(limiter.retryAfterMs("alice", "10.0.0." + i)).isZero();
      limiter.failed("alice", "10.0.0." + i);
      now.addAndGet(1_000);
    }
    long wait = limiter.retryAfterMs("alice", "10.0.0.99");
    assertThat(wait).isEqualTo(LoginLimiter.WINDOW.toMillis() - 5_000);
    assertThat(limiter.retryAfterMs("bob", "10.0.0.99")).as("another name").isZero();
    now.addAndGet(wait);
    assertThat(limiter.retryAfterMs("alice", "10.0.0.99")).isZero();
  }

  @Test
  void locksAnAddressThatTriesManyNames() {
    for (int i = 0; i < LoginLimiter.PER_ADDRESS; i++) {
      limiter.failed("user" + i, "10.9.9.9");
    }
    assertThat(limiter.retryAfterMs("someone-new", "10.9.9.9")).isPositive();
    assertThat(limiter.retryAfterMs("someone-new", "10.1.1.1")).isZero();
  }

  @Test
  void aSuccessfulLoginClearsTheNamesFailures() {
    for (int i = 0; i < LoginLimiter.PER_USER - 1; i++) {
      limiter.failed("alice", "10.0.0.1");
    }
    limiter.succeeded("alice");
    limiter.failed("alice", "10.0.0.1");
    assertThat(limiter.retryAfterMs("alice", "10.0.0.1")).isZero();
  }
}
