package io.footfall.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHashTest {

  @Test
  void verifiesTheRightPasswordOnlyAndSaltsEveryHash() {
    String hash = PasswordHash.hash("s3cret pass".toCharArray(), 1_000);
    assertThat(hash).startsWith("pbkdf2-sha256$1000$").doesNotContain("s3cret");
    assertThat(PasswordHash.verify("s3cret pass".toCharArray(), hash)).isTrue();
    assertThat(PasswordHash.verify("s3cret pasS".toCharArray(), hash)).isFalse();
    assertThat(PasswordHash.hash("s3cret pass".toCharArray(), 1_000)).isNotEqualTo(hash);
  }

  @Test
  void neverMatchesAMalformedHash() {
    assertThat(PasswordHash.verify("x".toCharArray(), null)).isFalse();
    assertThat(PasswordHash.verify("x".toCharArray(), "x")).isFalse();
    assertThat(PasswordHash.verify("x".toCharArray(), "bcrypt$1$a$b")).isFalse();
    assertThat(PasswordHash.verify("x".toCharArray(), "pbkdf2-sha256$zero$!!$!!")).isFalse();
  }

  @Test
  void defaultsToManyIterations() {
    assertThat(PasswordHash.ITERATIONS).isGreaterThanOrEqualTo(600_000);
  }
}
