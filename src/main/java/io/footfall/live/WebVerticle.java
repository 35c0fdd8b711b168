package io.footfall.live;

import io.footfall.auth.TrustedProxies;
import io.footfall.auth.WebAuth;
import io.footfall.bus.Addresses;
import io.footfall.bus.Faults;
import io.footfall.bus.NodeHealth;
import io.footfall.fault.LogSafe;
import io.footfall.site.Site;
import io.footfall.store.MetricsSource;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web server of a node. Consumes the engines' {@link Addresses#liveSite} messages (local consumers, one per
 * site) and produces: the REST API under {@code /api} (health, sites, live occupancy, zone history read through
 * {@link ZoneSeries}), the WebSocket {@code /live?site=} stream of snapshots and coalesced updates (server to
 * browser only), and the dashboard from classpath {@code webroot/} with ECharts from {@code /webjars/}.
 * A WebSocket for an unknown site is closed with code {@value #CLOSE_UNKNOWN_SITE}, one without a site with
 * {@value #CLOSE_BAD_REQUEST}. Every route but {@code /api/health} and the login page needs a login ({@link WebAuth});
 * a WebSocket is closed with {@value #CLOSE_SESSION_ENDED} once its session ends. With PEM files configured it
 * speaks HTTPS only; over HTTPS, or behind a trusted proxy that took HTTPS, answers carry HSTS. Reports health
 * component {@code http}.
 */
public final class WebVerticle extends VerticleBase {

  public static final short CLOSE_BAD_REQUEST = 4400;
  public static final short CLOSE_UNKNOWN_SITE = 4404;
  public static final short CLOSE_SESSION_ENDED = 4401;
  static final long SESSION_CHECK_MS = 30_000;

  static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
      + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";
  /** A year, the usual value; without includeSubDomains, since other hosts of the domain may not speak HTTPS. */
  static final String STRICT_TRANSPORT_SECURITY = "max-age=31536000";
  static final int MAX_BODY_BYTES = 64 * 1024;
  /** Browsers send nothing, so inbound frames are capped low; outbound messages above this go out fragmented. */
  static final int MAX_WEBSOCKET_FRAME_BYTES = 16 * 1024;
  private static final Pattern SITE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
  private static final Logger LOG = LoggerFactory.getLogger(WebVerticle.class);

  private final HttpConfig config;
  private final TrustedProxies proxies;
  private final List<Site> sites;
  private final NodeHealth health;
  private final ZoneSeries series;
  private final MetricsSource metrics;
  private final int kAnonymity;
  private final WebAuth auth;
  private final Map<String, LiveHub> hubs = new LinkedHashMap<>();
  private final List<Consumer<Router>> extraRoutes = new ArrayList<>();
  private Function<String, JsonObject> sensorCounters = key -> null;
  private final LiveCounters counters = new LiveCounters();
  private volatile int actualPort = -1;
  private HttpServer server;
  private Router router;

  /** Without the visitor and flow API: for tests of the live stream and the dashboards. */
  public WebVerticle(HttpConfig config, List<Site> sites, NodeHealth health, ZoneSeries series, WebAuth auth) {
    this(config, sites, health, series, auth, MetricsSource.NONE, 5);
  }

  /**
   * @param auth       the users and their sessions; every route but the login page and health needs one of them
   * @param metrics    the visitor and flow API of {@link MetricsRoutes}
   * @param kAnonymity cells of fewer visitors than this are suppressed
   */
  public WebVerticle(HttpConfig config, List<Site> sites, NodeHealth health, ZoneSeries series, WebAuth auth,
                     MetricsSource metrics, int kAnonymity) {
    this.config = config;
    this.proxies = config.proxies();
    this.sites = List.copyOf(sites);
    this.health = health;
    this.series = series;
    this.auth = auth;
    this.metrics = metrics;
    this.kAnonymity = kAnonymity;
  }

  /** Adds API routes of another component (mounted after the login check, before the API's 404); call before deploying. */
  public WebVerticle withRoutes(Consumer<Router> mount) {
    extraRoutes.add(mount);
    return this;
  }

  /** What the ingest counted per sensor ({@code site/sensor}), for the sensor board; call before deploying. */
  public WebVerticle withSensorCounters(Function<String, JsonObject> counters) {
    this.sensorCounters = counters;
    return this;
  }

  /** The routes served, once started; for the test that holds them to the OpenAPI description. */
  public List<Route> routes() {
    return router == null ? List.of() : router.getRoutes();
  }

  /** The port the server is bound to (useful with port 0), or -1 before it is bound. */
  public int actualPort() {
    return actualPort;
  }

  /** Counters of the live stream: open sockets, engine messages, push rounds, frames sent and skipped, ignored inbound frames. */
  public JsonObject liveStats() {
    return counters.toJson();
  }

  @Override
  public Future<?> start() {
    health.report("http", NodeHealth.State.STARTING, "binding");
    sites.forEach(this::followSite);
    router = router();
    server = vertx.createHttpServer(serverOptions()).requestHandler(router);
    return auth.restore(vertx)
        .compose(v -> server.listen(config.port(), config.host()))
        .onSuccess(this::bound)
        .onFailure(e -> {
          // with TLS on, an unreadable certificate or key fails here too, and the reason says which
          LOG.error("http server cannot start [port: {}, tls: {}, reason: {}]", config.port(), config.tls(),
              e.toString());
          // the health answer is open to anyone, so the reason (file paths) stays in the log
          health.report("http", NodeHealth.State.DOWN, "cannot start on port " + config.port() + " (see the log)");
        });
  }

  @Override
  public Future<?> stop() {
    health.report("http", NodeHealth.State.DOWN, "stopped");
    return auth.save(vertx).compose(v -> server == null ? Future.succeededFuture() : server.close());
  }

  private void followSite(Site site) {
    LiveHub hub = new LiveHub(vertx, site, config.pushIntervalMs(), counters);
    hubs.put(site.id(), hub);
    // a cluster node follows the site wherever its engine runs; on a single node this is a local consumer
    vertx.eventBus().<JsonObject>consumer(Addresses.liveSite(site.id()), message -> hub.accept(message.body()));
  }

  private HttpServerOptions serverOptions() {
    HttpServerOptions options = new HttpServerOptions()
        .setCompressionSupported(true)
        .setMaxWebSocketFrameSize(MAX_WEBSOCKET_FRAME_BYTES)
        .setMaxWebSocketMessageSize(MAX_WEBSOCKET_FRAME_BYTES);
    if (config.tls()) {
      options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
          .setCertPath(config.tlsCertPath()).setKeyPath(config.tlsKeyPath()));
    }
    return options;
  }

  private Router router() {
    Router router = Router.router(vertx);
    router.route().handler(this::securityHeaders);
    router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    auth.mount(vertx, router, proxies);
    new SiteRoutes(hubs, health, series).mount(router);
    new SensorBoard(vertx, hubs, sensorCounters).mount(router);
    new AlertRoutes(vertx, hubs).mount(router);
    new MetricsRoutes(hubs, metrics, kAnonymity).mount(router);
    new ControlRoutes(vertx, hubs, kAnonymity).mount(router);
    new HealthRoutes(health).mount(router);
    OpenApiDocument.mount(router);
    extraRoutes.forEach(mount -> mount.accept(router));
    router.route("/api/*").handler(ctx -> ctx.fail(404));
    router.get("/live").handler(this::upgrade);
    router.route("/webjars/*").method(HttpMethod.GET).method(HttpMethod.HEAD)
        .handler(StaticHandler.create("META-INF/resources/webjars").setMaxAgeSeconds(86_400));
    // the dashboard changes with each release and is small, so browsers always revalidate it
    router.route("/*").method(HttpMethod.GET).method(HttpMethod.HEAD)
        .handler(ctx -> {
          ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
          ctx.next();
        })
        .handler(StaticHandler.create("webroot").setCachingEnabled(false));
    router.route().failureHandler(WebVerticle::failure);
    router.errorHandler(404, WebVerticle::failure);
    router.errorHandler(405, WebVerticle::failure);
    return router;
  }

  private void bound(HttpServer bound) {
    actualPort = bound.actualPort();
    health.report("http", NodeHealth.State.UP, "listening on port " + actualPort);
    LOG.info("http server listening [port: {}, tls: {}, trustedProxies: {}]", actualPort, config.tls(),
        config.trustedProxies().size());
  }

  /** Only a logged-in user from one of this server's pages gets a socket, and only with the zones they may see. */
  private void upgrade(RoutingContext ctx) {
    String siteId = ctx.request().getParam("site");
    // checking a password takes a worker thread; the upgrade request must still be unread when it is done
    ctx.request().pause();
    auth.authenticateSocket(ctx)
        .onFailure(e -> ctx.fail(e instanceof WebAuth.Refusal r ? r.status() : 500, e))
        .onSuccess(grant -> {
          if (siteId != null && hubs.containsKey(siteId) && !grant.user().maySeeSite(siteId)) {
            ctx.fail(403);
            return;
          }
          ctx.request().toWebSocket()
              .onSuccess(socket -> attach(socket, siteId, grant))
              .onFailure(e -> {
                if (!ctx.response().ended()) {
                  ctx.fail(400, e);
                }
              });
        });
  }

  private void attach(ServerWebSocket socket, String siteId, WebAuth.SocketGrant grant) {
    socket.frameHandler(frame -> ignoreInbound(socket, frame));
    socket.exceptionHandler(e -> LOG.debug("websocket error [remote: {}, reason: {}]", socket.remoteAddress(), e.getMessage()));
    if (siteId == null || siteId.isBlank()) {
      socket.close(CLOSE_BAD_REQUEST, "query parameter 'site' is required");
      return;
    }
    LiveHub hub = hubs.get(siteId);
    if (hub == null) {
      // a close reason must fit 123 bytes, so only a well-formed id is echoed
      socket.close(CLOSE_UNKNOWN_SITE, SITE_ID.matcher(siteId).matches() ? "unknown site '" + siteId + "'" : "unknown site");
      return;
    }
    LOG.debug("websocket joined [site: {}, remote: {}]", siteId, socket.remoteAddress());
    hub.join(socket, grant.user().seesWholeSite(siteId) ? null : grant.user().zoneFilter(siteId));
    // a socket outlives neither its session's expiry nor a logout by more than a check interval
    long check = vertx.setPeriodic(SESSION_CHECK_MS, id -> {
      if (!auth.stillValid(grant)) {
        socket.close(CLOSE_SESSION_ENDED, "session ended");
      }
    });
    socket.closeHandler(v -> {
      vertx.cancelTimer(check);
      hub.leave(socket);
    });
  }

  private void ignoreInbound(ServerWebSocket socket, WebSocketFrame frame) {
    if (frame.isText() || frame.isBinary() || frame.isContinuation()) {
      counters.inboundIgnored.incrementAndGet();
      LOG.debug("ignoring inbound websocket frame [remote: {}, bytes: {}]", socket.remoteAddress(), frame.binaryData().length());
    }
  }

  private void securityHeaders(RoutingContext ctx) {
    ctx.response().headers()
        .set("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .set("X-Content-Type-Options", "nosniff")
        .set("Referrer-Policy", "no-referrer");
    // browsers heed it only over HTTPS, and a proxy may serve plain HTTP on another name, so only then
    if (proxies.secure(ctx.request())) {
      ctx.response().headers().set("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
    }
    ctx.next();
  }

  /** Every failure becomes {@code {"error": publicMessage}}; the details of an unexpected one stay in the log. */
  private static void failure(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    int status = failure == null ? Math.max(ctx.statusCode(), 400) : statusOf(ctx, failure);
    if (status >= 500) {
      LOG.warn("request failed [path: {}, status: {}, reason: {}]", LogSafe.escape(ctx.request().path()), status,
          Faults.reason(failure), failure);
    }
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    String message = failure == null || status != Faults.httpStatus(failure)
        ? HttpResponseStatus.valueOf(status).reasonPhrase().toLowerCase(Locale.ROOT)
        : Faults.publicMessage(failure);
    SiteRoutes.json(ctx, status, new JsonObject().put("error", message).encode());
  }

  /** A fault footfall threw decides its own status; otherwise the status a handler failed with (such as 413). */
  private static int statusOf(RoutingContext ctx, Throwable failure) {
    int mapped = Faults.httpStatus(failure);
    return mapped == 500 && ctx.statusCode() >= 400 && ctx.statusCode() < 500 ? ctx.statusCode() : mapped;
  }
}
