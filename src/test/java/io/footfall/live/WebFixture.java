package io.footfall.live;

import io.footfall.app.Addresses;
import io.footfall.app.NodeHealth;
import io.footfall.site.Site;
import io.footfall.site.SiteLoader;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.function.Predicate;

/** A real web server on a free port serving the demo mall, with a real HTTP and WebSocket client. */
final class WebFixture {

  static final String SITE = "demo-mall";
  static final Site DEMO = SiteLoader.loadResource("sites/demo-mall.yaml");

  final Vertx vertx;
  final NodeHealth health = new NodeHealth();
  final WebVerticle verticle;
  private final HttpClient http;

  private WebFixture(Vertx vertx, ZoneSeries series, MetricsSource metrics, int kAnonymity) {
    this.vertx = vertx;
    this.verticle = new WebVerticle(new HttpConfig("127.0.0.1", 0, 50), List.of(DEMO), health, series, metrics,
        kAnonymity);
    this.http = vertx.createHttpClient();
  }

  static Future<WebFixture> start(Vertx vertx, ZoneSeries series) {
    return start(vertx, series, MetricsSource.NONE, 5);
  }

  static Future<WebFixture> start(Vertx vertx, ZoneSeries series, MetricsSource metrics, int kAnonymity) {
    WebFixture fixture = new WebFixture(vertx, series, metrics, kAnonymity);
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

  Future<Reply> get(String uri, Map<String, String> headers) {
    return http.request(HttpMethod.GET, port(), "127.0.0.1", uri)
        .compose(request -> {
          headers.forEach(request::putHeader);
          return request.send();
        })
        .compose(response -> response.body().map(body -> new Reply(response.statusCode(), response.headers(), body)));
  }

  Future<Reply> post(String uri, byte[] body) {
    return http.request(HttpMethod.POST, port(), "127.0.0.1", uri)
        .compose(request -> request.send(Buffer.buffer(body)))
        .compose(response -> response.body().map(b -> new Reply(response.statusCode(), response.headers(), b)));
  }

  Future<Reply> get(String uri) {
    return get(uri, Map.of());
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

  Future<LiveClient> connect(String uri) {
    return vertx.createWebSocketClient().connect(port(), "127.0.0.1", uri).map(LiveClient::new);
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
