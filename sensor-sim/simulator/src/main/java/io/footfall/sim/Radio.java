package io.footfall.sim;

import io.footfall.site.Point;
import io.footfall.site.SensorSpec;
import io.footfall.site.Site;
import io.footfall.site.Zone;
import io.footfall.site.ZoneKind;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The radio channel from a phone to the sensors: log-distance path loss from a reference power at 1 m, a loss
 * per wall between the phone's zone and the sensor's zone, a loss per floor, log-normal shadowing per burst and
 * sensor, a little fading per frame, and the phone's own offset. A sensor hears a frame at or above its noise
 * floor, unless the frame is lost.
 */
final class Radio {

  private static final double SAMPLE_STEP_M = 0.5;

  private final Scenario.Radio p;
  private final List<SensorSpec> sensors;
  private final int[] sensorZone;
  private final int[] sensorLevel;
  private final int[] zoneLevel;
  /** Walls between a zone (where the phone is) and a sensor, along the line between the zone's centre and the sensor. */
  private final int[][] walls;
  /** Mean received power beyond which no shadowing draw can lift a frame over the noise floor. */
  private final double hopeless;

  Radio(Site site, Scenario.Radio params) {
    this.p = params;
    this.sensors = site.sensors();
    List<Zone> zones = site.zones();
    sensorZone = new int[sensors.size()];
    sensorLevel = new int[sensors.size()];
    zoneLevel = new int[zones.size()];
    for (Zone z : zones) {
      zoneLevel[z.index()] = level(site, z.floor());
    }
    for (SensorSpec s : sensors) {
      sensorZone[s.index()] = site.zoneOfSensor(s.index());
      sensorLevel[s.index()] = level(site, s.floor());
    }
    walls = new int[zones.size()][sensors.size()];
    for (Zone z : zones) {
      for (SensorSpec s : sensors) {
        walls[z.index()][s.index()] = s.floor().equals(z.floor()) ? countWalls(zones, z, s) : 0;
      }
    }
    hopeless = p.noiseFloorDbm() - 4 * (p.shadowingSigmaDb() + p.frameSigmaDb());
  }

  int sensorCount() {
    return sensors.size();
  }

  /**
   * Mean received power at a sensor, before shadowing and fading.
   *
   * @param offsetDb the phone's own transmit offset
   */
  double meanRssi(int zone, double x, double y, int sensor, double offsetDb) {
    SensorSpec s = sensors.get(sensor);
    int floors = Math.abs(zoneLevel[zone] - sensorLevel[sensor]);
    double dz = floors * p.floorHeightM();
    double d = Math.max(1.0, Math.sqrt((x - s.x()) * (x - s.x()) + (y - s.y()) * (y - s.y()) + dz * dz));
    int w = zone == sensorZone[sensor] ? 0 : walls[zone][sensor];
    return p.txPowerDbm() + offsetDb - 10 * p.exponent() * Math.log10(d) - w * p.wallLossDb()
        - floors * p.floorLossDb();
  }

  /** Whether a mean power is so far below the noise floor that drawing the noise is pointless. */
  boolean hopeless(double mean) {
    return mean < hopeless;
  }

  double shadowing(SplittableRandom rng) {
    return rng.nextGaussian() * p.shadowingSigmaDb();
  }

  /** Received power of one frame, or {@link Integer#MIN_VALUE} when the sensor does not hear it. */
  int frame(double burstRssi, SplittableRandom rng) {
    double rssi = burstRssi + rng.nextGaussian() * p.frameSigmaDb();
    if (rssi < p.noiseFloorDbm() || rng.nextDouble() < p.frameLoss()) {
      return Integer.MIN_VALUE;
    }
    return (int) Math.max(-127, Math.min(20, Math.round(rssi)));
  }

  double noiseFloor() {
    return p.noiseFloorDbm();
  }

  /**
   * Counts the walls crossed between a zone's centre and a sensor: every boundary where at least one side is
   * an enclosed room (store, food court, service) or no zone at all. Corridors and entrances are open space.
   */
  private static int countWalls(List<Zone> zones, Zone from, SensorSpec to) {
    Point a = from.centre();
    double len = Math.hypot(to.x() - a.x(), to.y() - a.y());
    int steps = Math.max(1, (int) Math.ceil(len / SAMPLE_STEP_M));
    int count = 0;
    int previous = from.index();
    for (int i = 1; i <= steps; i++) {
      double t = (double) i / steps;
      Point q = new Point(a.x() + (to.x() - a.x()) * t, a.y() + (to.y() - a.y()) * t);
      int here = zoneAt(zones, from.floor(), q, previous);
      if (here != previous) {
        if (enclosed(zones, previous) || enclosed(zones, here)) {
          count++;
        }
        previous = here;
      }
    }
    return count;
  }

  private static int zoneAt(List<Zone> zones, String floor, Point q, int previous) {
    if (previous >= 0 && zones.get(previous).contains(q)) {
      return previous;
    }
    for (Zone z : zones) {
      if (z.floor().equals(floor) && z.contains(q)) {
        return z.index();
      }
    }
    return -1;
  }

  private static boolean enclosed(List<Zone> zones, int zone) {
    if (zone < 0) {
      return true;
    }
    ZoneKind k = zones.get(zone).kind();
    return k != ZoneKind.CORRIDOR && k != ZoneKind.ENTRANCE;
  }

  private static int level(Site site, String floorId) {
    return site.floors().stream().filter(f -> f.id().equals(floorId)).mapToInt(f -> f.level()).findFirst().orElse(0);
  }
}
