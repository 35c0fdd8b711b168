package io.footfall.engine;

import io.footfall.analytics.AnalyticsCounters;
import io.footfall.analytics.MetricsSettings;
import io.footfall.analytics.SiteAnalytics;
import io.footfall.analytics.SiteMetrics;
import io.footfall.analytics.StoreVisits;
import io.footfall.analytics.VisitMetrics;
import io.footfall.analytics.ZoneMinute;
import io.footfall.analytics.ZoneMinutes;
import io.footfall.app.Addresses;
import io.footfall.app.NodeHealth;
import io.footfall.site.Site;
import io.footfall.wire.SightingBatch;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The site engine: one {@link SiteAnalytics} per site, on this verticle's event loop.
 *
 * <p>Consumes {@link Addresses#ENGINE_SIGHTINGS}: a {@link SightingBatch} (local codec, registered by
 * {@link io.footfall.app.Codecs}) routed by its site; a request is answered with an empty reply once the batch is
 * taken, which is when the ingest acknowledges it to the sensor. Batches of unknown sites are counted, dropped and
 * answered too, since sending them again would not help.
 *
 * <p>Produces, every {@code publishIntervalMs} of wall time: the live occupancy of each site whose state changed,
 * published on {@link Addresses#liveSite} as JSON in the format documented there; and the rows of minutes that
 * became final, sent to {@link Addresses#STORE_ROLLUPS} as {@link ZoneMinutes}; and the visitor and flow
 * metrics ({@link SiteMetrics}) of minutes and hours that became final, sent to {@link Addresses#STORE_METRICS} as
 * {@link VisitMetrics}. On undeploy it sends the provisional rows of the open minutes and hours too (the writers
 * upsert, so the final rows of a later run replace them).
 * It reports its state as the {@code engine} component of {@link NodeHealth}.
 */
public final class EngineVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(EngineVerticle.class);
  private static final String HEALTH = "engine";

  private final EngineConfig config;
  private final NodeHealth health;
  private final Map<String, SiteState> sites = new LinkedHashMap<>();
  private MessageConsumer<SightingBatch> consumer;
  private long publishTimer = -1;
  private long unknownSiteBatches;

  public EngineVerticle(List<Site> sites, EngineConfig config, NodeHealth health) {
    this(sites, config, MetricsSettings.defaults(), health);
  }

  public EngineVerticle(List<Site> sites, EngineConfig config, MetricsSettings metrics, NodeHealth health) {
    this.config = config;
    this.health = health;
    for (Site site : sites) {
      SiteMetrics siteMetrics = new SiteMetrics(site, metrics);
      SiteAnalytics analytics = new SiteAnalytics(site, config.analytics(), siteMetrics.listener());
      if (this.sites.put(site.id(), new SiteState(analytics, siteMetrics)) != null) {
        throw new IllegalArgumentException("site " + site.id() + " given twice");
      }
    }
  }

  @Override
  public Future<?> start() {
    health.report(HEALTH, NodeHealth.State.STARTING, "starting");
    consumer = vertx.eventBus().consumer(Addresses.ENGINE_SIGHTINGS, this::onBatch);
    return consumer.completion()
        .onSuccess(v -> {
          publishTimer = vertx.setPeriodic(config.publishIntervalMs(), id -> publish());
          reportHealth();
          LOG.info("engine started [sites: {}]", String.join(", ", sites.keySet()));
        });
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(publishTimer);
    return consumer.unregister()
        .map(v -> flushOpenMinutes())
        .onSuccess(rows -> LOG.info("engine stopped [provisional rows: {}]", rows));
  }

  private void onBatch(Message<SightingBatch> message) {
    SightingBatch batch = message.body();
    SiteState site = sites.get(batch.site);
    if (site == null) {
      unknownSiteBatches++;
      LOG.debug("dropping batch [site: {}, sensor: {}, reason: unknown site]", batch.site, batch.sensor);
    } else if (!site.analytics.accept(batch)) {
      LOG.debug("dropping batch [site: {}, sensor: {}, reason: unresolved sensor]", batch.site, batch.sensor);
    }
    if (message.replyAddress() != null) {
      message.reply(null);
    }
  }

  private void publish() {
    long now = System.currentTimeMillis();
    for (SiteState site : sites.values()) {
      site.analytics.tick(now);
    }
    reportHealth();
    for (SiteState site : sites.values()) {
      if (site.analytics.version() != site.publishedVersion) {
        site.publishedVersion = site.analytics.version();
        vertx.eventBus().publish(Addresses.liveSite(site.analytics.site().id()), liveState(site));
      }
      sendRollups(site.analytics.site().id(), site.analytics.drainFinishedMinutes());
      sendMetrics(site.metrics.drainFinished());
    }
  }

  private int flushOpenMinutes() {
    int rows = 0;
    for (SiteState site : sites.values()) {
      List<ZoneMinute> open = site.analytics.flushOpenMinutes();
      sendRollups(site.analytics.site().id(), open);
      sendMetrics(site.metrics.flushOpen());
      rows += open.size();
    }
    health.report(HEALTH, NodeHealth.State.DOWN, "stopped");
    return rows;
  }

  private void sendRollups(String siteId, List<ZoneMinute> rows) {
    if (!rows.isEmpty()) {
      vertx.eventBus().send(Addresses.STORE_ROLLUPS, new ZoneMinutes(siteId, rows));
    }
  }

  private void sendMetrics(VisitMetrics metrics) {
    if (!metrics.isEmpty()) {
      vertx.eventBus().send(Addresses.STORE_METRICS, metrics);
    }
  }

  private static JsonObject liveState(SiteState state) {
    SiteAnalytics analytics = state.analytics;
    Site site = analytics.site();
    JsonObject zones = new JsonObject(new LinkedHashMap<>(site.zones().size() * 2));
    int[] occupancy = analytics.occupancy();
    for (int z = 0; z < occupancy.length; z++) {
      zones.put(site.zones().get(z).id(), occupancy[z]);
    }
    AnalyticsCounters c = analytics.counters();
    JsonObject counters = new JsonObject()
        .put("accepted", c.accepted())
        .put("late", c.late())
        .put("weak", c.weak())
        .put("unresolved", c.unresolved())
        .put("expired", c.expired())
        .put("buffered", c.buffered());
    return new JsonObject()
        .put("type", "occupancy")
        .put("site", site.id())
        .put("watermark", analytics.watermark())
        .put("zones", zones)
        .put("totals", new JsonObject().put("devices", analytics.devices()))
        .put("counters", counters)
        .put("stores", stores(state.metrics.today(analytics.watermark())));
  }

  private static JsonObject stores(List<StoreVisits.Today> today) {
    JsonObject stores = new JsonObject(new LinkedHashMap<>(today.size() * 2));
    for (StoreVisits.Today store : today) {
      stores.put(store.zone(), new JsonObject()
          .put("visitors", store.visitors())
          .put("passersBy", store.passersBy())
          .put("captureRate", store.captureRate()));
    }
    return stores;
  }

  private void reportHealth() {
    long devices = 0;
    for (SiteState site : sites.values()) {
      devices += site.analytics.devices();
    }
    String detail = sites.size() + (sites.size() == 1 ? " site, " : " sites, ") + devices + " devices"
        + (unknownSiteBatches > 0 ? ", " + unknownSiteBatches + " batches of unknown sites" : "");
    health.report(HEALTH, NodeHealth.State.UP, detail);
  }

  /** A site's analytics, its visitor metrics and the version of its state last published. */
  private static final class SiteState {
    final SiteAnalytics analytics;
    final SiteMetrics metrics;
    long publishedVersion;

    SiteState(SiteAnalytics analytics, SiteMetrics metrics) {
      this.analytics = analytics;
      this.metrics = metrics;
    }
  }
}
