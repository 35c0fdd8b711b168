package io.footfall.metrics;

import io.footfall.bus.Addresses;
import io.footfall.ingest.IngestCounters;
import io.footfall.notify.NotifyCounters;
import io.footfall.site.Site;
import io.footfall.site.Zone;
import io.footfall.store.WriteQueue;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's metrics in Prometheus text format at {@code GET /metrics} (names and labels in
 * {@code docs/integrations.md}): sightings accepted per source, refusals per reason, per site the engine's lag
 * behind the wall clock, active devices, devices per zone and the engine's sighting outcomes, WebSocket clients,
 * the PostgreSQL write queue, alert deliveries (webhooks per target, MQTT), and the JVM. Consumes the engines'
 * {@link Addresses#liveSite} messages (local consumers) for the per-site values; everything else is read from the
 * components' counters at scrape time.
 */
public final class NodeMetrics implements AutoCloseable {

  /** The engine counters carried by a live message that are counts of sightings. */
  private static final List<String> ENGINE_OUTCOMES = List.of("accepted", "late", "weak", "unresolved", "expired");
  private static final Logger LOG = LoggerFactory.getLogger(NodeMetrics.class);
  private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final IngestCounters ingest;
  private final List<String> siteIds;
  private final Map<String, JsonObject> latest = new ConcurrentHashMap<>();
  private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();
  private final JvmGcMetrics gc = new JvmGcMetrics();

  /**
   * @param liveStats the web server's live-stream counters ({@code sockets} is the number of WebSocket clients)
   * @param writer    the database writers' statistics, summed over all of them ({@link WriteQueue.Stats#sum})
   */
  public NodeMetrics(List<Site> sites, IngestCounters ingest, Supplier<JsonObject> liveStats,
                     Supplier<WriteQueue.Stats> writer) {
    this.ingest = ingest;
    this.siteIds = sites.stream().map(Site::id).toList();
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    gc.bindTo(registry);
    Gauge.builder("footfall.websocket.clients", () -> liveStats.get().getLong("sockets", 0L))
        .description("Dashboards connected to the live WebSocket").register(registry);
    Gauge.builder("footfall.db.queue.rows", () -> writer.get().queued())
        .description("Rows in memory waiting to be written to PostgreSQL").register(registry);
    Gauge.builder("footfall.db.spooled.rows", () -> writer.get().spooled())
        .description("Rows spooled to disk while PostgreSQL was failing, not yet replayed").register(registry);
    FunctionCounter.builder("footfall.db.rows.dropped", writer, w -> w.get().dropped())
        .description("Rows dropped: spool full, invalid, or left at stop").register(registry);
    sites.forEach(this::siteMeters);
  }

  /**
   * Starts taking the engines' live messages. The constructor binds the JVM meters, which loads many classes, so
   * it belongs off the event loop; this part is quick.
   */
  public NodeMetrics follow(Vertx vertx) {
    for (String id : siteIds) {
      consumers.add(vertx.eventBus().<JsonObject>localConsumer(Addresses.liveSite(id), m -> {
        // full frames only: the zones frames between them and the alerts carry no counters
        if ("occupancy".equals(m.body().getString("type"))) {
          latest.put(id, m.body());
        }
      }));
    }
    return this;
  }

  /**
   * Adds the alert notifier's delivery counts: per webhook target (host and port, never the URL) the deliveries by
   * outcome and the retries, and with {@code notifications.mqtt} the alert publishes to the broker by outcome.
   */
  public NodeMetrics notifications(NotifyCounters counters) {
    for (String target : counters.webhookTargets()) {
      NotifyCounters.Webhook webhook = counters.webhook(target);
      webhookOutcome(target, "delivered", webhook, NotifyCounters.Webhook::delivered);
      webhookOutcome(target, "failed", webhook, NotifyCounters.Webhook::failed);
      webhookOutcome(target, "dropped", webhook, NotifyCounters.Webhook::dropped);
      FunctionCounter.builder("footfall.notify.webhook.retries", webhook, NotifyCounters.Webhook::retried)
          .description("Webhook attempts after a failed one").tag("target", target).register(registry);
    }
    if (counters.mqtt()) {
      mqttOutcome("published", counters, NotifyCounters::mqttPublished);
      mqttOutcome("failed", counters, NotifyCounters::mqttFailed);
      mqttOutcome("dropped", counters, NotifyCounters::mqttDropped);
    }
    return this;
  }

  /** Adds {@code GET /metrics}, open to anyone who can reach the port. */
  public void mount(Router router) {
    mount(router, "");
  }

  /**
   * Adds {@code GET /metrics}; with a non-empty {@code bearerToken} a scrape without
   * {@code Authorization: Bearer <bearerToken>} is answered 401.
   */
  public void mount(Router router, String bearerToken) {
    if (!bearerToken.isEmpty()) {
      byte[] expected = bearerToken.getBytes(StandardCharsets.UTF_8);
      router.get("/metrics").handler(ctx -> requireToken(ctx, expected));
    }
    router.get("/metrics").handler(this::scrape);
  }

  private static void requireToken(RoutingContext ctx, byte[] expected) {
    String given = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    boolean bearer = given != null && given.regionMatches(true, 0, "Bearer ", 0, 7);
    // constant time, so response timing tells nothing about the token
    if (bearer && MessageDigest.isEqual(given.substring(7).strip().getBytes(StandardCharsets.UTF_8), expected)) {
      ctx.next();
      return;
    }
    LOG.debug("refusing metrics scrape [remote: {}, reason: {}]", ctx.request().remoteAddress(),
        given == null ? "no token" : "wrong token");
    ctx.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer realm=\"footfall-metrics\"")
        .end();
  }

  /** The current metrics in Prometheus text format. */
  public String scrape() {
    // sources and refusal reasons appear as they happen; registering an existing meter again returns it
    ingest.acceptedSightingsBySource().keySet().forEach(source ->
        FunctionCounter.builder("footfall.ingest.sightings", ingest,
                c -> c.acceptedSightingsBySource().getOrDefault(source, 0L))
            .description("Sightings handed to the engine, by source").tag("source", source).register(registry));
    ingest.rejectedByReason().keySet().forEach(reason ->
        FunctionCounter.builder("footfall.ingest.rejected", ingest, c -> c.rejected(reason))
            .description("Batches, connections or observations refused, by reason").tag("reason", reason)
            .register(registry));
    return registry.scrape();
  }

  @Override
  public void close() {
    consumers.forEach(MessageConsumer::unregister);
    gc.close();
    registry.close();
  }

  private void siteMeters(Site site) {
    String id = site.id();
    Gauge.builder("footfall.engine.lag", () -> lagSeconds(id)).baseUnit("seconds")
        .description("How far the engine's event-time watermark trails the wall clock").tag("site", id)
        .register(registry);
    Gauge.builder("footfall.devices", () -> live(id).getJsonObject("totals", new JsonObject()).getInteger("devices", 0))
        .description("Devices present in the site now").tag("site", id).register(registry);
    for (Zone zone : site.zones()) {
      Gauge.builder("footfall.zone.devices", () -> live(id).getJsonObject("zones", new JsonObject()).getInteger(zone.id(), 0))
          .description("Devices in the zone now").tag("site", id).tag("zone", zone.id()).tag("kind", zone.kind().token())
          .register(registry);
    }
    for (String outcome : ENGINE_OUTCOMES) {
      FunctionCounter.builder("footfall.engine.sightings", this,
              m -> m.live(id).getJsonObject("counters", new JsonObject()).getLong(outcome, 0L))
          .description("Sightings the engine processed, by outcome").tag("site", id).tag("outcome", outcome)
          .register(registry);
    }
  }

  private void webhookOutcome(String target, String outcome, NotifyCounters.Webhook webhook,
                              ToLongFunction<NotifyCounters.Webhook> count) {
    FunctionCounter.builder("footfall.notify.webhook.deliveries", webhook, w -> count.applyAsLong(w))
        .description("Alert deliveries to a webhook target, by outcome").tag("target", target)
        .tag("outcome", outcome).register(registry);
  }

  private void mqttOutcome(String outcome, NotifyCounters counters, ToLongFunction<NotifyCounters> count) {
    FunctionCounter.builder("footfall.notify.mqtt.alerts", counters, c -> count.applyAsLong(c))
        .description("Alert changes published to the broker (failed: attempts sent again), by outcome")
        .tag("outcome", outcome).register(registry);
  }

  private JsonObject live(String site) {
    return latest.getOrDefault(site, new JsonObject());
  }

  private double lagSeconds(String site) {
    Long watermark = live(site).getLong("watermark");
    return watermark == null ? Double.NaN : (System.currentTimeMillis() - watermark) / 1000.0;
  }

  /** Rendering the JVM meters takes tens of milliseconds: off the event loop. */
  private void scrape(RoutingContext ctx) {
    ctx.vertx().executeBlocking(this::scrape, false)
        .onSuccess(text -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE)
            .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
            .end(text))
        .onFailure(ctx::fail);
  }
}
