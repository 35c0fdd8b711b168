package io.footfall.live;

import io.footfall.site.Site;
import io.footfall.site.Zone;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live occupancy of one site. Consumes the engine's {@code live.site.*} messages, keeps the latest one, and
 * in coalesced push rounds (at most one per push interval, only after a message) sends the site's WebSockets
 * one {@code update} frame with the zones that changed since the previous round. A socket whose write queue is
 * full misses that frame and gets a full {@code snapshot} in a later round instead of unbounded buffering.
 * Confined to the event loop of the verticle that owns it.
 */
final class LiveHub {

  private static final Logger LOG = LoggerFactory.getLogger(LiveHub.class);

  private final Vertx vertx;
  private final Site site;
  private final long pushIntervalMs;
  private final LiveCounters counters;
  private final List<Zone> zones;
  private final Map<ServerWebSocket, Client> clients = new LinkedHashMap<>();

  private final int[] latest;
  private Long latestWatermark;
  private JsonObject latestStores;
  private int latestTotal;
  /** The engine's estimates (random MACs linked into devices, estimated people), passed through as they came. */
  private JsonObject latestEstimates = new JsonObject();
  private JsonObject latestSensors = new JsonObject();
  private JsonObject latestTotals = new JsonObject().put("devices", 0);

  private final int[] pushed;
  private Long pushedWatermark;
  private int pushedTotal;

  private long timer = -1;
  private long lastRoundAt;

  /**
   * Per-socket state: the zones it may see (null: all of them) and whether it missed a frame and so needs the
   * whole picture again.
   */
  private static final class Client {
    final Predicate<String> zones;
    boolean needsSnapshot;

    Client(Predicate<String> zones) {
      this.zones = zones;
    }
  }

  LiveHub(Vertx vertx, Site site, long pushIntervalMs, LiveCounters counters) {
    this.vertx = vertx;
    this.site = site;
    this.pushIntervalMs = pushIntervalMs;
    this.counters = counters;
    this.zones = site.zones();
    this.latest = new int[zones.size()];
    this.pushed = new int[zones.size()];
  }

  Site site() {
    return site;
  }

  /** The engine's view of a sensor's clock (lead, correction, refused and late sightings), or null before any. */
  JsonObject sensorClock(String sensor) {
    return latestSensors.getJsonObject(sensor);
  }

  /** Takes an engine message; zones it leaves out have no devices, zone ids this site lacks are ignored. */
  void accept(JsonObject message) {
    counters.messages.incrementAndGet();
    String type = message.getString("type");
    if ("alert".equals(type)) {
      broadcast(message);
      return;
    }
    int sum = readZones(message);
    if ("zones".equals(type)) {
      // the live view between two full frames: the estimates and the rest stay as the last full frame said them, and
      // so does the watermark, which tells a client that everything up to it (alerts included) was judged
      latestTotal = message.getInteger("devices", sum);
      latestTotals = latestTotals.copy().put("devices", latestTotal);
      scheduleRound();
      return;
    }
    latestWatermark = message.getLong("watermark");
    latestStores = message.getJsonObject("stores");
    latestTotal = message.getJsonObject("totals", new JsonObject()).getInteger("devices", sum);
    latestTotals = message.getJsonObject("totals", new JsonObject()).copy().put("devices", latestTotal);
    latestEstimates = message.getJsonObject("estimates", new JsonObject());
    latestSensors = message.getJsonObject("sensors", latestSensors);
    LOG.debug("live message [site: {}, watermark: {}, devices: {}]", site.id(), latestWatermark, latestTotal);
    scheduleRound();
  }

  /** Takes the devices per zone of an engine's frame; returns their sum. */
  private int readZones(JsonObject message) {
    JsonObject given = message.getJsonObject("zones", new JsonObject());
    Arrays.fill(latest, 0);
    int sum = 0;
    for (Map.Entry<String, Object> entry : given) {
      Zone zone = site.zone(entry.getKey()).orElse(null);
      if (zone != null && entry.getValue() instanceof Number devices) {
        latest[zone.index()] = Math.max(0, devices.intValue());
        sum += latest[zone.index()];
      }
    }
    return sum;
  }

  /**
   * An alert frame goes to every socket at once: alerts are rare and must not wait for a round. A store manager's
   * socket gets only the alerts of its own zones.
   */
  private void broadcast(JsonObject alert) {
    String frame = alert.encode();
    String subject = alert.getString("subject", "");
    for (Map.Entry<ServerWebSocket, Client> entry : clients.entrySet()) {
      ServerWebSocket socket = entry.getKey();
      Predicate<String> zones = entry.getValue().zones;
      if ((zones == null || zones.test(subject)) && !socket.isClosed() && !socket.writeQueueFull()) {
        socket.writeTextMessage(frame);
        counters.frames.incrementAndGet();
      }
    }
  }

  /**
   * Adds a browser: it gets a snapshot now and updates from the next round on.
   *
   * @param visible the zones it may see, or null for all; it never gets another zone's count nor a site total
   *                that includes one (its totals are the sum of its zones)
   */
  void join(ServerWebSocket socket, Predicate<String> visible) {
    clients.put(socket, new Client(visible));
    counters.sockets.incrementAndGet();
    socket.writeTextMessage(filtered(snapshotFrame(), visible).encode());
    counters.frames.incrementAndGet();
  }

  /** Forgets a closed socket. */
  void leave(ServerWebSocket socket) {
    if (clients.remove(socket) != null) {
      counters.sockets.decrementAndGet();
    }
  }

