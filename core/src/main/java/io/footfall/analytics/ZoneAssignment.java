package io.footfall.analytics;

/**
 * Which zone a device is in, decided once per burst of probe requests from every sensor that heard the burst.
 *
 * <p>A phone sends its probe requests in bursts, seconds to minutes apart, and every sensor in range hears the same
 * frames. Deciding per sighting would let whichever sensor's copy happens to be processed first move the device;
 * deciding per burst compares all of them. Each burst is compared with the device's current zone (a zone whose
 * sensors did not hear the burst counts at the RSSI floor): another zone {@code switchMarginDb} stronger moves the
 * device at once; one at least {@code hysteresisDb} stronger becomes the challenger, and the device moves only
 * when the next burst names the same challenger, dated back to the challenger's first burst. A single burst
 * distorted by shadowing therefore never moves a device, while a real move costs no accuracy in the rollups, only
 * one burst of delay in the live figures. The device really moved at some instant between its last burst in the
 * old zone and its first in the new one; the move is dated at the expected instant given how long people typically
 * stay in each of the two zones ({@link #leftAt}): soon after the last burst when it left a corridor for a store,
 * shortly before the first burst when it left a store for a corridor, in the middle between zones alike. One
 * instance per site; not thread-safe.
 */
final class ZoneAssignment {

  private static final int SLOTS = DeviceTable.SENSOR_SLOTS;

  private final int[] zoneOfSensor;
  private final int floorCenti;
  private final int switchCenti;
  private final int hysteresisCenti;
  private final double stayCenti;
  /** Epoch ms the last {@link #decide} dated its move at. */
  private long movedAt;
  /** Per zone, 1 / typical stay in ms: the rate at which people leave it. */
  private final double[] leaveRate;

  /** @param typicalStayMs per zone, how long people typically stay there ({@link io.footfall.site.Zone}) */
  ZoneAssignment(int[] zoneOfSensor, AnalyticsSettings settings, long[] typicalStayMs) {
    this.zoneOfSensor = zoneOfSensor;
    this.leaveRate = new double[typicalStayMs.length];
    for (int z = 0; z < leaveRate.length; z++) {
      leaveRate[z] = 1.0 / typicalStayMs[z];
    }
    this.floorCenti = settings.rssiFloorDbm() * 100;
    this.switchCenti = settings.switchMarginDb() * 100;
    this.hysteresisCenti = settings.hysteresisDb() * 100;
    this.stayCenti = settings.stayMarginDb() * 100;
  }

  /**
   * Folds a sighting into the device's sensor slots, which hold the burst's strongest sensors: the sensor's own
   * slot keeps its strongest frame, a new sensor takes a free slot or the weakest one if it is stronger.
   *
   * @param newBurst  the sighting starts a burst: the previous burst's slots are cleared first and the burst's
   *                  start is noted
   * @param rssiCenti strength in 1/100 dBm
   * @param now       the sighting's time relative to the table's base
   */
  static void hear(DeviceTable t, int slot, boolean newBurst, int sensor, int rssiCenti, int now) {
    int base = slot * SLOTS;
    if (newBurst) {
      for (int k = base; k < base + SLOTS; k++) {
        t.sensor[k] = -1;
      }
      t.burstAt[slot] = now;
    }
    int free = -1;
    int weakest = -1;
    for (int k = base; k < base + SLOTS; k++) {
      if (t.sensor[k] == sensor) {
        t.rssi[k] = (short) Math.max(t.rssi[k], rssiCenti);
        return;
      }
      if (t.sensor[k] < 0) {
        free = free < 0 ? k : free;
      } else if (weakest < 0 || t.rssi[k] < t.rssi[weakest]) {
        weakest = k;
      }
    }
    int target = free >= 0 ? free : t.rssi[weakest] < rssiCenti ? weakest : -1;
    if (target >= 0) {
      t.sensor[target] = (short) sensor;
      t.rssi[target] = (short) rssiCenti;
    }
  }

