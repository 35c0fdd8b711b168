package io.footfall.analytics;

/**
 * Which zone a device is in, from the sensors that heard it: the zone of the sensor with the strongest smoothed
 * RSSI among those heard within the window, adopted only with a hysteresis margin over the device's current zone.
 */
final class ZoneAssignment {

  private static final int SLOTS = DeviceTable.SENSOR_SLOTS;

  private ZoneAssignment() {
  }

  /**
   * Folds a sighting into the device's sensor slots: the sensor's own slot if it has one, else a free slot, else
   * the one heard longest ago. A slot that went silent for longer than the window starts afresh.
   *
   * @param rssiCenti strength in 1/100 dBm
   * @param now       the sighting's time relative to the table's base
   */
  static void hear(DeviceTable t, int slot, int sensor, int rssiCenti, int now, AnalyticsSettings settings) {
    int base = slot * SLOTS;
    int target = -1;
    for (int k = base; k < base + SLOTS; k++) {
      if (t.sensor[k] == sensor) {
        target = k;
        break;
      }
    }
    if (target < 0) {
      target = base;
      for (int k = base; k < base + SLOTS; k++) {
        if (t.sensor[k] < 0) {
          target = k;
          break;
        }
        if (t.heard[k] < t.heard[target]) {
          target = k;
        }
      }
      t.sensor[target] = (short) sensor;
      t.heard[target] = DeviceTable.NEVER;
    }
    if (isLive(t, target, now, settings)) {
      int old = t.rssi[target];
      t.rssi[target] = (short) Math.round(old + settings.rssiSmoothing() * (rssiCenti - old));
    } else {
      t.rssi[target] = (short) rssiCenti;
    }
    t.heard[target] = now;
  }

  /**
   * The zone the device should move to, or -1 to stay: the strongest live sensor's zone, if that zone is
   * {@code hysteresisDb} stronger than the best live sensor of the current zone, or the current zone has none.
   */
  static int choose(DeviceTable t, int slot, int now, int[] zoneOfSensor, AnalyticsSettings settings) {
    int base = slot * SLOTS;
    int current = t.zone[slot];
    int best = -1;
    int currentBest = Integer.MIN_VALUE;
    for (int k = base; k < base + SLOTS; k++) {
      if (t.sensor[k] < 0 || !isLive(t, k, now, settings)) {
        continue;
      }
      if (best < 0 || t.rssi[k] > t.rssi[best] || t.rssi[k] == t.rssi[best] && t.sensor[k] < t.sensor[best]) {
        best = k;
      }
      if (zoneOfSensor[t.sensor[k]] == current) {
        currentBest = Math.max(currentBest, t.rssi[k]);
      }
    }
    if (best < 0) {
      return -1;
    }
    int candidate = zoneOfSensor[t.sensor[best]];
    if (candidate == current) {
      return -1;
    }
    if (currentBest != Integer.MIN_VALUE && t.rssi[best] < currentBest + settings.hysteresisDb() * 100) {
      return -1;
    }
    return candidate;
  }

  private static boolean isLive(DeviceTable t, int k, int now, AnalyticsSettings settings) {
    return t.heard[k] != DeviceTable.NEVER && (long) now - t.heard[k] <= settings.windowMs();
  }
}