  /** The REST view of the latest message: every visible zone with its devices, capacity and fill ratio. */
  JsonObject occupancy(Predicate<String> visible) {
    JsonArray list = new JsonArray();
    for (Zone zone : zones) {
      if (!visible.test(zone.id())) {
        continue;
      }
      int devices = latest[zone.index()];
      JsonObject entry = new JsonObject()
          .put("id", zone.id())
          .put("devices", devices)
          .put("capacity", zone.capacity())
          .put("ratio", Math.round(devices * 1000.0 / zone.capacity()) / 1000.0);
      if (latestEstimates.containsKey(zone.id())) {
        entry.put("estimate", latestEstimates.getJsonObject(zone.id()));
      }
      list.add(entry);
    }
    return new JsonObject()
        .put("site", site.id())
        .put("watermark", latestWatermark)
        .put("updatedAt", latestWatermark == null ? null : Instant.ofEpochMilli(latestWatermark).toString())
        .put("zones", list)
        .put("totals", list.size() == zones.size() ? latestTotals.copy() : visibleTotals(visible));
  }

  private void scheduleRound() {
    if (timer >= 0) {
      return;
    }
    long wait = Math.max(1, lastRoundAt + pushIntervalMs - System.currentTimeMillis());
    timer = vertx.setTimer(wait, id -> round());
  }

  private void round() {
    timer = -1;
    lastRoundAt = System.currentTimeMillis();
    // counted first so that whoever sees this round's frames also sees the round counted
    counters.rounds.incrementAndGet();
    String update = changed() ? frame("update", changedZones()).encode() : null;
    String snapshot = null;
    boolean someoneMissed = false;
    for (Map.Entry<ServerWebSocket, Client> entry : clients.entrySet()) {
      Client client = entry.getValue();
      if (client.needsSnapshot && snapshot == null) {
        snapshot = snapshotFrame().encode();
      }
      String text = client.needsSnapshot ? snapshot : update;
      if (text == null) {
        continue;
      }
      if (client.zones != null) {
        // sent even without a visible change: the watermark moving on tells the page its data is current
        text = filtered(new JsonObject(text), client.zones).encode();
      }
      ServerWebSocket socket = entry.getKey();
      if (socket.isClosed()) {
        // gone between its close and the close handler that removes it
        continue;
      }
      if (socket.writeQueueFull()) {
        client.needsSnapshot = true;
        someoneMissed = true;
        counters.skipped.incrementAndGet();
        LOG.debug("skipping slow websocket [site: {}, remote: {}]", site.id(), socket.remoteAddress());
        continue;
      }
      socket.writeTextMessage(text);
      client.needsSnapshot = false;
      counters.frames.incrementAndGet();
    }
    System.arraycopy(latest, 0, pushed, 0, latest.length);
    pushedWatermark = latestWatermark;
    pushedTotal = latestTotal;
    if (someoneMissed) {
      scheduleRound();
    }
  }

  private boolean changed() {
    return !Arrays.equals(latest, pushed) || latestTotal != pushedTotal
        || !Objects.equals(latestWatermark, pushedWatermark);
  }

  private JsonObject changedZones() {
    JsonObject changed = new JsonObject();
    for (Zone zone : zones) {
      if (latest[zone.index()] != pushed[zone.index()]) {
        changed.put(zone.id(), latest[zone.index()]);
      }
    }
    return changed;
  }

  private JsonObject snapshotFrame() {
    JsonObject all = new JsonObject();
    for (Zone zone : zones) {
      all.put(zone.id(), latest[zone.index()]);
    }
    return frame("snapshot", all);
  }

  /**
   * The frame with only the visible zones — counts, estimates and store figures — and totals made of those zones
   * alone, so that a store manager never learns the rest of the mall from a sum.
   */
  private JsonObject filtered(JsonObject frame, Predicate<String> visible) {
    if (visible == null) {
      return frame;
    }
    JsonObject result = frame.copy()
        .put("zones", only(frame.getJsonObject("zones"), visible))
        .put("totals", visibleTotals(visible));
    for (String key : List.of("estimates", "stores")) {
      if (frame.containsKey(key)) {
        result.put(key, only(frame.getJsonObject(key), visible));
      }
    }
    return result;
  }

  private static JsonObject only(JsonObject byZone, Predicate<String> visible) {
    JsonObject kept = new JsonObject();
    for (Map.Entry<String, Object> entry : byZone) {
      if (!entry.getKey().isEmpty() && visible.test(entry.getKey())) {
        kept.put(entry.getKey(), entry.getValue());
      }
    }
    return kept;
  }

  /** Devices and, where the engine estimates them, people, summed over the visible zones only. */
  private JsonObject visibleTotals(Predicate<String> visible) {
    int devices = 0;
    double people = 0;
    boolean estimated = false;
    for (Zone zone : zones) {
      if (!visible.test(zone.id())) {
        continue;
      }
      devices += latest[zone.index()];
      JsonObject estimate = latestEstimates.getJsonObject(zone.id());
      if (estimate != null && estimate.getValue("estimatedPeople") instanceof Number p) {
        people += p.doubleValue();
        estimated = true;
      }
    }
    JsonObject totals = new JsonObject().put("devices", devices);
    return estimated ? totals.put("estimatedPeople", Math.round(people * 10) / 10.0) : totals;
  }

  /** Today's store figures ride along as the engine sent them, when it sent any. */
  private JsonObject frame(String type, JsonObject zoneDevices) {
    JsonObject frame = new JsonObject()
        .put("type", type)
        .put("site", site.id())
        .put("watermark", latestWatermark)
        .put("zones", zoneDevices)
        .put("totals", latestTotals.copy().put("devices", latestTotal));
    if (!latestEstimates.isEmpty()) {
      frame.put("estimates", latestEstimates);
    }
    return latestStores == null ? frame : frame.put("stores", latestStores);
  }
}
