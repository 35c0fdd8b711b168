package io.footfall.site;

/**
 * A WiFi sensor installed in the mall.
 *
 * @param index  dense position in {@link Site#sensors()}, used by the analytics as an array index
 * @param zone   the zone the sensor is mounted in and mainly covers
 * @param secret salted password hash ({@link SensorSecrets}); null means the sensor may only connect in demo mode
 * @param merakiApMac MAC address of the Meraki access point that stands for this sensor (lowercase, colon
 *                    separated), or null when it is not one
 * @param rssiFloorDbm sightings this sensor hears weaker than this are ignored as weak; null for the engine's
 *                     {@code engine.rssiFloorDbm}
 */
public record SensorSpec(int index, String id, String floor, double x, double y, String zone, String secret,
                         String merakiApMac, Integer rssiFloorDbm) {

  /** A sensor with the engine's RSSI floor. */
  public SensorSpec(int index, String id, String floor, double x, double y, String zone, String secret,
                    String merakiApMac) {
    this(index, id, floor, x, y, zone, secret, merakiApMac, null);
  }

  /** A footfall sensor that is not a Meraki access point. */
  public SensorSpec(int index, String id, String floor, double x, double y, String zone, String secret) {
    this(index, id, floor, x, y, zone, secret, null);
  }

  public Point position() {
    return new Point(x, y);
  }
}
