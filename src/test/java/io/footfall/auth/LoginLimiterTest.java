package io.footfall.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoginLimiterTest {

  private final AtomicLong now = new AtomicLong(5_000_000);
  private final LoginLimiter limiter = new LoginLimiter(now::get);

  @Test
  void failuresOfANameFromOneAddressStartAWaitThatDoublesUpToTheCap() {
    for (int i = 1; i < LoginLimiter.FREE_PER_USER; i++) {
      assertThat(limiter.failed("alice", "10.0.0.1").waitMs()).as("failure %d is free", i).isZero();
      assertThat(limiter.retryAfterMs("alice", "10.0.0.1")).isZero();
    }
    LoginLimiter.Failure fifth = limiter.failed("alice", "10.0.0.1");
    assertThat(fifth.waitMs()).isEqualTo(1_000);
    assertThat(fifth.failures()).isEqualTo(LoginLimiter.FREE_PER_USER);
    assertThat(limiter.retryAfterMs("alice", "10.0.0.1")).isEqualTo(1_000);

    now.addAndGet(1_000);
    assertThat(limiter.retryAfterMs("alice", "10.0.0.1")).isZero();
    assertThat(limiter.failed("alice", "10.0.0.1").waitMs()).isEqualTo(2_000);
    long last = 0;
    for (int i = 0; i < 20; i++) {
      now.addAndGet(limiter.retryAfterMs("alice", "10.0.0.1"));
      last = limiter.failed("alice", "10.0.0.1").waitMs();
    }
    assertThat(last).isEqualTo(LoginLimiter.MAX_WAIT.toMillis());
  }

  @Test
  void anonymousFailuresFromElsewhereNeverSlowTheUserOnACleanAddress() {
    for (int attacker = 0; attacker < 50; attacker++) {
      for (int i = 0; i < 30; i++) {
        limiter.failed("alice", "203.0.113." + attacker);
      }
    }

    assertThat(limiter.retryAfterMs("alice", "203.0.113.7")).as("the attacker's own address waits").isPositive();
    assertThat(limiter.retryAfterMs("alice", "10.0.0.1")).as("alice at her desk").isZero();
  }

  @Test
  void anAddressThatTriesManyNamesWaitsForEveryName() {
    LoginLimiter.Failure last = null;
    for (int i = 0; i < LoginLimiter.FREE_PER_ADDRESS; i++) {
      last = limiter.failed("user" + i, "10.9.9.9");
    }

    assertThat(last.address()).isTrue();
    assertThat(last.waitMs()).isEqualTo(1_000);
    assertThat(limiter.retryAfterMs("someone-new", "10.9.9.9")).isPositive();
    assertThat(limiter.retryAfterMs("someone-new", "10.1.1.1")).isZero();
  }

  @Test
  void aSuccessfulLoginForgetsItsPairAndQuietPairsAreForgotten() {
    for (int i = 1; i < LoginLimiter.FREE_PER_USER; i++) {
      limiter.failed("alice", "10.0.0.1");
      limiter.failed("bob", "10.0.0.2");
    }
    limiter.succeeded("alice", "10.0.0.1");
    now.addAndGet(LoginLimiter.FORGET.toMillis());

    assertThat(limiter.failed("alice", "10.0.0.1").waitMs()).as("alice starts afresh").isZero();
    assertThat(limiter.failed("bob", "10.0.0.2").waitMs()).as("bob's failures were forgotten").isZero();
  }

  @Test
  void anIpv6ClientCannotEscapeByTakingANewAddressOfItsNetworkForEveryGuess() {
    for (int i = 1; i <= LoginLimiter.FREE_PER_USER; i++) {
      limiter.failed("alice", "2001:db8:1:2::" + Integer.toHexString(i));
    }

    assertThat(limiter.retryAfterMs("alice", "2001:db8:1:2::ffff")).isPositive();
    assertThat(limiter.retryAfterMs("alice", "2001:db8:1:3::1")).as("another network").isZero();
    assertThat(LoginLimiter.network("10.0.0.1")).isEqualTo("10.0.0.1");
  }
}
