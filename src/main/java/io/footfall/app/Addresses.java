package io.footfall.app;

/**
 * Every event-bus address footfall uses, with what travels on it. Messages are per batch or per push
 * interval, never per sighting. Nothing here is bridged to browsers: the WebSocket server forwards
 * {@link #liveSite} messages outbound only.
 */
public final class Addresses {

  /**
   * Decoded sensor batches, sent by the MQTT ingest to the site engine. Payload: a
   * {@link io.footfall.wire.SightingBatch} with its site and sensor index resolved (local codec). QoS 1 batches
   * are sent as a request and acknowledged to the sensor only when the engine replies that it took them.
   */
  public static final String ENGINE_SIGHTINGS = "engine.sightings";

  /**
   * Per-minute zone rollups, sent by the site engine to the rollup writer once a minute is final. Payload: an
   * {@link io.footfall.analytics.ZoneMinutes} (local codec). The writer upserts them, so a re-send is harmless.
   */
  public static final String STORE_ROLLUPS = "store.rollups";

  /**
   * Visitor and flow metrics, sent by the site engine to the metrics writer once minutes (store figures) or hours
   * (flows, paths) are final, and provisional ones at shutdown. Payload: an
   * {@link io.footfall.analytics.VisitMetrics} (local codec) holding {@code StoreMinute}, {@code FlowHour} and
   * {@code PathHour} rows of one site. The writer upserts them, so a re-send is harmless.
   */
  public static final String STORE_METRICS = "store.metrics";

  /**
   * Sensor connection and rejection events from the MQTT ingest, for the sensor-health views. Payload: JSON
   * {@code {"site":..,"sensor":..,"online":bool,"accepted":n,"rejected":n,"lastReason":..,"at":epochMs}}.
   */
  public static final String INGEST_SENSORS = "ingest.sensors";

  private static final String LIVE_SITE_PREFIX = "live.site.";

  private Addresses() {
  }

  /**
   * Live state of one site, published by its engine at most every push interval while something changed.
   * Payload: JSON {@code {"type":"occupancy","site":id,"watermark":epochMs,"zones":{zoneId:devices,..},
   * "totals":{"devices":n},"counters":{..},"stores":{zoneId:{"visitors":n,"passersBy":n,"captureRate":r},..}}};
   * {@code stores} holds today's figures (since local midnight, shoppers only) per store and, under the key
   * {@code ""}, for the whole site; captureRate is null before the first visitor or passer-by. The web server turns
   * it into WebSocket snapshots and updates.
   */
  public static String liveSite(String siteId) {
    return LIVE_SITE_PREFIX + siteId;
  }
}
