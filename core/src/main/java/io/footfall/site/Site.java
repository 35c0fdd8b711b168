package io.footfall.site;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One mall: its floors, zones and sensors, immutable once loaded. Zones and sensors carry a dense index
 * so that the analytics core can keep per-zone and per-sensor state in arrays.
 */
public final class Site {

  private final String id;
  private final String name;
  private final String timezone;
  private final List<Floor> floors;
  private final List<Zone> zones;
  private final List<SensorSpec> sensors;
  private final Map<String, Zone> zonesById = new HashMap<>();
  private final Map<String, SensorSpec> sensorsById = new HashMap<>();
  private final int[] sensorZone;
  private final PeopleModel people;
  private final FixedDeviceSpec fixedDevices;

  public Site(String id, String name, String timezone, List<Floor> floors, List<Zone> zones, List<SensorSpec> sensors) {
    this(id, name, timezone, floors, zones, sensors, PeopleModel.LINEAR);
  }

  /** @param people how estimated devices turn into people before the calibration factor (site file {@code people}) */
  public Site(String id, String name, String timezone, List<Floor> floors, List<Zone> zones, List<SensorSpec> sensors,
              PeopleModel people) {
    this(id, name, timezone, floors, zones, sensors, people, FixedDeviceSpec.DEFAULT);
  }

  /** @param fixedDevices the devices that are not people, listed or found (site file {@code fixedDevices}) */
  public Site(String id, String name, String timezone, List<Floor> floors, List<Zone> zones, List<SensorSpec> sensors,
              PeopleModel people, FixedDeviceSpec fixedDevices) {
    this.people = people;
    this.fixedDevices = fixedDevices;
    this.id = id;
    this.name = name;
    this.timezone = timezone;
    this.floors = List.copyOf(floors);
    this.zones = List.copyOf(zones);
    this.sensors = List.copyOf(sensors);
    zones.forEach(z -> zonesById.put(z.id(), z));
    sensors.forEach(s -> sensorsById.put(s.id(), s));
    this.sensorZone = sensors.stream().mapToInt(s -> zonesById.get(s.zone()).index()).toArray();
  }

  public String id() {
    return id;
  }

  public String name() {
    return name;
  }

  public String timezone() {
    return timezone;
  }

  public PeopleModel people() {
    return people;
  }

  public FixedDeviceSpec fixedDevices() {
    return fixedDevices;
  }

  public List<Floor> floors() {
    return floors;
  }

  public List<Zone> zones() {
    return zones;
  }

  public List<SensorSpec> sensors() {
    return sensors;
  }

  public Optional<Zone> zone(String zoneId) {
    return Optional.ofNullable(zonesById.get(zoneId));
  }

  public Optional<SensorSpec> sensor(String sensorId) {
    return Optional.ofNullable(sensorsById.get(sensorId));
  }

  /** Zone index of the zone a sensor is mounted in, by sensor index. */
  public int zoneOfSensor(int sensorIndex) {
    return sensorZone[sensorIndex];
  }
}
