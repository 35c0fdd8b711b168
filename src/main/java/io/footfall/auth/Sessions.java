package io.footfall.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Logged-in browser sessions: a random 256-bit id (the cookie) maps to the user and a CSRF token. Only a SHA-256
 * of the id is kept, so that the saved copy ({@link #toJson}, written when the node stops so that wall screens
 * stay logged in across a restart) holds nothing a browser could present. A session ends after {@link #IDLE}
 * without a request or {@link #ABSOLUTE} after login, whichever comes first, and on logout. At most
 * {@link #MAX_SESSIONS} live at once; beyond it the oldest go. Confined to one event loop.
 */
public final class Sessions {

  public static final Duration IDLE = Duration.ofMinutes(30);
  public static final Duration ABSOLUTE = Duration.ofHours(12);
  static final int MAX_SESSIONS = 10_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * One session; {@code csrf} must come back in the X-CSRF-Token header of every state-changing request. The
   * {@code id} is the cookie value when just created or presented, and null when restored from a file.
   */
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
    byId.put(key(session.id()), session);
    return session;
  }

  /** The live session with this id, touched; empty if unknown or expired (an expired one is dropped). */
  public Optional<Session> touch(String id) {
    String key = id == null ? null : key(id);
    Session session = key == null ? null : byId.get(key);
    if (session == null) {
      return Optional.empty();
    }
    long now = clock.getAsLong();
    if (expired(session, now)) {
      byId.remove(key);
      return Optional.empty();
    }
    Session touched = new Session(id, session.user(), session.csrf(), session.createdAt(), now);
    byId.put(key, touched);
    return Optional.of(touched);
  }

  /** Whether the session is still valid, without counting as activity (for long-lived WebSockets). */
  public boolean alive(String id) {
    Session session = byId.get(key(id));
    return session != null && !expired(session, clock.getAsLong());
  }

  public void end(String id) {
    if (id != null) {
      byId.remove(key(id));
    }
  }

  public int size() {
    return byId.size();
  }

  /** The live sessions, by hashed id, for saving. */
  public JsonArray toJson() {
    sweep();
    JsonArray out = new JsonArray();
    byId.forEach((key, s) -> out.add(new JsonObject().put("key", key).put("user", s.user()).put("csrf", s.csrf())
        .put("createdAt", s.createdAt()).put("lastSeenAt", s.lastSeenAt())));
    return out;
  }

  /** Takes back saved sessions; expired ones and those of users who no longer exist are left out. */
  public void restore(JsonArray saved, Predicate<String> userExists) {
    long now = clock.getAsLong();
    for (Object o : saved) {
      if (o instanceof JsonObject j && userExists.test(j.getString("user")) && byId.size() < MAX_SESSIONS) {
        Session s = new Session(null, j.getString("user"), j.getString("csrf"), j.getLong("createdAt"), j.getLong("lastSeenAt"));
        if (!expired(s, now)) {
          byId.put(j.getString("key"), s);
        }
      }
    }
  }

  private void sweep() {
    long now = clock.getAsLong();
    byId.values().removeIf(s -> expired(s, now));
  }

  private static boolean expired(Session s, long now) {
    return now - s.lastSeenAt() > IDLE.toMillis() || now - s.createdAt() > ABSOLUTE.toMillis();
  }

  private static String key(String id) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String token() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
