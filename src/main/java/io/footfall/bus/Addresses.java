package io.footfall.bus;

import io.vertx.core.Handler;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.Map;

/**
 * Every event-bus address footfall uses, with what travels on it and how far ({@link #scope}). Messages are per
 * batch or per push interval, never per sighting. Nothing here is bridged to browsers: the WebSocket server forwards
 * {@link #liveSite} messages outbound only.
 *
 * <p>On a cluster an address's messages either stay on the node that sent them ({@link Scope#NODE}: its consumers
 * register with {@link #consumer}, which makes them local, and its payload may be an object passed by reference
 * under a {@link LocalCodec}) or may reach any node ({@link Scope#CLUSTER}: JSON, or an object with a wire codec).
 * The scope is decided here, once per address, and nowhere else.
 */
public final class Addresses {

  /** How far the messages of an address travel. */
  public enum Scope {
    /**
     * Sender and consumers on one node: consumers are local, so a clustered event bus never picks another node's,
     * and the payload never needs a wire format.
     */
    NODE,
    /** Consumers on any node: the payload is JSON or an object with a wire codec. */
    CLUSTER
  }

  /**
   * Decoded sensor batches, sent by the MQTT ingest to the site engine. Payload: a
   * {@link io.footfall.wire.SightingBatch} with its site and sensor index resolved (local codec). QoS 1 batches
   * are sent as a request and acknowledged to the sensor only when the engine replies that it took them: the reply
   * is null or {@link EngineReply#TAKEN} once the batch is applied and journaled, {@link EngineReply#DUPLICATE} for a
   * batch taken before (same sensor and number), {@link EngineReply#DEAD_LETTER} for one the analytics failed on,
   * kept on disk instead.
   */
  public static final String ENGINE_SIGHTINGS = "engine.sightings";
  /** What the engine answers a batch on {@link #ENGINE_SIGHTINGS}: not addresses, the reply's body. */
  public static final class EngineReply {
    /** The batch is applied (and journaled, where the node keeps snapshots). */
    public static final String TAKEN = "taken";
    /** The sensor's batch of that number was taken before. */
    public static final String DUPLICATE = "duplicate";
    /** The analytics failed on the batch; it is kept in the dead-letter directory, not applied. */
    public static final String DEAD_LETTER = "dead-letter";

    private EngineReply() {
    }
  }

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
   * Repeat-visit triples (repeat-visit id, store or site, local day) of the visitors counted since the last send,
   * sent by the site engine to the repeat-visit writer, each triple at most once per day. Payload: an
   * {@link io.footfall.analytics.RepeatVisits.Rows} (local codec) of one site. The writer inserts them idempotently,
   * so a re-send is harmless.
   */
  public static final String STORE_REPEATS = "store.repeats";

  /**
   * Sensor connection and rejection events from the MQTT ingest, for the sensor-health views. Payload: JSON
   * {@code {"site":..,"sensor":..,"online":bool,"accepted":n,"rejected":n,"lastReason":..,"at":epochMs}}.
   */
  public static final String INGEST_SENSORS = "ingest.sensors";

  /**
   * Alerts raised or cleared, published by the site engine to the alert store and the alert notifier
   * ({@link io.footfall.notify.NotifyVerticle}: webhooks, MQTT). Payload: JSON
   * {@code {"type":"alert","id":"kind/subject/raisedAt","site":..,
   * "kind":"zone-over-capacity"|"sensor-silent"|"occupancy-unusual","subject":zoneOrSensorId,
   * "state":"raised"|"cleared","raisedAt":epochMs,"clearedAt":epochMs|null,"value":n,"threshold":n,
   * "direction":"high"|"low"|null}} (direction only for occupancy-unusual: unusually busy or quiet); the same JSON
   * is published on {@link #liveSite} for the WebSocket (docs/alerts.md).
   */
  public static final String STORE_ALERTS = "store.alerts";

  /**
   * Alert queries, request/reply, from the web server to the alert store. Request JSON
   * {@code {"op":"list","site":..,"state":"open"|"all","from":epochMs,"to":epochMs}} answered with
   * {@code {"alerts":[..]}}, or {@code {"op":"ack","site":..,"id":..,"by":..}} answered with the alert, or failed
   * with code 404 when there is no such alert.
   */
  public static final String STORE_ALERTS_QUERY = "store.alerts.query";

  /**
   * Device estimates (random MACs linked into devices), sent by the site engine to the estimate writer: minute
   * snapshots and hourly distinct devices. Payload: an {@link io.footfall.analytics.DeviceEstimates} (local codec).
   * The writer upserts them, so a re-send is harmless.
   */
  public static final String STORE_ESTIMATES = "store.estimates";

  /**
   * The current headcount calibration of a site, published by the web server after every fit, once at its start
   * and when an engine starts running the site ({@link #SITES_RUNNING}), consumed by the site engine wherever it
   * runs (cluster-wide) for the estimated people of the live state. Payload: JSON
   * {@code {"site":id,"factors":[24 numbers, people per device for each local hour of day],
   * "backgroundDevices":[24], "exponents":[24]}}: each hour's people are {@code factor x max(0, devices -
   * background) ^ exponent} (docs/estimation.md); the engine applies the factors only, so far.
   */
  public static final String CALIBRATION = "engine.calibration";

  /**
   * The usual occupancy of one site's zones, published (local) by the baseline refresher
   * ({@link io.footfall.store.BaselineVerticle}) at start and every {@code alerts.unusualRefreshMs}, consumed by the
   * site engine for the unusual-occupancy alerts. Payload: JSON {@code {"site":id,"from":epochMs,"to":epochMs,
   * "slots":[{"zone":zoneId,"dow":1..7 (ISO, Monday = 1),"hour":0..23,"median":devices,"mad":devices,"weeks":n},..]}}:
   * for each zone, weekday and hour of the day in the site's time zone that held data in [from, to), the median and
   * the median absolute deviation of the zone's per-minute average devices (minutes without a row count as 0 in
   * every hour in which the site recorded anything), and on how many distinct days (one per week) it held data.
   * A slot that is missing has no data. Each message replaces the previous baseline of the site whole.
   */
  public static final String ENGINE_BASELINE = "engine.baseline";

