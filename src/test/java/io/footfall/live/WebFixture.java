package io.footfall.live;

import io.footfall.auth.PasswordHash;
import io.footfall.auth.Role;
import io.footfall.auth.User;
import io.footfall.auth.WebAuth;
import io.footfall.bus.Addresses;
import io.footfall.bus.NodeHealth;
import io.footfall.bus.OnContext;
import io.footfall.site.Site;
import io.footfall.site.SiteLoader;
import io.footfall.store.MetricsSource;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.function.Predicate;

/**
 * A real web server on a free port serving the demo mall, with users of every role, and a real HTTP and WebSocket
 * client that authenticates as the admin unless told otherwise.
 */
final class WebFixture {

  static final String SITE = "demo-mall";
  /** Plain HTTP on a free port of the loopback, no proxies. */
  static final HttpConfig PLAIN = new HttpConfig("127.0.0.1", 0, 50);
  static final Site DEMO = SiteLoader.loadResource("sites/demo-mall.yaml");

  final Vertx vertx;
  final NodeHealth health = new NodeHealth();
  final WebVerticle verticle;
  private final HttpClient http;
  private final WebSocketClient webSockets;

  /** Users of every role, all with password {@link #PASSWORD}; the manager looks after {@link #MANAGER_STORE}. */
  static final String PASSWORD = "correct horse";
  static final String MANAGER_STORE = "store-northwind";
  static final List<User> USERS = List.of(
      user("admin", Role.ADMIN, List.of(), List.of()),
      user("control", Role.CONTROL_ROOM, List.of(SITE), List.of()),
      user("manager", Role.STORE_MANAGER, List.of(SITE), List.of(MANAGER_STORE)),
      user("elsewhere", Role.CONTROL_ROOM, List.of("another-mall"), List.of()));

  private WebFixture(Vertx vertx, HttpConfig config, ZoneSeries series, MetricsSource metrics, int kAnonymity,
                     WebAuth auth) {
    this.vertx = vertx;
    this.verticle = new WebVerticle(config, List.of(DEMO), health, series, auth, metrics, kAnonymity);
    // both kept for the fixture's life: Vert.x closes a client that nothing references any more
    this.http = vertx.createHttpClient();
    this.webSockets = vertx.createWebSocketClient();
  }

  private static User user(String name, Role role, List<String> sites, List<String> zones) {
    // few iterations: tests create users often, and the password is no secret
    return new User(name, PasswordHash.hash(PASSWORD.toCharArray(), 1_000), role, sites, zones);
  }

  static String basic(String user) {
    return basic(user, PASSWORD);
  }

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  static Future<WebFixture> start(Vertx vertx, ZoneSeries series) {
    return start(vertx, series, MetricsSource.NONE, 5);
  }

  static Future<WebFixture> start(Vertx vertx, ZoneSeries series, MetricsSource metrics, int kAnonymity) {
    return start(vertx, series, metrics, kAnonymity, new WebAuth(USERS));
  }

  /** A server whose logins are the given ones (users with API tokens, a watched users file). */
  static Future<WebFixture> start(Vertx vertx, ZoneSeries series, WebAuth auth) {
    return start(vertx, series, MetricsSource.NONE, 5, auth);
  }

  /** A server with its own web settings (trusted proxies, TLS). */
  static Future<WebFixture> start(Vertx vertx, ZoneSeries series, HttpConfig config) {
    return start(vertx, config, series, MetricsSource.NONE, 5, new WebAuth(USERS));
  }

  private static Future<WebFixture> start(Vertx vertx, ZoneSeries series, MetricsSource metrics, int kAnonymity, WebAuth auth) {
    return start(vertx, PLAIN, series, metrics, kAnonymity, auth);
  }

  private static Future<WebFixture> start(Vertx vertx, HttpConfig config, ZoneSeries series, MetricsSource metrics,
                                           int kAnonymity, WebAuth auth) {
    WebFixture fixture = new WebFixture(vertx, config, series, metrics, kAnonymity, auth);
    return vertx.deployVerticle(fixture.verticle).map(id -> fixture);
  }

  int port() {
    return verticle.actualPort();
  }

  /** What came back from a request. */
  record Reply(int status, MultiMap headers, Buffer body) {
    JsonObject json() {
      return body.toJsonObject();
    }

    JsonArray jsonArray() {
      return body.toJsonArray();
    }
  }

  /** A GET as the admin (HTTP Basic) unless the headers say otherwise. */
  Future<Reply> get(String uri, Map<String, String> headers) {
    return request(HttpMethod.GET, uri, headers, null);
  }

