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
   * Sensor connection and rejection events from the MQTT ingest, for the sensor-health views. Payload: JSON
   * {@code {"site":..,"sensor":..,"online":bool,"accepted":n,"rejected":n,"lastReason":..,"at":epochMs}}.
   */
  public static final String INGEST_SENSORS = "ingest.sensors";

  /**
   * Alerts raised or cleared, sent by the site engine to the alert store. Payload: JSON
   * {@code {"type":"alert","id":"kind/subject/raisedAt","site":..,"kind":"zone-over-capacity"|"sensor-silent",
   * "subject":zoneOrSensorId,"state":"raised"|"cleared","raisedAt":epochMs,"clearedAt":epochMs|null,"value":n,
   * "threshold":n}}; the same JSON is published on {@link #liveSite} for the WebSocket (docs/alerts.md).
   */
  public static final String STORE_ALERTS = "store.alerts";

  /**
   * Alert queries, request/reply, from the web server to the alert store. Request JSON
   * {@code {"op":"list","site":..,"state":"open"|"all","from":epochMs,"to":epochMs}} answered with
   * {@code {"alerts":[..]}}, or {@code {"op":"ack","site":..,"id":..,"by":..}} answered with the alert, or failed
   * with code 404 when there is no such alert.
   */
  public static final String STORE_ALERTS_QUERY = "store.alerts.query";

  private static final String LIVE_SITE_PREFIX = "live.site.";

  private Addresses() {
  }

  /**
   * Live state of one site, published by its engine at most every push interval while something changed.
   * Payload: JSON {@code {"type":"occupancy","site":id,"watermark":epochMs,"zones":{zoneId:devices,..},
   * "totals":{"devices":n},"counters":{..}}}; the web server turns it into WebSocket snapshots and updates.
   * Alert changes travel here too, as the JSON documented on {@link #STORE_ALERTS} ({@code "type":"alert"}); the
   * web server forwards them to every WebSocket of the site as they come.
   */
  public static String liveSite(String siteId) {
    return LIVE_SITE_PREFIX + siteId;
  }
}
