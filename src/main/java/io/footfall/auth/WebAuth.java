package io.footfall.auth;

import io.footfall.fault.LogSafe;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logins for the web server. Mounts {@code POST /api/login} (JSON {@code {"name","password"}}; sets the HttpOnly,
 * SameSite=Strict session cookie, Secure over TLS or behind a trusted proxy that took HTTPS),
 * {@code POST /api/logout}, {@code GET /api/session} (who is logged in and the CSRF token),
 * {@code DELETE /api/login/throttles} (an admin lifts every {@link LoginLimiter} wait), and in front of every
 * other {@code /api} route: authentication by session cookie, HTTP Basic or an API token
 * ({@code Authorization: Bearer}, see {@link ApiToken}) (401 without), the CSRF check for state-changing requests
 * made with the cookie (403), and {@link Access} (403 outside the user's sites and zones). Pages other than the
 * login page redirect to it when there is no session. Only {@code /api/health} (with its probes) stays open: the
 * API description too needs a login. Logins, refusals and logouts go to the {@link Audit} trail, and so does every
 * failure that makes {@link LoginLimiter} throttle a name and address. Confined to the web server's event loop.
 */
public final class WebAuth {

  public static final String SESSION_COOKIE = "footfall_session";
  public static final String CSRF_HEADER = "X-CSRF-Token";
  private static final String USER_KEY = "footfall.user";
  private static final String SESSION_KEY = "footfall.session";
  private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
  private static final Set<String> OPEN_API = Set.of("/api/health", "/api/health/live", "/api/health/ready", "/api/login");
  private static final Logger LOG = LoggerFactory.getLogger(WebAuth.class);

  static final long USERS_CHECK_MS = 5_000;

  private final List<User> users;
  private final Path sessionsFile;
  private UsersWatch usersWatch;
  private Sessions sessions;
  private Credentials credentials;
  private TrustedProxies proxies = TrustedProxies.NONE;

  /** Sessions live in memory only (tests). */
  public WebAuth(List<User> users) {
    this(users, null);
  }

  /**
   * @param sessionsFile where the sessions (hashed ids only) are saved on stop and restored on start, so that a
   *                     restart does not log every wall screen out; null to keep them in memory only
   */
  public WebAuth(List<User> users, Path sessionsFile) {
    this.users = List.copyOf(users);
    this.sessionsFile = sessionsFile;
  }

  /**
   * Re-reads the users file when it changes (checked every {@value #USERS_CHECK_MS} ms), so that new users, new
   * passwords and revoked tokens take effect without a restart. Call before the web server starts.
   *
   * @param fixed users that are not in the file and stay (the demo users)
   */
  public WebAuth watchUsers(Path file, List<User> fixed) {
    return watchUsers(file, fixed, USERS_CHECK_MS);
  }

  /** {@link #watchUsers(Path, List)}, checking every {@code checkMs} milliseconds. */
  public WebAuth watchUsers(Path file, List<User> fixed, long checkMs) {
    this.usersWatch = new UsersWatch(file, fixed, checkMs, users);
    return this;
  }

  /** Restores saved sessions; call once before serving. A missing or unreadable file starts empty. */
  public Future<Void> restore(Vertx vertx) {
    if (sessionsFile == null) {
      return Future.succeededFuture();
    }
    return vertx.fileSystem().readFile(sessionsFile.toString())
        .map(buffer -> {
          sessions.restore(new JsonArray(buffer), name -> credentials.user(name).isPresent());
          LOG.info("sessions restored [count: {}]", sessions.size());
          return (Void) null;
        })
        .otherwise(e -> null);
  }

  /**
   * Saves the live sessions (owner-only file); never fails the stop. Plain file IO on a worker: on Ctrl-C Vert.x's
   * own shutdown hook may already have closed the file resolver its file system goes through.
   */
  public Future<Void> save(Vertx vertx) {
    if (sessionsFile == null || sessions == null) {
      return Future.succeededFuture();
    }
    byte[] json = sessions.toJson().toBuffer().getBytes();
    return vertx.executeBlocking(() -> {
      Path tmp = sessionsFile.resolveSibling(sessionsFile.getFileName() + ".tmp");
      Files.write(tmp, json);
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      Files.move(tmp, sessionsFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return (Void) null;
    })
        .onFailure(e -> LOG.warn("cannot save sessions [file: {}, reason: {}]", sessionsFile, e.toString()))
        .otherwise(e -> null);
  }

  /** The user a request was authenticated as; only call behind {@link #mount}. */
  public static User user(RoutingContext ctx) {
    return ctx.get(USER_KEY);
  }

  /**
   * What an authenticated WebSocket carries: its user and what to re-check, the session of a browser or the hash
   * of a script's API token (both null for HTTP Basic).
   */
  public record SocketGrant(User user, String sessionId, String tokenSha256) {
  }

  /**
   * @param proxies the reverse proxies whose {@code X-Forwarded-For} names the client (whose failed logins count
   *                against its own address) and whose {@code X-Forwarded-Proto: https} makes the cookie Secure
   */
  public void mount(Vertx vertx, Router router, TrustedProxies proxies) {
    this.proxies = proxies;
    sessions = new Sessions(System::currentTimeMillis);
    credentials = new Credentials(vertx, users, System::currentTimeMillis);
    if (usersWatch != null) {
      usersWatch.start(vertx, credentials);
    }
    router.post("/api/login").handler(this::login);
    router.route("/api/*").handler(this::authenticate);
    router.route("/api/*").handler(WebAuth::checkCsrf);
    router.route("/api/sites/*").handler(Access::authorize);
    router.post("/api/logout").handler(this::logout);
    router.delete("/api/login/throttles").handler(this::unthrottle);
    router.get("/api/session").handler(this::session);
    router.get("/").handler(this::requirePage);
    router.get("/index.html").handler(this::requirePage);
    router.get("/control").handler(this::requirePage).handler(ctx -> ctx.reroute("/index.html"));
    router.get("/history").handler(this::requirePage).handler(ctx -> ctx.reroute("/history.html"));
    router.get("/history.html").handler(this::requirePage);
    router.get("/calibration").handler(this::requirePage).handler(ctx -> ctx.reroute("/calibration.html"));
    router.get("/calibration.html").handler(this::requirePage);
    router.get("/store/:zone").handler(this::requirePage).handler(ctx -> ctx.reroute("/store.html"));
    router.get("/store.html").handler(this::requirePage);
    router.get("/report/store/:zone").handler(this::requirePage).handler(ctx -> ctx.reroute("/report.html"));
    router.get("/report.html").handler(this::requirePage);
    router.get("/login").handler(ctx -> ctx.reroute("/login.html"));
  }

  /** Authenticates a WebSocket upgrade (session cookie, Basic or API token) from this server's own pages (Origin). */
  public Future<SocketGrant> authenticateSocket(RoutingContext ctx) {
    String origin = ctx.request().getHeader(HttpHeaders.ORIGIN);
    if (origin != null && !sameOrigin(origin, ctx.request().getHeader(HttpHeaders.HOST))) {
      LOG.debug("refusing websocket from another origin [origin: {}]", LogSafe.escape(origin, 80));
      return Future.failedFuture(new Refusal(403));
    }
    Optional<Sessions.Session> session = sessions.touch(sessionId(ctx));
    if (session.isPresent()) {
      return credentials.user(session.get().user())
          .map(u -> Future.succeededFuture(new SocketGrant(u, session.get().id(), null)))
          .orElseGet(() -> Future.failedFuture(new Refusal(401)));
    }
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    String tokenSha256 = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
        ? ApiToken.sha256(header.substring(7).trim()) : null;
    return fromHeader(ctx).map(user -> new SocketGrant(user, null, tokenSha256));
  }

  /**
   * Whether a socket may stay open: its session is alive, its API token not revoked, or (HTTP Basic) its user still
   * exists with the same password.
   */
  public boolean stillValid(SocketGrant grant) {
    if (grant.sessionId() != null) {
      return sessions.alive(grant.sessionId());
    }
    if (grant.tokenSha256() != null) {
      return credentials.hasToken(grant.tokenSha256());
    }
    return credentials.user(grant.user().name())
        .filter(u -> u.passwordHash().equals(grant.user().passwordHash()))
        .isPresent();
  }

  /** Why a request was refused, as an HTTP status (401, 403 or 429). */
  public static final class Refusal extends RuntimeException {
    private final int status;

    Refusal(int status) {
      super("refused with " + status, null, false, false);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  private void login(RoutingContext ctx) {
    String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    // a cross-site form cannot send JSON, so requiring it stops login CSRF
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      ctx.fail(415);
      return;
    }
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      ctx.fail(400);
      return;
    }
    String name = body == null ? null : body.getString("name");
    String password = body == null ? null : body.getString("password");
    if (name == null || password == null || name.length() > 64 || password.length() > 1024) {
      ctx.fail(400);
      return;
    }
    credentials.check(name, password, address(ctx))
        .onSuccess(outcome -> loggedIn(ctx, name, outcome))
        .onFailure(ctx::fail);
  }

  private void loggedIn(RoutingContext ctx, String name, Credentials.Outcome outcome) {
    if (outcome.retryAfterMs() > 0) {
      tooMany(ctx, outcome.retryAfterMs());
      return;
    }
    if (outcome.user().isEmpty()) {
      Audit.loginRefused(knownName(name), address(ctx), "form");
      throttled(name, address(ctx), "form", outcome);
      reply(ctx, 401, new JsonObject().put("error", "wrong name or password"));
      return;
    }
    User user = outcome.user().get();
    sessions.end(sessionId(ctx));
    Sessions.Session session = sessions.create(user.name());
    ctx.response().addCookie(cookie(ctx, session.id()).setMaxAge(Sessions.ABSOLUTE.toSeconds()));
    Audit.login(user, address(ctx), "form");
    reply(ctx, 200, sessionJson(user, session.csrf()));
  }

  private void logout(RoutingContext ctx) {
    if (ctx.get(SESSION_KEY) != null) {
      Audit.logout(user(ctx).name(), address(ctx));
    }
    sessions.end(sessionId(ctx));
    ctx.response().addCookie(cookie(ctx, "").setMaxAge(0));
    ctx.response().setStatusCode(204).end();
  }

  /** An admin's unlock, for the rightful user who shares an address with a guesser (an office behind one NAT). */
  private void unthrottle(RoutingContext ctx) {
    User user = user(ctx);
    if (user.role() != Role.ADMIN) {
      reply(ctx, 403, new JsonObject().put("error", "only an admin may lift login throttles"));
      return;
    }
    int lifted = credentials.unthrottle();
    Audit.throttlesLifted(user.name(), address(ctx), lifted);
    reply(ctx, 200, new JsonObject().put("lifted", lifted));
  }

  private void session(RoutingContext ctx) {
    Sessions.Session session = ctx.get(SESSION_KEY);
    reply(ctx, 200, sessionJson(user(ctx), session == null ? null : session.csrf()));
  }

  private static JsonObject sessionJson(User user, String csrf) {
    String home = user.role() == Role.STORE_MANAGER
        ? "/store/" + URLEncoder.encode(user.zones().get(0), StandardCharsets.UTF_8)
        : "/";
    return new JsonObject().put("user", user.toJson()).put("csrf", csrf).put("home", home);
  }

  private void authenticate(RoutingContext ctx) {
    if (OPEN_API.contains(ctx.normalizedPath())) {
      ctx.next();
      return;
    }
    Optional<Sessions.Session> session = sessions.touch(sessionId(ctx));
    Optional<User> fromSession = session.flatMap(s -> credentials.user(s.user()));
    if (fromSession.isPresent()) {
      ctx.put(USER_KEY, fromSession.get());
      ctx.put(SESSION_KEY, session.get());
      ctx.next();
      return;
    }
    fromHeader(ctx)
        .onSuccess(user -> {
          ctx.put(USER_KEY, user);
          ctx.next();
        })
        .onFailure(e -> refuse(ctx, e));
  }

  /** The user of the request's {@code Authorization} header: Basic or Bearer (an API token). */
  private Future<User> fromHeader(RoutingContext ctx) {
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return bearer(ctx, header.substring(7).trim());
    }
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return Future.failedFuture(new Refusal(401));
    }
    return basic(ctx, header);
  }

  private Future<User> bearer(RoutingContext ctx, String token) {
    Credentials.Outcome outcome = credentials.checkToken(token, address(ctx));
    if (outcome.retryAfterMs() > 0) {
      return Future.failedFuture(new RetryLater(outcome.retryAfterMs()));
    }
    if (outcome.user().isEmpty()) {
      Audit.tokenRefused(address(ctx));
      throttled(null, address(ctx), "token", outcome);
      return Future.failedFuture(new Refusal(401));
    }
    return Future.succeededFuture(outcome.user().get());
  }

  private Future<User> basic(RoutingContext ctx, String header) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new Refusal(401));
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      return Future.failedFuture(new Refusal(401));
    }
    String name = decoded.substring(0, colon);
    return credentials.check(name, decoded.substring(colon + 1), address(ctx))
        .compose(outcome -> {
          if (outcome.retryAfterMs() > 0) {
            return Future.failedFuture(new RetryLater(outcome.retryAfterMs()));
          }
          if (outcome.user().isEmpty()) {
            Audit.loginRefused(knownName(name), address(ctx), "basic");
            throttled(name, address(ctx), "basic", outcome);
            return Future.failedFuture(new Refusal(401));
          }
          return Future.succeededFuture(outcome.user().get());
        });
  }

  /** Every failure that starts a wait is audited; the attempts refused unchecked while it lasts are not. */
  private void throttled(String name, String address, String method, Credentials.Outcome outcome) {
    LoginLimiter.Failure failure = outcome.failure();
    if (failure.waitMs() > 0) {
      Audit.loginThrottled(failure.address() ? "(any)" : name == null ? null : knownName(name), address, method,
          failure.failures(), failure.waitMs());
    }
  }

  /** The name if it is a user's, else null: what is typed into a name field may be a password. */
  private String knownName(String name) {
    return credentials.user(name).isPresent() ? name : null;
  }

  private static final class RetryLater extends RuntimeException {
    final long ms;

    RetryLater(long ms) {
      super("retry later", null, false, false);
      this.ms = ms;
    }
  }

  private static void checkCsrf(RoutingContext ctx) {
    Sessions.Session session = ctx.get(SESSION_KEY);
    if (session == null || SAFE.contains(ctx.request().method())
        || session.csrf().equals(ctx.request().getHeader(CSRF_HEADER))) {
      ctx.next();
      return;
    }
    reply(ctx, 403, new JsonObject().put("error", "missing or wrong " + CSRF_HEADER + " header"));
  }

  /** Pages need a session; without one the browser goes to the login page and comes back afterwards. */
  private void requirePage(RoutingContext ctx) {
    if (sessions.touch(sessionId(ctx)).isPresent()) {
      ctx.next();
      return;
    }
    String next = URLEncoder.encode(ctx.request().uri(), StandardCharsets.UTF_8);
    ctx.response().setStatusCode(302).putHeader(HttpHeaders.LOCATION, "/login.html?next=" + next).end();
  }

  private static void refuse(RoutingContext ctx, Throwable e) {
    if (e instanceof RetryLater later) {
      tooMany(ctx, later.ms);
    } else if (e instanceof Refusal refusal) {
      reply(ctx, refusal.status(), new JsonObject().put("error", refusal.status() == 401 ? "login required" : "forbidden"));
    } else {
      ctx.fail(e);
    }
  }

  private static void tooMany(RoutingContext ctx, long retryAfterMs) {
    long seconds = Math.max(1, (retryAfterMs + 999) / 1000);
    ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
    reply(ctx, 429, new JsonObject().put("error",
        "too many failed logins from this address, retry in " + seconds + " s"));
  }

  static void reply(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(body.encode());
  }

  private Cookie cookie(RoutingContext ctx, String value) {
    return Cookie.cookie(SESSION_COOKIE, value).setPath("/").setHttpOnly(true)
        .setSameSite(CookieSameSite.STRICT).setSecure(proxies.secure(ctx.request()));
  }

  private static String sessionId(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(SESSION_COOKIE);
    return cookie == null || cookie.getValue().isEmpty() ? null : cookie.getValue();
  }

  private String address(RoutingContext ctx) {
    return proxies.clientAddress(ctx.request());
  }

  /** Compares the Origin's host and port with the Host header, so that TLS ending at a proxy still matches. */
  private static boolean sameOrigin(String origin, String host) {
    try {
      return host != null && host.equalsIgnoreCase(URI.create(origin).getRawAuthority());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
