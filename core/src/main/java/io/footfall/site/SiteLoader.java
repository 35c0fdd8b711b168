package io.footfall.site;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.footfall.wire.DeviceKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a site file (YAML or JSON) and checks it, reporting every problem at once with the field that has it.
 * The file format is documented in {@code docs/sites.md}.
 */
public final class SiteLoader {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");
  private static final Pattern DEVICE_ID = Pattern.compile("[0-9a-f]{16}");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  private SiteLoader() {
  }

  /** Loads a site file from disk. */
  public static Site load(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in, file.toString());
    } catch (IOException e) {
      throw new InvalidSiteException(file + ": cannot read: " + e.getMessage());
    }
  }

  /** Loads a site file from the classpath, such as {@code sites/demo-mall.yaml} inside the jar. */
  public static Site loadResource(String resource) {
    try (InputStream in = SiteLoader.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new InvalidSiteException(resource + ": not found on the classpath");
      }
      return parse(in, resource);
    } catch (IOException e) {
      throw new InvalidSiteException(resource + ": cannot read: " + e.getMessage());
    }
  }

  static Site parse(InputStream in, String source) throws IOException {
    JsonNode root;
    try {
      root = YAML.readTree(in);
    } catch (JsonProcessingException e) {
      throw new InvalidSiteException(source + ": line " + e.getLocation().getLineNr() + ": " + e.getOriginalMessage());
    }
    Checker check = new Checker(source);
    if (root == null || !root.isObject()) {
      throw new InvalidSiteException(source + ": the file must hold one site object");
    }
    String id = check.id(root, "id");
    String name = check.text(root, "name", id);
    String timezone = check.text(root, "timezone", "UTC");
    try {
      java.time.ZoneId.of(timezone);
    } catch (RuntimeException e) {
      check.problem("timezone", "unknown time zone '" + timezone + "'");
    }

    List<Floor> floors = new ArrayList<>();
    Set<String> floorIds = new HashSet<>();
    for (JsonNode f : check.array(root, "floors")) {
      String at = "floors[" + floors.size() + "]";
      String fid = check.id(f, at + ".id");
      if (!floorIds.add(fid)) {
        check.problem(at + ".id", "duplicate floor id '" + fid + "'");
      }
      floors.add(new Floor(fid, check.text(f, at + ".name", fid), f.path("level").asInt(floors.size()),
          check.positive(f, at + ".width"), check.positive(f, at + ".height")));
    }

    List<Zone> zones = new ArrayList<>();
    Set<String> zoneIds = new HashSet<>();
    for (JsonNode z : check.array(root, "zones")) {
      String at = "zones[" + zones.size() + "]";
      String zid = check.id(z, at + ".id");
      if (!zoneIds.add(zid)) {
        check.problem(at + ".id", "duplicate zone id '" + zid + "'");
      }
      ZoneKind kind = ZoneKind.CORRIDOR;
      try {
        kind = ZoneKind.fromToken(check.text(z, at + ".kind", "corridor"));
      } catch (IllegalArgumentException e) {
        check.problem(at + ".kind", e.getMessage());
      }
      String floor = check.text(z, at + ".floor", "");
      if (!floorIds.contains(floor)) {
        check.problem(at + ".floor", "no floor '" + floor + "'");
      }
      List<Point> polygon = new ArrayList<>();
      for (JsonNode p : z.path("polygon")) {
        if (p.size() != 2 || !p.get(0).isNumber() || !p.get(1).isNumber()) {
          check.problem(at + ".polygon", "each point must be [x, y] in metres");
        } else {
          polygon.add(new Point(p.get(0).asDouble(), p.get(1).asDouble()));
        }
      }
      if (polygon.size() < 3) {
        check.problem(at + ".polygon", "needs at least 3 points");
      }
      int capacity = z.path("capacity").asInt(0);
      if (capacity <= 0) {
        check.problem(at + ".capacity", "must be a positive number of people");
      }
      String frontage = z.hasNonNull("frontage") ? z.get("frontage").asText() : null;
      long stayMs = kind.typicalStayMs();
      if (z.has("typicalStaySeconds")) {
        double seconds = z.get("typicalStaySeconds").asDouble(-1);
        if (!z.get("typicalStaySeconds").isNumber() || seconds < 1 || seconds > 86_400) {
          check.problem(at + ".typicalStaySeconds", "must be a number of seconds within 1..86400");
        } else {
          stayMs = Math.round(seconds * 1000);
        }
      }
      String category = null;
      if (z.hasNonNull("category")) {
        category = z.get("category").asText().trim().toLowerCase(java.util.Locale.ROOT);
        if (!category.matches("[a-z0-9][a-z0-9 &_-]{0,39}")) {
          check.problem(at + ".category", "must be 1-40 letters, digits, spaces or &_-");
        }
      }
      zones.add(new Zone(zones.size(), zid, check.text(z, at + ".name", zid), kind, floor, capacity,
          List.copyOf(polygon), frontage, stayMs, category));
    }
    for (Zone z : zones) {
      if (z.frontage() != null && !zoneIds.contains(z.frontage())) {
        check.problem("zones[" + z.index() + "].frontage", "no zone '" + z.frontage() + "'");
      }
    }

    List<SensorSpec> sensors = new ArrayList<>();
    Set<String> sensorIds = new HashSet<>();
    Set<String> apMacs = new HashSet<>();
    for (JsonNode s : check.array(root, "sensors")) {
      String at = "sensors[" + sensors.size() + "]";
      String sid = check.id(s, at + ".id");
      if (!sensorIds.add(sid)) {
        check.problem(at + ".id", "duplicate sensor id '" + sid + "'");
      }
      String floor = check.text(s, at + ".floor", "");
      if (!floorIds.contains(floor)) {
        check.problem(at + ".floor", "no floor '" + floor + "'");
      }
      String zone = check.text(s, at + ".zone", "");
      if (!zoneIds.contains(zone)) {
        check.problem(at + ".zone", "no zone '" + zone + "'");
      }
      String secret = s.hasNonNull("secret") ? s.get("secret").asText() : null;
      if (secret != null && !SensorSecrets.isHash(secret)) {
        check.problem(at + ".secret", "must be a hash made by `footfall hash-secret`, never a plain password");
      }
      String apMac = merakiApMac(s, at, check, apMacs);
      sensors.add(new SensorSpec(sensors.size(), sid, floor, s.path("x").asDouble(), s.path("y").asDouble(), zone, secret,
          apMac, rssiFloor(s, at, check)));
    }
    if (zones.isEmpty()) {
      check.problem("zones", "a site needs at least one zone");
    }
    PeopleModel people = people(root.get("people"), check);
    FixedDeviceSpec fixed = fixedDevices(root.get("fixedDevices"), check);
    check.throwIfAny();
    return new Site(id, name, timezone, floors, zones, sensors, people, fixed);
  }

  /**
   * A sensor's optional {@code rssiFloorDbm}: a sensor that hears the corridor or the next room at strengths the
   * room's own phones never have can ignore them, while the others keep the engine's floor.
   */
  private static Integer rssiFloor(JsonNode sensor, String at, Checker check) {
    JsonNode v = sensor.get("rssiFloorDbm");
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber() || v.asInt() < -127 || v.asInt() > 0) {
      check.problem(at + ".rssiFloorDbm", "must be a whole number of dBm within -127..0, got '" + v.asText() + "'");
      return null;
    }
    return v.asInt();
  }

  /**
   * The optional {@code fixedDevices: {devices: [id, ...], detectAfterMinutes: N}}: devices that are not people,
   * listed by their ids, and how long a vendor address is heard before it is found fixed (0, the default: never).
   */
  private static FixedDeviceSpec fixedDevices(JsonNode node, Checker check) {
    if (node == null || node.isNull()) {
      return FixedDeviceSpec.DEFAULT;
    }
    if (!node.isObject()) {
      check.problem("fixedDevices", "must be {devices: [16-hex-digit device ids], detectAfterMinutes: minutes}");
      return FixedDeviceSpec.DEFAULT;
    }
    List<Long> ids = new ArrayList<>();
    JsonNode list = node.path("devices");
    if (!list.isMissingNode() && !list.isArray()) {
      check.problem("fixedDevices.devices", "must be a list of device ids");
    }
    for (JsonNode d : list.isArray() ? list : List.<JsonNode>of()) {
      String text = d.asText("").strip().toLowerCase(Locale.ROOT);
      if (!DEVICE_ID.matcher(text).matches()) {
        check.problem("fixedDevices.devices[" + ids.size() + "]", "must be a device id of 16 hex digits as the"
            + " sensors send it (footfall opt-out --key-file KEYS --mac MAC --file FILE writes them), got '"
            + d.asText() + "'");
        continue;
      }
      ids.add(DeviceKeys.of(text));
    }
    long detectAfterMs = FixedDeviceSpec.DEFAULT.detectAfterMs();
    JsonNode minutes = node.get("detectAfterMinutes");
    if (minutes != null && !minutes.isNull()) {
      if (!minutes.isNumber() || minutes.asDouble() < 0 || minutes.asDouble() > 7 * 24 * 60) {
        check.problem("fixedDevices.detectAfterMinutes", "must be a number of minutes within 0..10080 (0: never)");
      } else {
        detectAfterMs = Math.round(minutes.asDouble() * 60_000);
      }
    }
    return new FixedDeviceSpec(ids.stream().mapToLong(Long::longValue).toArray(), detectAfterMs);
  }

  /**
   * The optional {@code people: {backgroundDevices, exponent}}: how the site's estimated devices turn into people
   * before the calibration factor (docs/estimation.md); the plain factor without it.
   */
  private static PeopleModel people(JsonNode node, Checker check) {
    if (node == null || node.isNull()) {
      return PeopleModel.LINEAR;
    }
    JsonNode background = node.path("backgroundDevices");
    JsonNode exponent = node.path("exponent");
    if (!node.isObject() || !background.isMissingNode() && !background.isNumber()
        || !exponent.isMissingNode() && !exponent.isNumber()) {
      check.problem("people", "must be {backgroundDevices: number >= 0, exponent: number in (0, 1]}");
      return PeopleModel.LINEAR;
    }
    try {
      return new PeopleModel(background.asDouble(0), exponent.asDouble(1));
    } catch (IllegalArgumentException e) {
      check.problem("people", e.getMessage());
      return PeopleModel.LINEAR;
    }
  }

  /** The optional {@code merakiApMac} of a sensor, normalised to lowercase {@code aa:bb:cc:dd:ee:ff}. */
  private static String merakiApMac(JsonNode sensor, String at, Checker check, Set<String> seen) {
    JsonNode v = sensor.get("merakiApMac");
    if (v == null || v.isNull()) {
      return null;
    }
    String mac = v.asText().strip().toLowerCase(Locale.ROOT).replace('-', ':');
    if (!MAC.matcher(mac).matches()) {
      check.problem(at + ".merakiApMac", "must be a MAC address such as 00:18:0a:13:dd:b0, got '" + v.asText() + "'");
    } else if (!seen.add(mac)) {
      check.problem(at + ".merakiApMac", "access point " + mac + " already stands for another sensor");
    }
    return mac;
  }

  /** Collects problems so that an operator sees all of them in one run. */
  private static final class Checker {
    private final String source;
    private final List<String> problems = new ArrayList<>();

    Checker(String source) {
      this.source = source;
    }

    void problem(String field, String message) {
      problems.add(field + ": " + message);
    }

    String id(JsonNode node, String field) {
      String value = node.path(leaf(field)).asText("");
      if (!ID.matcher(value).matches()) {
        problem(field, "must be 1-64 letters, digits, '.', '_' or '-', got '" + value + "'");
      }
      return value;
    }

    String text(JsonNode node, String field, String fallback) {
      JsonNode v = node.get(leaf(field));
      return v == null || v.isNull() ? fallback : v.asText();
    }

    double positive(JsonNode node, String field) {
      double v = node.path(leaf(field)).asDouble(0);
      if (v <= 0) {
        problem(field, "must be a positive number of metres");
      }
      return v;
    }

    Iterable<JsonNode> array(JsonNode node, String field) {
      JsonNode v = node.get(field);
      if (v == null || !v.isArray()) {
        problem(field, "must be a list");
        return List.of();
      }
      return v;
    }

    void throwIfAny() {
      if (!problems.isEmpty()) {
        throw new InvalidSiteException(source + ": " + problems.size() + " problem(s):\n  " + String.join("\n  ", problems));
      }
    }

    private static String leaf(String field) {
      return field.substring(field.lastIndexOf('.') + 1);
    }
  }
}
