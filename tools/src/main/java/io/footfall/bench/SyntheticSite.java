package io.footfall.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.footfall.site.SensorSecrets;
import io.footfall.site.Site;
import io.footfall.site.SiteLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A site generated for a load: {@code loadSensors} sensors two to a zone on a grid of square zones, plus
 * {@value #PROBE_ZONES} probe zones ({@code probe-0}...) with one sensor each ({@code p-0}...) that only the latency
 * probe device visits.
 * Sensors carry no secret, so they connect with the demo password to a node started in demo mode. Written as a
 * site file so the node loads it exactly like an operator's.
 */
final class SyntheticSite {

  static final String ID = "bench-mall";
  static final int PROBE_ZONES = 8;
  static final int SENSORS_PER_ZONE = 2;
  private static final double CELL = 20;

  private SyntheticSite() {
  }

  /** Id of load sensor {@code i}; their site indexes are 0..loadSensors-1, the probe sensors follow. */
  static String loadSensorId(int i) {
    return String.format("b-%05d", i);
  }

  static String probeSensorId(int probeZone) {
    return "p-" + probeZone;
  }

  static String probeZoneId(int probeZone) {
    return "probe-" + probeZone;
  }

  /** Writes the site file into {@code dir} and loads it back, so the model is exactly what the node will load. */
  static Site write(Path dir, int loadSensors) {
    return write(dir, loadSensors, null);
  }

  /** The same, every sensor with a hash of {@code password} as its secret (null: demo sensors, no secret). */
  static Site write(Path dir, int loadSensors, String password) {
    Path file = dir.resolve(ID + ".yaml");
    String secret = password == null ? null : SensorSecrets.hash(password);
    try {
      new ObjectMapper(new YAMLFactory()).writeValue(file.toFile(), tree(loadSensors, secret));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the bench site to " + file, e);
    }
    return SiteLoader.load(file);
  }

  static Path file(Path dir) {
    return dir.resolve(ID + ".yaml");
  }

  private static Map<String, Object> tree(int loadSensors, String secret) {
    int loadZones = (loadSensors + SENSORS_PER_ZONE - 1) / SENSORS_PER_ZONE;
    int columns = (int) Math.ceil(Math.sqrt(loadZones + (double) PROBE_ZONES));
    List<Object> zones = new ArrayList<>();
    for (int z = 0; z < loadZones; z++) {
      zones.add(zone(String.format("z-%05d", z), z, columns));
    }
    for (int p = 0; p < PROBE_ZONES; p++) {
      zones.add(zone(probeZoneId(p), loadZones + p, columns));
    }
    List<Object> sensors = new ArrayList<>();
    for (int s = 0; s < loadSensors; s++) {
      int z = s / SENSORS_PER_ZONE;
      sensors.add(sensor(loadSensorId(s), String.format("z-%05d", z), z, columns, secret));
    }
    for (int p = 0; p < PROBE_ZONES; p++) {
      sensors.add(sensor(probeSensorId(p), probeZoneId(p), loadZones + p, columns, secret));
    }
    double side = columns * CELL;
    Map<String, Object> site = new LinkedHashMap<>();
    site.put("id", ID);
    site.put("name", "Benchmark mall (" + loadSensors + " sensors)");
    site.put("timezone", "UTC");
    site.put("floors", List.of(Map.of("id", "G", "name", "Ground floor", "level", 0, "width", side, "height", side)));
    site.put("zones", zones);
    site.put("sensors", sensors);
    return site;
  }

  private static Map<String, Object> zone(String id, int cell, int columns) {
    double x = (cell % columns) * CELL;
    double y = (cell / columns) * CELL;
    Map<String, Object> zone = new LinkedHashMap<>();
    zone.put("id", id);
    zone.put("kind", "corridor");
    zone.put("floor", "G");
    zone.put("capacity", 500);
    zone.put("polygon", List.of(List.of(x, y), List.of(x + CELL, y), List.of(x + CELL, y + CELL), List.of(x, y + CELL)));
    return zone;
  }

  private static Map<String, Object> sensor(String id, String zone, int cell, int columns, String secret) {
    Map<String, Object> sensor = new LinkedHashMap<>();
    sensor.put("id", id);
    sensor.put("floor", "G");
    sensor.put("x", (cell % columns) * CELL + CELL / 2);
    sensor.put("y", (cell / columns) * CELL + CELL / 2);
    sensor.put("zone", zone);
    if (secret != null) {
      sensor.put("secret", secret);
    }
    return sensor;
  }
}
