package io.footfall.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Checks a name and password against the users, rate-limited by {@link LoginLimiter}. PBKDF2 runs on a worker
 * thread. Scripts using HTTP Basic send the password with every request, so a successful check is remembered
 * for {@link #REMEMBER_MS} under a SHA-256 of name and password (never the password itself). Confined to one
 * event loop.
 */
public final class Credentials {

  static final long REMEMBER_MS = 5 * 60_000;
  static final int MAX_REMEMBERED = 1_000;
  /**
   * Checked for unknown names too, so that the answer time does not tell which names exist. A holder class, so
   * that the slow hashing happens on the first worker thread that needs it, never on an event loop.
   */
  private static final class Decoy {
    static final String HASH = PasswordHash.hash("decoy".toCharArray(), PasswordHash.ITERATIONS);
  }

  /**
   * The outcome of a check: the user, or how long to wait before retrying (0 when the password was wrong), and
   * what the failure started ({@link LoginLimiter.Failure#waitMs()} above 0: the pair or address is now throttled).
   */
  public record Outcome(Optional<User> user, long retryAfterMs, LoginLimiter.Failure failure) {
    Outcome(Optional<User> user, long retryAfterMs) {
      this(user, retryAfterMs, LoginLimiter.Failure.NONE);
    }
  }

  private final Vertx vertx;
  private Map<String, User> users;
  private Map<String, User> byToken;
  private final LoginLimiter limiter;
  private final LongSupplier clock;
  private final Map<String, Long> remembered = new LinkedHashMap<>(16, 0.75f, true);

  public Credentials(Vertx vertx, List<User> users, LongSupplier clock) {
    this.vertx = vertx;
    replace(users);
    this.limiter = new LoginLimiter(clock);
    this.clock = clock;
  }

  /**
   * Swaps in a new list of users (the users file changed): removed users, changed passwords and revoked tokens
   * stop working at once; the remembered Basic checks are forgotten.
   */
  public void replace(List<User> newUsers) {
    Map<String, User> named = new LinkedHashMap<>();
    Map<String, User> tokens = new HashMap<>();
    for (User u : newUsers) {
      named.put(u.name(), u);
      u.tokens().forEach(t -> tokens.put(t.sha256(), u));
    }
    users = named;
    byToken = tokens;
    remembered.clear();
  }

  /** The user an API token belongs to; empty for an unknown or revoked token. */
  public Optional<User> byToken(String token) {
    if (token == null || !token.startsWith(ApiToken.PREFIX) || token.length() > 128) {
      return Optional.empty();
    }
    return Optional.ofNullable(byToken.get(ApiToken.sha256(token)));
  }

  /**
   * Checks an API token. A valid token always works; invalid ones count as failed logins of the address, so that
   * after {@link LoginLimiter#FREE_PER_USER} of them the address is told to wait (and its further invalid tokens
   * are neither checked nor logged while it waits).
   */
  public Outcome checkToken(String token, String address) {
    Optional<User> user = byToken(token);
    if (user.isPresent()) {
      return new Outcome(user, 0);
    }
    String key = "token@" + address;
    long wait = limiter.retryAfterMs(key, address);
    if (wait > 0) {
      return new Outcome(Optional.empty(), wait);
    }
    return new Outcome(Optional.empty(), 0, limiter.failed(key, address));
  }

  /** Lifts every login throttle at once; says how many names, addresses and tokens' addresses were throttled. */
  public int unthrottle() {
    return limiter.clear();
  }

  /** Whether a token with this SHA-256 is (still) a user's. */
  public boolean hasToken(String sha256) {
    return byToken.containsKey(sha256);
  }

  public Optional<User> user(String name) {
    return Optional.ofNullable(users.get(name));
  }

  public Future<Outcome> check(String name, String password, String address) {
    long wait = limiter.retryAfterMs(name, address);
    if (wait > 0) {
      return Future.succeededFuture(new Outcome(Optional.empty(), wait));
    }
    String key = name + '\n' + sha256(name + '\n' + password);
    Long until = remembered.get(key);
    if (until != null && until > clock.getAsLong() && users.containsKey(name)) {
      return Future.succeededFuture(new Outcome(Optional.of(users.get(name)), 0));
    }
    User user = users.get(name);
    String hash = user == null ? null : user.passwordHash();
    return vertx.executeBlocking(() -> PasswordHash.verify(password.toCharArray(), hash == null ? Decoy.HASH : hash), false)
        .map(ok -> {
          if (!ok || user == null) {
            return new Outcome(Optional.empty(), 0, limiter.failed(name, address));
          }
          limiter.succeeded(name, address);
          remember(key);
          return new Outcome(Optional.of(user), 0);
        });
  }

  private void remember(String key) {
    remembered.put(key, clock.getAsLong() + REMEMBER_MS);
    while (remembered.size() > MAX_REMEMBERED) {
      remembered.remove(remembered.keySet().iterator().next());
    }
  }

  private static String sha256(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