  /**
   * Published (local) by a site engine once it has started, and on a cluster node by the site ownership once that
   * engine runs, so that an engine deployed after the last refresh or fit (a site taken over on a cluster node)
   * need not wait for the next one: the baseline refresher publishes again on {@link #ENGINE_BASELINE} the latest
   * baseline it holds of each site named (or computes it when it holds none), and the web server publishes on
   * {@link #CALIBRATION} each named site's stored calibration. Payload: JSON {@code {"sites":[siteId,..]}}. Nobody
   * may be listening yet (a node's first engine starts before the refresher and the web server, which publish
   * everything once at their own start).
   */
  public static final String SITES_RUNNING = "engine.sites.running";

  private static final String LIVE_SITE_PREFIX = "live.site.";
  private static final String ENGINE_SITE_PREFIX = "engine.site.";
  private static final String ENGINE_FLOWS_PREFIX = "engine.flows.";

  private static final Map<String, Scope> SCOPES = Map.ofEntries(
      // the ingest hands batches to the engine, or on a cluster node to the forwarder, of its own node
      Map.entry(ENGINE_SIGHTINGS, Scope.NODE),
      // a site's rows are written by the node running its engine: the writers of every node are alike, and the
      // rows are objects passed by reference; a node that loses a site hands its last rows to its own writers
      Map.entry(STORE_ROLLUPS, Scope.NODE),
      Map.entry(STORE_METRICS, Scope.NODE),
      Map.entry(STORE_REPEATS, Scope.NODE),
      Map.entry(STORE_ESTIMATES, Scope.NODE),
      // each sensor's connection is on one node, the sensor views on every node's web server
      Map.entry(INGEST_SENSORS, Scope.CLUSTER),
      // stored and notified once, by the node whose engine raised it
      Map.entry(STORE_ALERTS, Scope.NODE),
      Map.entry(STORE_ALERTS_QUERY, Scope.NODE),
      Map.entry(CALIBRATION, Scope.CLUSTER),
      Map.entry(ENGINE_BASELINE, Scope.NODE),
      Map.entry(SITES_RUNNING, Scope.NODE));

  private Addresses() {
  }

  /**
   * How far the messages of an address travel.
   *
   * @throws IllegalArgumentException for an address footfall does not use
   */
  public static Scope scope(String address) {
    Scope scope = SCOPES.get(address);
    if (scope != null) {
      return scope;
    }
    if (address.startsWith(LIVE_SITE_PREFIX) || address.startsWith(ENGINE_SITE_PREFIX)
        || address.startsWith(ENGINE_FLOWS_PREFIX)) {
      return Scope.CLUSTER;
    }
    throw new IllegalArgumentException("no scope declared for event-bus address " + address);
  }

  /** Registers a consumer of the address, local to this node when its {@link #scope} is {@link Scope#NODE}. */
  public static <T> MessageConsumer<T> consumer(EventBus bus, String address, Handler<Message<T>> handler) {
    return scope(address) == Scope.NODE ? bus.localConsumer(address, handler) : bus.consumer(address, handler);
  }

  /**
   * Live state of one site, published by its engine at most every push interval while something changed.
   * Payload: JSON {@code {"type":"occupancy","site":id,"watermark":epochMs,"zones":{zoneId:devices,..},
   * "totals":{"devices":n,"estimatedDevices":n,"estimatedPeople":x,"calibrationFactor":x},"counters":{..},
   * "estimates":{zoneId:{"estimatedDevices":n,"low":n,"high":n,"randomMacs":n,"estimatedPeople":x},..},
   * "stores":{zoneId:{"visitors":n,"passersBy":n,"captureRate":r},..}}}; {@code stores} holds today's figures (since
   * local midnight, shoppers only) per store and, under the key {@code ""}, for the whole site; captureRate is null
   * before the first visitor or passer-by. The web server turns it into WebSocket snapshots and updates.
   * Alert changes travel here too, as the JSON documented on {@link #STORE_ALERTS} ({@code "type":"alert"}); the
   * web server forwards them to every WebSocket of the site as they come.
   */
  public static String liveSite(String siteId) {
    return LIVE_SITE_PREFIX + siteId;
  }

  /**
   * Cluster nodes only: the sighting batches of one site, sent by every node's
   * {@link io.footfall.cluster.SightingForwarder} to the one node whose engine runs the site (a clustered consumer
   * exists only there). Payload: a {@link io.footfall.wire.SightingBatch} encoded by
   * {@link io.footfall.cluster.SightingBatchCodec}; a request is answered with an empty reply once the engine took
   * the batch.
   */
  public static String engineSite(String siteId) {
    return ENGINE_SITE_PREFIX + siteId;
  }

  /**
   * The live flows of one site, request/reply, from the web server to the site's engine (wherever in the cluster it
   * runs). Request JSON {@code {"minutes":n}} (1-60); reply {@code {"watermark":epochMs|null,"cells":[{"from":zone,
   * "to":zone,"transitions":n},..]}}: the zone-to-zone transitions ({@code "outside"} for arrivals and departures)
   * in the last {@code n} minutes of event time up to the watermark, per minute, not yet stored (the stored flows
   * are hourly), most first, without k-anonymity (the web server applies it).
   */
  public static String engineFlows(String siteId) {
    return ENGINE_FLOWS_PREFIX + siteId;
  }
}
