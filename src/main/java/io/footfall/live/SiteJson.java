package io.footfall.live;

import io.footfall.site.Floor;
import io.footfall.site.Point;
import io.footfall.site.SensorSpec;
import io.footfall.site.Site;
import io.footfall.site.Zone;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.function.Predicate;

/** The API's view of a site. Sensor secrets are deliberately never part of it. */
final class SiteJson {

  private SiteJson() {
  }

  static JsonObject summary(Site site) {
    return new JsonObject()
        .put("id", site.id())
        .put("name", site.name())
        .put("timezone", site.timezone())
        .put("zones", site.zones().size())
        .put("sensors", site.sensors().size());
  }

  /** The site with only the zones (and the sensors in them) that {@code visible} lets through. */
  static JsonObject detail(Site site, Predicate<String> visible) {
    JsonArray floors = new JsonArray();
    site.floors().forEach(f -> floors.add(floor(f)));
    JsonArray zones = new JsonArray();
    site.zones().stream().filter(z -> visible.test(z.id())).forEach(z -> zones.add(zone(z)));
    JsonArray sensors = new JsonArray();
    site.sensors().stream().filter(s -> visible.test(s.zone())).forEach(s -> sensors.add(sensor(s)));
    return new JsonObject()
        .put("id", site.id())
        .put("name", site.name())
        .put("timezone", site.timezone())
        .put("floors", floors)
        .put("zones", zones)
        .put("sensors", sensors);
  }

  private static JsonObject floor(Floor floor) {
    return new JsonObject()
        .put("id", floor.id())
        .put("name", floor.name())
        .put("level", floor.level())
        .put("width", floor.width())
        .put("height", floor.height());
  }

  private static JsonObject zone(Zone zone) {
    JsonArray polygon = new JsonArray();
    for (Point p : zone.polygon()) {
      polygon.add(new JsonArray().add(p.x()).add(p.y()));
    }
    return new JsonObject()
        .put("id", zone.id())
        .put("name", zone.name())
        .put("kind", zone.kind().token())
        .put("floor", zone.floor())
        .put("capacity", zone.capacity())
        .put("polygon", polygon)
        .put("frontage", zone.frontage());
  }

  private static JsonObject sensor(SensorSpec sensor) {
    return new JsonObject()
        .put("id", sensor.id())
        .put("floor", sensor.floor())
        .put("x", sensor.x())
        .put("y", sensor.y())
        .put("zone", sensor.zone());
  }
}
