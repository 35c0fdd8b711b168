package io.footfall.auth;

import io.netty.util.NetUtil;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Slows password guessing without locking the rightful user out. Failures count against the pair of user name and
 * client address: after {@value #FREE_PER_USER} failures of one name from one address, that pair waits
 * {@link #FIRST_WAIT}, doubling with every further failure up to {@link #MAX_WAIT}; attempts while it waits are
 * refused without checking the password. Failures of one address across all names do the same from {@value #FREE_PER_ADDRESS}
 * on, against an address that tries many names. Nothing counts against a name alone, so anonymous guesses from
 * elsewhere never keep the user from logging in from a clean address, and behind a reverse proxy the client address
 * comes from {@link TrustedProxies}; an IPv6 address counts as its /64. A pair or address is forgotten {@link #FORGET}
 * after its wait ends without a further failure; a successful login forgets its pair at once; {@link #clear} (an
 * admin) forgets everything. Memory is bounded: at most {@value #MAX_KEYS} pairs and addresses are tracked, the least
 * recently failed dropped first. Confined to one event loop.
 */
public final class LoginLimiter {

  public static final int FREE_PER_USER = 5;
  public static final int FREE_PER_ADDRESS = 20;
  public static final Duration FIRST_WAIT = Duration.ofSeconds(1);
  public static final Duration MAX_WAIT = Duration.ofMinutes(15);
  public static final Duration FORGET = Duration.ofHours(1);
  static final int MAX_KEYS = 10_000;

  /** What one more failure did: the wait it imposed on the pair or the address (0 while failures are free). */
  public record Failure(long waitMs, int failures, boolean address) {
    static final Failure NONE = new Failure(0, 0, false);
  }

  private static final class Count {
    int failures;
    long until;
  }

  private final LongSupplier clock;
  private final Map<String, Count> counts = new LinkedHashMap<>();

  public LoginLimiter(LongSupplier clock) {
    this.clock = clock;
  }

  /** Milliseconds until this name from this address may try again; 0 when it may try now. */
  public long retryAfterMs(String user, String address) {
    long now = clock.getAsLong();
    return Math.max(wait(pair(user, address), now), wait(addressKey(address), now));
  }

  /** Counts a failed attempt of the name from the address; says what wait, if any, it started. */
  public Failure failed(String user, String address) {
    long now = clock.getAsLong();
    Count pair = count(pair(user, address), now);
    Count all = count(addressKey(address), now);
    long pairWait = fail(pair, FREE_PER_USER, now);
    long addressWait = fail(all, FREE_PER_ADDRESS, now);
    return addressWait > pairWait ? new Failure(addressWait, all.failures, true)
        : new Failure(pairWait, pair.failures, false);
  }

  /** A successful login forgets the pair's failures (not the address's: one address may try many names). */
  public void succeeded(String user, String address) {
    counts.remove(pair(user, address));
  }

  /** Forgets every failure (an admin's unlock); says how many pairs and addresses were tracked. */
  public int clear() {
    int tracked = counts.size();
    counts.clear();
    return tracked;
  }

  private static String pair(String user, String address) {
    return "user:" + network(address) + '\n' + user;
  }

  private static String addressKey(String address) {
    return "ip:" + network(address);
  }

  /**
   * An IPv6 client usually holds a whole /64 and can take a new address from it for every guess, so failures count
   * against the /64; an IPv4 address (or anything else) counts as itself.
   */
  static String network(String address) {
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
    if (bytes == null || bytes.length != 16) {
      return address;
    }
    return HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
  }

  private long wait(String key, long now) {
    Count count = counts.get(key);
    return count == null ? 0 : Math.max(0, count.until - now);
  }

  private Count count(String key, long now) {
    Count count = counts.remove(key);
    if (count == null || now - count.until >= FORGET.toMillis()) {
      count = new Count();
      while (counts.size() >= MAX_KEYS) {
        counts.remove(counts.keySet().iterator().next());
      }
    }
    counts.put(key, count);
    return count;
  }

  private static long fail(Count count, int free, long now) {
    count.failures++;
    if (count.failures < free) {
      count.until = now;
      return 0;
    }
    int doublings = Math.min(count.failures - free, 30);
    long wait = Math.min(MAX_WAIT.toMillis(), FIRST_WAIT.toMillis() << doublings);
    count.until = now + wait;
    return wait;
  }
}
