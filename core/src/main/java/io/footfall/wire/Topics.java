package io.footfall.wire;

/**
 * MQTT topic names of the wire format ({@code docs/wire-format.md}). Every topic starts with
 * {@code footfall/v1/{site}/{sensor}/}.
 */
public final class Topics {

  public static final String PREFIX = "footfall/v1/";

  private Topics() {
  }

  public static String sightings(String site, String sensor) {
    return PREFIX + site + "/" + sensor + "/sightings";
  }

  public static String status(String site, String sensor) {
    return PREFIX + site + "/" + sensor + "/status";
  }

  /**
   * Splits a sensor topic into site, sensor and leaf ({@code sightings} or {@code status}).
   *
   * @return the three parts, or null when the topic is not a footfall sensor topic
   */
  public static String[] parse(String topic) {
    if (topic == null || !topic.startsWith(PREFIX)) {
      return null;
    }
    String[] parts = topic.substring(PREFIX.length()).split("/", -1);
    if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
      return null;
    }
    return parts;
  }
}
