package io.footfall.alerts;

import io.footfall.site.Site;
import io.footfall.site.Zone;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Capacity, sensor-silence and unusual-occupancy ({@link UnusualOccupancy}) alerts of one site, in event time: fed
 * the occupancy per zone and each sensor's last batch time at every publish interval, it answers the alerts that
 * were raised or cleared since the last call. Deterministic (no wall clock) and free of IO; one thread calls it.
 *
 * <p>A zone is over capacity from {@code capacityRaiseRatio} × capacity devices on, and stays so until it falls
 * below {@code capacityClearRatio} × capacity; rules resumed from a snapshot raise none during the first
 * {@code capacityGraceMs} of event time, while the devices restored with them still include phones that left before
 * the restart (an alert open before it still clears). A sensor is silent when it sent no batch for more than
 * {@code sensorSilentMs} of event time, counted from its last batch or from these rules' first evaluation, whichever
 * is later: a restart or a takeover (whose analytics know no sensor's last batch yet) gives every sensor the whole
 * threshold to be heard again, and a batch dated after the watermark is no silence at all. Its next batch clears the
 * alert.
 *
 * <p>{@link #snapshot()} and {@link #restore(byte[])} carry the open alerts and the pending excursions to the node
 * that takes a cluster site over, so that it clears the alerts raised before (same id) instead of raising them again.
 */
public final class AlertRules {

  /** Marks a sensor that has sent nothing yet. */
  public static final long NEVER = Long.MIN_VALUE;
  private static final int STATE_VERSION = 2;
  /** The layout before the grace: it also held the first evaluation, which a restored run no longer takes over. */
  private static final int STATE_VERSION_WITH_FIRST_EVALUATION = 1;

  private final Site site;
  private final AlertsConfig config;
  private final long[] zoneRaisedAt;
  private final long[] sensorRaisedAt;
  private final UnusualOccupancy unusual;
  /** Event time of this run's first evaluation; never restored, since silences count from it. */
  private long firstEvaluation = NEVER;
  /** Whether these rules continue a snapshot's: capacity then waits for the grace. */
  private boolean resumed;

  public AlertRules(Site site, AlertsConfig config) {
    this.site = site;
    this.config = config;
    this.unusual = new UnusualOccupancy(site, config);
    this.zoneRaisedAt = new long[site.zones().size()];
    this.sensorRaisedAt = new long[site.sensors().size()];
    Arrays.fill(zoneRaisedAt, NEVER);
    Arrays.fill(sensorRaisedAt, NEVER);
  }

  /**
   * @param eventTimeMs   the site's watermark
   * @param occupancy     devices per zone, indexed like {@link Site#zones()}
   * @param lastBatchMs   event time of each sensor's last batch, indexed like {@link Site#sensors()}, or
   *                      {@link #NEVER}
   * @return the changes, raised and cleared: capacity by zone, unusual occupancy by zone, then silence by sensor
   */
  public List<AlertChange> evaluate(long eventTimeMs, int[] occupancy, long[] lastBatchMs) {
    if (firstEvaluation == NEVER) {
      firstEvaluation = eventTimeMs;
    }
    List<AlertChange> changes = new ArrayList<>();
    for (Zone zone : site.zones()) {
      capacity(zone, eventTimeMs, occupancy[zone.index()], changes);
    }
    unusual.evaluate(eventTimeMs, occupancy, changes);
    for (int s = 0; s < sensorRaisedAt.length; s++) {
      silence(s, eventTimeMs, lastBatchMs[s], changes);
    }
    return changes;
  }

  /** The alerts open now (for a late subscriber or a restart of the stream). */
  public List<AlertChange> open(long eventTimeMs, int[] occupancy, long[] lastBatchMs) {
    List<AlertChange> open = new ArrayList<>();
    for (Zone zone : site.zones()) {
      if (zoneRaisedAt[zone.index()] != NEVER) {
        open.add(new AlertChange(site.id(), AlertChange.CAPACITY, zone.id(), zoneRaisedAt[zone.index()], null,
            occupancy[zone.index()], raiseAt(zone)));
      }
    }
    unusual.open(occupancy, open);
    for (int s = 0; s < sensorRaisedAt.length; s++) {
      if (sensorRaisedAt[s] != NEVER) {
        open.add(new AlertChange(site.id(), AlertChange.SENSOR_SILENT, site.sensors().get(s).id(), sensorRaisedAt[s],
            null, quietFor(eventTimeMs, lastBatchMs[s]), config.sensorSilentMs()));
      }
    }
    return open;
  }

  /**
   * The state that decides future changes: when each open alert was raised, and the unusual-occupancy excursions. Zones and sensors are keyed by id, so a site file whose
   * zones or sensors were reordered or changed still restores what it can.
   */
  public byte[] snapshot() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(STATE_VERSION);
      out.writeInt(site.zones().size());
      for (Zone zone : site.zones()) {
        out.writeUTF(zone.id());
        out.writeLong(zoneRaisedAt[zone.index()]);
        unusual.writeZone(zone.index(), out);
      }
      out.writeInt(sensorRaisedAt.length);
      for (int s = 0; s < sensorRaisedAt.length; s++) {
        out.writeUTF(site.sensors().get(s).id());
        out.writeLong(sensorRaisedAt[s]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Continues from a {@link #snapshot()} of this site's rules, taken on this node or another; zones and sensors the
   * site no longer has are skipped. Call before the first evaluation, which starts the sensors' grace.
   *
   * @throws IOException when the bytes are no snapshot of this version; the rules are then unchanged
   */
  public void restore(byte[] state) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(state));
    int version = in.readInt();
    if (version == STATE_VERSION_WITH_FIRST_EVALUATION) {
      in.readLong();
    } else if (version != STATE_VERSION) {
      throw new IOException("alert state of another version");
    }
    long[] zones = zoneRaisedAt.clone();
    long[] sensors = sensorRaisedAt.clone();
    UnusualOccupancy.Zones excursions = unusual.zones();
    int zoneCount = in.readInt();
    for (int i = 0; i < zoneCount; i++) {
      int z = zoneIndex(in.readUTF());
      long raised = in.readLong();
      excursions.read(z, in);
      if (z >= 0) {
        zones[z] = raised;
      }
    }
    int sensorCount = in.readInt();
    for (int i = 0; i < sensorCount; i++) {
      int s = sensorIndex(in.readUTF());
      long raised = in.readLong();
      if (s >= 0) {
        sensors[s] = raised;
      }
    }
    System.arraycopy(zones, 0, zoneRaisedAt, 0, zones.length);
    System.arraycopy(sensors, 0, sensorRaisedAt, 0, sensors.length);
    unusual.restore(excursions);
    resumed = true;
  }

  private int zoneIndex(String id) {
    for (Zone zone : site.zones()) {
      if (zone.id().equals(id)) {
        return zone.index();
      }
    }
    return -1;
  }

  private int sensorIndex(String id) {
    for (int s = 0; s < site.sensors().size(); s++) {
      if (site.sensors().get(s).id().equals(id)) {
        return s;
      }
    }
    return -1;
  }

  /** The usual occupancy levels the unusual-occupancy alerts are judged against from now on. */
  public void baseline(OccupancyBaseline usual) {
    unusual.baseline(usual);
  }

  private void capacity(Zone zone, long now, int devices, List<AlertChange> changes) {
    if (zone.capacity() <= 0) {
      return;
    }
    int z = zone.index();
    double raiseAt = raiseAt(zone);
    if (zoneRaisedAt[z] == NEVER && devices >= raiseAt && !inCapacityGrace(now)) {
      zoneRaisedAt[z] = now;
      changes.add(new AlertChange(site.id(), AlertChange.CAPACITY, zone.id(), now, null, devices, raiseAt));
    } else if (zoneRaisedAt[z] != NEVER && devices < config.capacityClearRatio() * zone.capacity()) {
      changes.add(new AlertChange(site.id(), AlertChange.CAPACITY, zone.id(), zoneRaisedAt[z], now, devices,
          raiseAt));
      zoneRaisedAt[z] = NEVER;
    }
  }

  private boolean inCapacityGrace(long now) {
    return resumed && now - firstEvaluation < config.capacityGraceMs();
  }

  private double raiseAt(Zone zone) {
    return config.capacityRaiseRatio() * zone.capacity();
  }

  /**
   * An alert open before a restart stays open until the sensor is heard: the grace keeps new alerts from being
   * raised, it does not take back those the control room was shown. A batch dated after the watermark clears with a
   * silence of 0.
   */
  private void silence(int s, long now, long lastBatch, List<AlertChange> changes) {
    String sensor = site.sensors().get(s).id();
    if (sensorRaisedAt[s] == NEVER) {
      long quietFor = quietFor(now, lastBatch);
      if (quietFor > config.sensorSilentMs()) {
        sensorRaisedAt[s] = now;
        changes.add(new AlertChange(site.id(), AlertChange.SENSOR_SILENT, sensor, now, null, quietFor,
            config.sensorSilentMs()));
      }
    } else if (lastBatch != NEVER && now - lastBatch <= config.sensorSilentMs()) {
      changes.add(new AlertChange(site.id(), AlertChange.SENSOR_SILENT, sensor, sensorRaisedAt[s], now,
          Math.max(0, now - lastBatch), config.sensorSilentMs()));
      sensorRaisedAt[s] = NEVER;
    }
  }

  /** Event time since the sensor's last batch or this run's first evaluation, whichever is later; never negative. */
  private long quietFor(long now, long lastBatch) {
    return Math.max(0, now - Math.max(lastBatch, firstEvaluation));
  }
}
