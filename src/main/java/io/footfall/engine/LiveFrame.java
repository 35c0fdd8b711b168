package io.footfall.engine;

import io.footfall.analytics.AnalyticsCounters;
import io.footfall.analytics.DeviceEstimate;
import io.footfall.analytics.SensorClock;
import io.footfall.analytics.SiteAnalytics;
import io.footfall.analytics.SiteMetrics;
import io.footfall.analytics.StoreVisits;
import io.footfall.site.PeopleModel;
import io.footfall.site.Site;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Builds the JSON frame of a site's live state that the engine publishes on {@code live.site.<id>} and the
 * WebSocket pushes to the dashboards (docs/web.md documents its fields). Kept apart from the engine so that the
 * verticle only decides when to publish.
 */
final class LiveFrame {

  private LiveFrame() {
  }

  /**
   * The site's live frame: occupancy, device and people estimates, counters, today's store figures and the sensors'
   * clocks. {@code factor} and {@code model} are the calibration of the watermark's local hour.
   */
  static JsonObject of(SiteAnalytics analytics, SiteMetrics metrics, double factor, PeopleModel model, long nowWallMs) {
    Site site = analytics.site();
    List<DeviceEstimate> liveEstimate = analytics.liveEstimate();
    JsonObject zones = new JsonObject(new LinkedHashMap<>(site.zones().size() * 2));
    putZones(zones, site, analytics.liveOccupancy());
    AnalyticsCounters c = analytics.counters();
    JsonObject counters = new JsonObject()
        .put("accepted", c.accepted())
        .put("late", c.late())
        .put("amended", c.amended())
        .put("weak", c.weak())
        .put("unresolved", c.unresolved())
        .put("expired", c.expired())
        .put("fixed", analytics.fixedSightings())
        .put("buffered", c.buffered());
    JsonObject estimates = new JsonObject(new LinkedHashMap<>(site.zones().size() * 2));
    int[] fixed = analytics.fixedDevicesPerZone();
    JsonObject totals = new JsonObject().put("devices", analytics.devices())
        .put("fixedDevices", Arrays.stream(fixed).sum());
    for (DeviceEstimate e : liveEstimate) {
      // the API's people for the same devices: the fit of the local hour, with its background and exponent
      double people = Math.round(factor * model.scaled(e.estimatedDevices()) * 10) / 10.0;
      if (e.zone().equals(DeviceEstimate.SITE)) {
        totals.put("estimatedDevices", e.estimatedDevices()).put("estimatedLow", e.low())
            .put("estimatedHigh", e.high()).put("estimatedPeople", people).put("calibrationFactor", factor);
      } else {
        estimates.put(e.zone(), new JsonObject().put("estimatedDevices", e.estimatedDevices()).put("low", e.low())
            .put("high", e.high()).put("randomMacs", e.randomMacs()).put("estimatedPeople", people)
            .put("fixedDevices", site.zone(e.zone()).map(z -> fixed[z.index()]).orElse(0)));
      }
    }
    return new JsonObject()
        .put("type", "occupancy")
        .put("site", site.id())
        .put("watermark", analytics.watermark())
        .put("zones", zones)
        .put("totals", totals)
        .put("estimates", estimates)
        .put("counters", counters)
        .put("stores", stores(metrics.today(analytics.watermark())))
        .put("sensors", sensorClocks(analytics.sensorClocks(), nowWallMs));
  }

  /**
   * The site's live zones only, sent between two full frames as soon as arriving sightings move devices: {@code
   * {"type":"zones","site":id,"watermark":epochMs,"zones":{zoneId:devices,..},"devices":n}}, the devices per zone of
   * the live view ({@link SiteAnalytics#liveOccupancy()}) and the devices present on the site.
   */
  static JsonObject zones(SiteAnalytics analytics) {
    Site site = analytics.site();
    JsonObject zones = new JsonObject(new LinkedHashMap<>(site.zones().size() * 2));
    putZones(zones, site, analytics.liveOccupancy());
    return new JsonObject()
        .put("type", "zones")
        .put("site", site.id())
        .put("watermark", analytics.watermark())
        .put("zones", zones)
        .put("devices", analytics.devices());
  }

  private static void putZones(JsonObject zones, Site site, int[] occupancy) {
    for (int z = 0; z < occupancy.length; z++) {
      zones.put(site.zones().get(z).id(), occupancy[z]);
    }
  }

  private static JsonObject sensorClocks(List<SensorClock> clocks, long now) {
    JsonObject sensors = new JsonObject(new LinkedHashMap<>(clocks.size() * 2));
    for (SensorClock clock : clocks) {
      sensors.put(clock.sensor(), new JsonObject()
          .put("state", clock.wrongAt(now, ClockAlerts.CLOCK_ALERT_MS) ? "wrong" : "ok")
          .put("leadMs", clock.leadMs())
          .put("correctionMs", clock.correctionMs())
          .put("refusedAhead", clock.refusedAhead())
          .put("late", clock.late())
          .put("amended", clock.amended()));
    }
    return sensors;
  }

  private static JsonObject stores(List<StoreVisits.Today> today) {
    JsonObject stores = new JsonObject(new LinkedHashMap<>(today.size() * 2));
    for (StoreVisits.Today store : today) {
      stores.put(store.zone(), new JsonObject()
          .put("visitors", store.visitors())
          .put("fixedAddressVisitors", store.fixedAddressVisitors())
          .put("random", store.random())
          .put("passersBy", store.passersBy())
          .put("captureRate", store.captureRate()));
    }
    return stores;
  }
}