  Future<Reply> post(String uri, byte[] body) {
    return request(HttpMethod.POST, uri, Map.of(), body);
  }

  Future<Reply> request(HttpMethod method, String uri, Map<String, String> headers, byte[] body) {
    return OnContext.run(vertx, () -> http.request(method, port(), "127.0.0.1", uri)
        .compose(request -> {
          request.putHeader("Authorization", basic("admin"));
          headers.forEach((name, value) -> {
            if (value.isEmpty()) {
              request.headers().remove(name);
            } else {
              request.putHeader(name, value);
            }
          });
          return body == null ? request.send() : request.send(Buffer.buffer(body));
        })
        .compose(response -> response.body().map(b -> new Reply(response.statusCode(), response.headers(), b))));
  }

  Future<Reply> get(String uri) {
    return get(uri, Map.of());
  }

  /** A browser's login: the session cookie ({@code name=value}) and the CSRF token. */
  record Login(String cookie, String csrf) {
    Map<String, String> headers() {
      // an empty value removes the fixture's default Basic credentials from the request
      return Map.of("Cookie", cookie, "Authorization", "");
    }
  }

  Future<Login> login(String user) {
    byte[] body = new JsonObject().put("name", user).put("password", PASSWORD).encode().getBytes(StandardCharsets.UTF_8);
    return request(HttpMethod.POST, "/api/login", Map.of("Content-Type", "application/json", "Authorization", ""), body)
        .map(reply -> {
          String setCookie = reply.headers().get("Set-Cookie");
          if (reply.status() != 200 || setCookie == null) {
            throw new IllegalStateException("login failed: " + reply.status() + " " + reply.body());
          }
          return new Login(setCookie.substring(0, setCookie.indexOf(';')), reply.json().getString("csrf"));
        });
  }

  /** A GET as the given user (HTTP Basic). */
  Future<Reply> getAs(String user, String uri) {
    return get(uri, Map.of("Authorization", basic(user)));
  }

  /** Publishes an engine message for the demo mall exactly as documented on {@link Addresses#liveSite}. */
  void publishLive(long watermark, JsonObject zones) {
    int total = zones.stream().mapToInt(e -> ((Number) e.getValue()).intValue()).sum();
    vertx.eventBus().publish(Addresses.liveSite(SITE), new JsonObject()
        .put("type", "occupancy")
        .put("site", SITE)
        .put("watermark", watermark)
        .put("zones", zones)
        .put("totals", new JsonObject().put("devices", total))
        .put("counters", new JsonObject()));
  }

  /** Completes once the live counter {@code name} satisfies {@code condition}; checks every few milliseconds. */
  Future<Void> awaitStat(String name, Predicate<Long> condition) {
    if (condition.test(verticle.liveStats().getLong(name))) {
      return Future.succeededFuture();
    }
    Promise<Void> done = Promise.promise();
    vertx.setTimer(5, id -> awaitStat(name, condition).onComplete(done));
    return done.future();
  }

  /** A WebSocket as the admin. */
  Future<LiveClient> connect(String uri) {
    return connect(uri, Map.of("Authorization", basic("admin")));
  }

  Future<LiveClient> connect(String uri, Map<String, String> headers) {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setPort(port()).setHost("127.0.0.1").setURI(uri);
    headers.forEach(options::addHeader);
    // on a context, so that the handlers are set before the first frame can arrive
    return OnContext.run(vertx, () -> webSockets.connect(options).map(LiveClient::new));
  }

  /** A browser stand-in: queues the JSON frames it receives and hands them out in order. */
  static final class LiveClient {
    final WebSocket socket;
    private final Queue<JsonObject> received = new ArrayDeque<>();
    private final Queue<Promise<JsonObject>> waiting = new ArrayDeque<>();
    private final Promise<Void> closed = Promise.promise();

    LiveClient(WebSocket socket) {
      this.socket = socket;
      socket.textMessageHandler(text -> deliver(new JsonObject(text)));
      socket.closeHandler(v -> closed.tryComplete());
    }

    private synchronized void deliver(JsonObject frame) {
      Promise<JsonObject> next = waiting.poll();
      if (next != null) {
        next.complete(frame);
      } else {
        received.add(frame);
      }
    }

    synchronized Future<JsonObject> next() {
      JsonObject frame = received.poll();
      if (frame != null) {
        return Future.succeededFuture(frame);
      }
      Promise<JsonObject> next = Promise.promise();
      waiting.add(next);
      return next.future();
    }

    Future<Void> closed() {
      return closed.future();
    }
  }
}
