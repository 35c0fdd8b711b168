package io.footfall.auth;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Logged-in browser sessions, in memory: a random 256-bit id (the cookie) maps to the user and a CSRF token. A
 * session ends after {@link #IDLE} without a request or {@link #ABSOLUTE} after login, whichever comes first, and
 * on logout. At most {@link #MAX_SESSIONS} live at once; beyond it the oldest go. Confined to one event loop.
 */
public final class Sessions {

  public static final Duration IDLE = Duration.ofMinutes(30);
  public static final Duration ABSOLUTE = Duration.ofHours(12);
  static final int MAX_SESSIONS = 10_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** One session; {@code csrf} must come back in the X-CSRF-Token header of every state-changing request. */
  public record Session(String id, String user, String csrf, long createdAt, long lastSeenAt) {
  }

  private final LongSupplier clock;
  private final Map<String, Session> byId = new LinkedHashMap<>();

  public Sessions(LongSupplier clock) {
    this.clock = clock;
  }

  public Session create(String user) {
    sweep();
    while (byId.size() >= MAX_SESSIONS) {
      Iterator<String> oldest = byId.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
    long now = clock.getAsLong();
    Session session = new Session(token(), user, token(), now, now);
    byId.put(session.id(), session);
    return session;
  }

  /** The live session with this id, touched; empty if unknown or expired (an expired one is dropped). */
  public Optional<Session> touch(String id) {
    Session session = id == null ? null : byId.get(id);
    if (session == null) {
      return Optional.empty();
    }
    long now = clock.getAsLong();
    if (expired(session, now)) {
      byId.remove(id);
      return Optional.empty();
    }
    Session touched = new Session(session.id(), session.user(), session.csrf(), session.createdAt(), now);
    byId.put(id, touched);
    return Optional.of(touched);
  }

  /** Whether the session is still valid, without counting as activity (for long-lived WebSockets). */
  public boolean alive(String id) {
    Session session = byId.get(id);
    return session != null && !expired(session, clock.getAsLong());
  }

  public void end(String id) {
    if (id != null) {
      byId.remove(id);
    }
  }

  public int size() {
    return byId.size();
  }

  private void sweep() {
    long now = clock.getAsLong();
    byId.values().removeIf(s -> expired(s, now));
  }

  private static boolean expired(Session s, long now) {
    return now - s.lastSeenAt() > IDLE.toMillis() || now - s.createdAt() > ABSOLUTE.toMillis();
  }

  private static String token() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