  /**
   * Decides a burst: the zone the device moves to (for an arriving device, the zone it enters), with the move
   * dated at {@link #movedAt()}; or -1 to stay, possibly recording or dropping a challenger.
   */
  int decide(DeviceTable t, int slot, boolean arriving) {
    int base = slot * SLOTS;
    int best = -1;
    for (int k = base; k < base + SLOTS; k++) {
      if (t.sensor[k] >= 0 && (best < 0 || t.rssi[k] > t.rssi[best]
          || t.rssi[k] == t.rssi[best] && t.sensor[k] < t.sensor[best])) {
        best = k;
      }
    }
    if (best < 0) {
      return -1;
    }
    int candidate = zoneOfSensor[t.sensor[best]];
    long burstAt = t.epochMs(t.burstAt[slot]);
    if (arriving) {
      movedAt = burstAt;
      return candidate;
    }
    int current = t.zone[slot];
    if (candidate == current) {
      t.challenger[slot] = DeviceTable.NO_CHALLENGER;
      return -1;
    }
    // most bursts name the device's own zone: the margins and their logarithm only for those that do not
    int margin = t.rssi[best] - strongestIn(t, slot, current);
    int extra = stayMargin(current, t.quietMs[slot]);
    if (margin < hysteresisCenti + extra) {
      t.challenger[slot] = DeviceTable.NO_CHALLENGER;
      return -1;
    }
    boolean challenged = t.challenger[slot] != DeviceTable.NO_CHALLENGER;
    if (margin >= switchCenti + extra) {
      movedAt = challenged ? burstAt : leftAt(t, slot, burstAt, candidate);
      t.challenger[slot] = DeviceTable.NO_CHALLENGER;
      return candidate;
    }
    if (t.challenger[slot] == candidate) {
      t.challenger[slot] = DeviceTable.NO_CHALLENGER;
      movedAt = t.epochMsOfSec(t.moveSec[slot]);
      return candidate;
    }
    t.moveSec[slot] = t.relSec(challenged ? burstAt : leftAt(t, slot, burstAt, candidate));
    t.challenger[slot] = (short) candidate;
    return -1;
  }

  /**
   * When the device most likely left its zone for {@code to} during the silence before a burst
   * ({@link DeviceTable#moveSec} holds the end of the previous burst). With stays that end at a constant rate per
   * zone (1 / typical stay), the move instant {@code m} within the silence {@code [0, g]} has a density
   * proportional to {@code exp(-(r_from - r_to) m)}: early when leaving a zone people cross quickly for one they
   * stay in (a corridor for a store), late the other way round, half-way between zones alike. Its mean is
   * {@code 1/k - g / (e^(kg) - 1)} with {@code k = r_from - r_to}.
   */
  private long leftAt(DeviceTable t, int slot, long burstAt, int to) {
    long previous = Math.min(t.epochMsOfSec(t.moveSec[slot]), burstAt);
    double gap = burstAt - previous;
    double k = leaveRate[t.zone[slot]] - leaveRate[to];
    if (Math.abs(k * gap) < 1e-6) {
      return previous + (long) (gap / 2);
    }
    double mean = 1 / k - gap / Math.expm1(k * gap);
    return previous + Math.round(Math.max(0, Math.min(gap, mean)));
  }

  /**
   * The margin (1/100 dB) a burst needs beyond the hysteresis to move a device out of its zone after a silence of
   * {@code quietMs}. With stays that end at a constant rate (1 / typical stay), the device left during the silence
   * with probability {@code 1 - e^(-g r)}; every nat of prior odds against that adds {@code stayMarginDb}. A burst
   * a minute after the last one in a store (10 min typical stay) needs about 2 dB more; in a corridor (30 s) none.
   */
  private int stayMargin(int zone, int quietMs) {
    double oddsAgainst = 1 / Math.expm1(Math.max(1, quietMs) * leaveRate[zone]);
    return oddsAgainst > 1 ? (int) Math.round(stayCenti * Math.log(oddsAgainst)) : 0;
  }

  /** Epoch ms of the move {@link #decide} last returned. */
  long movedAt() {
    return movedAt;
  }

  private int strongestIn(DeviceTable t, int slot, int zone) {
    int strongest = floorCenti;
    for (int k = slot * SLOTS; k < (slot + 1) * SLOTS; k++) {
      if (t.sensor[k] >= 0 && zoneOfSensor[t.sensor[k]] == zone) {
        strongest = Math.max(strongest, t.rssi[k]);
      }
    }
    return strongest;
  }
}
