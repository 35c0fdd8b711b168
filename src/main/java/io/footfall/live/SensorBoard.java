package io.footfall.live;

import io.footfall.bus.Addresses;
import io.footfall.fault.ClientFault;
import io.footfall.site.SensorSpec;
import io.footfall.site.Site;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Sensor health for the control room. Consumes the ingest's {@link Addresses#INGEST_SENSORS} presence events,
 * keeps the latest one per sensor of a known site (so memory is bounded by the site files) and serves
 * {@code GET /api/sites/{site}/sensors}: every sensor of the site with {@code online} (null until the node has
 * heard of it), {@code lastEventAt}, the last status the sensor published and what this node's ingest counted for
 * it ({@code counters}: batches, sightings, rejected by reason, last reason; null if it never published here), and
 * its clock as the site's engine judges it ({@code clock}: {@code state} ok or wrong, {@code leadMs},
 * {@code correctionMs}, {@code refusedAhead}, {@code late}; null before the engine's first update). Confined to the web server's
 * event loop.
 */
final class SensorBoard {

  private final Map<String, LiveHub> hubs;
  private final Function<String, JsonObject> counters;
  private final Map<String, JsonObject> latest = new HashMap<>();

  /** @param counters what the ingest counted for a sensor ({@code site/sensor}), or null if nothing */
  SensorBoard(Vertx vertx, Map<String, LiveHub> hubs, Function<String, JsonObject> counters) {
    this.hubs = hubs;
    this.counters = counters;
    vertx.eventBus().<JsonObject>consumer(Addresses.INGEST_SENSORS, message -> accept(message.body()));
  }

  void mount(Router router) {
    router.get("/api/sites/:site/sensors").handler(this::sensors);
  }

  private void accept(JsonObject event) {
    String site = event.getString("site");
    String sensor = event.getString("sensor");
    LiveHub hub = site == null ? null : hubs.get(site);
    if (hub == null || sensor == null || hub.site().sensors().stream().noneMatch(s -> s.id().equals(sensor))) {
      return;
    }
    JsonObject previous = latest.get(site + "/" + sensor);
    JsonObject status = event.getJsonObject("status", previous == null ? null : previous.getJsonObject("status"));
    if (!event.containsKey("status") && status != null && Boolean.FALSE.equals(event.getBoolean("online"))) {
      // gone without a last word (a clean DISCONNECT with no offline status): the last status it sent said online
      status = status.copy().put("state", "offline");
    }
    latest.put(site + "/" + sensor, event.copy().put("status", status));
  }

  private void sensors(RoutingContext ctx) {
    String id = ctx.pathParam("site");
    LiveHub hub = hubs.get(id);
    if (hub == null) {
      throw ClientFault.notFound("no site '" + id + "'");
    }
    Site site = hub.site();
    JsonArray list = new JsonArray();
    for (SensorSpec sensor : site.sensors()) {
      JsonObject event = latest.get(site.id() + "/" + sensor.id());
      Long at = event == null ? null : event.getLong("at");
      list.add(new JsonObject()
          .put("id", sensor.id())
          .put("floor", sensor.floor())
          .put("zone", sensor.zone())
          .put("online", event == null ? null : event.getBoolean("online"))
          .put("lastEventAt", at == null ? null : Instant.ofEpochMilli(at).toString())
          .put("status", event == null ? null : event.getJsonObject("status"))
          .put("counters", counters.apply(site.id() + "/" + sensor.id()))
          .put("clock", hub.sensorClock(sensor.id())));
    }
    SiteRoutes.json(ctx, 200, new JsonObject().put("site", site.id()).put("sensors", list).encode());
  }
}
