package io.footfall.auth;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Slows password guessing: after {@link #PER_USER} failed logins for one user name, or {@link #PER_ADDRESS} from
 * one address, within {@link #WINDOW}, further attempts are refused (without checking the password) until the
 * oldest failure leaves the window. Applies to the login form and to HTTP Basic alike. Memory is bounded: at most
 * {@link #MAX_KEYS} names and addresses are tracked. Confined to one event loop.
 */
public final class LoginLimiter {

  public static final Duration WINDOW = Duration.ofMinutes(15);
  public static final int PER_USER = 5;
  public static final int PER_ADDRESS = 20;
  static final int MAX_KEYS = 10_000;

  private final LongSupplier clock;
  private final Map<String, Deque<Long>> failures = new LinkedHashMap<>();

  public LoginLimiter(LongSupplier clock) {
    this.clock = clock;
  }

  /** Milliseconds until this name from this address may try again; 0 when it may try now. */
  public long retryAfterMs(String user, String address) {
    long now = clock.getAsLong();
    return Math.max(wait("user:" + user, PER_USER, now), wait("ip:" + address, PER_ADDRESS, now));
  }

  public void failed(String user, String address) {
    long now = clock.getAsLong();
    record("user:" + user, now);
    record("ip:" + address, now);
  }

  /** A successful login clears the name's failures (not the address's: one address may try many names). */
  public void succeeded(String user) {
    failures.remove("user:" + user);
  }

  private long wait(String key, int limit, long now) {
    Deque<Long> times = failures.get(key);
    if (times == null) {
      return 0;
    }
    prune(times, now);
    return times.size() < limit ? 0 : times.peekFirst() + WINDOW.toMillis() - now;
  }

  private void record(String key, long now) {
    Deque<Long> times = failures.remove(key);
    if (times == null) {
      times = new ArrayDeque<>();
      while (failures.size() >= MAX_KEYS) {
        failures.remove(failures.keySet().iterator().next());
      }
    }
    prune(times, now);
    times.addLast(now);
    // more than the largest limit is never needed to decide
    while (times.size() > PER_ADDRESS) {
      times.removeFirst();
    }
    failures.put(key, times);
  }

  private static void prune(Deque<Long> times, long now) {
    while (!times.isEmpty() && now - times.peekFirst() >= WINDOW.toMillis()) {
      times.removeFirst();
    }
  }
}
