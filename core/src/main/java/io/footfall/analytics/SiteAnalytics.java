package io.footfall.analytics;

import io.footfall.site.Site;
import io.footfall.site.Zone;
import io.footfall.wire.ByteSink;
import io.footfall.wire.SightingBatch;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Live occupancy and per-minute rollups of one site, driven by event time only: the same sightings give the same
 * results however their batches interleaved on arrival, within the allowed lateness.
 *
 * <p>Sightings wait in a buffer until the watermark ({@link EventClock}) passes them, and are then applied in
 * (time, sensor, device) order. A device's sightings no more than {@code burstMs} apart form a burst; once the
 * burst is complete (the next burst begins, or the watermark step that brought it ends) {@link ZoneAssignment}
 * decides from all the sensors that heard it which zone the device is in, with hysteresis over two bursts. A new
 * device enters a zone at its first decided burst. A device not heard for {@code absenceTimeoutMs}
 * has left, with its exit dated {@code exitGraceMs} after it was last heard. Departures are found by a sweep of
 * the device table every {@code sweepIntervalMs} of event time, and by a sighting of the departed device itself.
 * A minute's rollups are final once the sweep has reached {@code absenceTimeoutMs} past the minute's end, since
 * until then a back-dated exit may still land in it.
 *
 * <p>Beside the raw counts, {@link RandomDevices} links the randomized MACs of one phone into an estimated device;
 * {@link #drainEstimates} and {@link #liveEstimate} give the estimated devices with their band. A new randomized
 * MAC linked to one still present continues that device (its zone, visit and trip) under the new address
 * ({@link VisitListener#onRenamed}), so a phone in a store stays one device across its rotations and its moves
 * between two addresses are zone changes; the zone and occupancy counts stay per address otherwise.
 *
 * <p>Not thread-safe: one thread (the site's event loop) calls every method. Nothing here allocates per sighting.
 */
public final class SiteAnalytics {

  private static final long REBASE_AFTER_MS = 1L << 30;
  /** Capacity the list of undecided devices keeps between steps. */
  private static final int UNDECIDED_KEPT = 4096;

  private final Site site;
  private final AnalyticsSettings settings;
  private final VisitListener listener;
  private final int[] zoneOfSensor;
  /** Per sensor: its own RSSI floor from the site file, or the engine's. */
  private final int[] floorOfSensor;
  private final FixedDevices fixed;
  private final ZoneAssignment zoneAssignment;
  private final EventClock clock;
  private final PendingSightings pending = new PendingSightings();
  private final ProvisionalMoves provisional;
  private final DeviceTable devices;
  private final MinuteRollups rollups;
  private final int[] occupancy;
  /** Event time of each sensor's last batch: its newest sighting, or the watermark on arrival if it was empty. */
  private final long[] lastBatchMs;
  /** Per sensor: sightings refused as dated too far ahead, sightings late, server time of the last refusal. */
  private final long[] sensorAhead;
  private final long[] sensorLate;
  private final long[] sensorAmended;
  private final long[] clockAheadSince;
  private final BatchSequences sequences;
  private final List<ZoneMinute> finished = new ArrayList<>();
  private final RandomDevices randoms;
  private final List<DeviceEstimate> estimates = new ArrayList<>();
  private final MinuteEstimates minuteEstimates;
  /** Devices whose burst began in the current step, to decide at its end (duplicates are skipped then). */
  private long[] undecided = new long[UNDECIDED_KEPT];
  private int undecidedCount;
  private long nextSnapshot = EventClock.NEVER;
  private long sweptUpTo = EventClock.NEVER;
  /** Event time of the last sighting applied. */
  private long lastAppliedTs = EventClock.NEVER;
  private long version;
  private long accepted;
  private long late;
  private long amended;
  private long weak;
  private long unresolved;
  private long expired;
  private long fixedSightings;

  public SiteAnalytics(Site site, AnalyticsSettings settings) {
    this(site, settings, VisitListener.NONE);
  }

  public SiteAnalytics(Site site, AnalyticsSettings settings, VisitListener listener) {
    this(site, settings, listener, EstimateSettings.defaults());
  }

  public SiteAnalytics(Site site, AnalyticsSettings settings, VisitListener listener, EstimateSettings estimate) {
    if (site.zones().size() > Short.MAX_VALUE) {
      throw new IllegalArgumentException("site " + site.id() + " has more than " + Short.MAX_VALUE + " zones");
    }
    this.site = site;
    this.settings = settings;
    this.listener = listener;
    this.zoneOfSensor = new int[site.sensors().size()];
    Arrays.setAll(zoneOfSensor, site::zoneOfSensor);
    this.floorOfSensor = site.sensors().stream()
        .mapToInt(s -> s.rssiFloorDbm() != null ? s.rssiFloorDbm() : settings.rssiFloorDbm()).toArray();
    this.fixed = new FixedDevices(site.fixedDevices(), site.zones().size(), settings.absenceTimeoutMs());
    this.zoneAssignment = new ZoneAssignment(zoneOfSensor, settings,
        site.zones().stream().mapToLong(Zone::typicalStayMs).toArray());
    this.clock = new EventClock(zoneOfSensor.length, settings);
    this.provisional = new ProvisionalMoves(settings.rssiFloorDbm(), settings.switchMarginDb(), settings.burstMs());
    this.devices = new DeviceTable(0);
    this.rollups = new MinuteRollups(site);
    this.occupancy = new int[site.zones().size()];
    this.lastBatchMs = new long[zoneOfSensor.length];
    Arrays.fill(lastBatchMs, EventClock.NEVER);
    this.sensorAhead = new long[zoneOfSensor.length];
    this.sensorLate = new long[zoneOfSensor.length];
    this.sensorAmended = new long[zoneOfSensor.length];
    this.clockAheadSince = new long[zoneOfSensor.length];
    Arrays.fill(clockAheadSince, EventClock.NEVER);
    this.sequences = new BatchSequences(zoneOfSensor.length);
    this.randoms = new RandomDevices(site, devices, estimate, settings.absenceTimeoutMs());
    this.minuteEstimates = new MinuteEstimates(site);
  }

  public Site site() {
    return site;
  }

  /**
   * Takes a batch: sightings dated too far after the batch's arrival are refused (a wrong clock), weak ones are
   * counted and dropped, the others wait for the watermark, which then moves if this sensor was holding it back.
   * A sensor whose clock runs ahead, or settled behind, within the budget has its times corrected
   * ({@link EventClock}). A sighting the watermark already passed is applied at once if it is within the late
   * horizon and its sensor's clock can be vouched for ({@link EventClock#vouched}): it amends the minutes it changes,
   * sent again revised. Otherwise it is counted late and dropped.
   *
   * @return false when the batch names no sensor of this site (counted as unresolved)
   */
  public boolean accept(SightingBatch batch) {
    int sensor = batch.sensorIndex;
    if (sensor < 0 || sensor >= zoneOfSensor.length) {
      unresolved += batch.size;
      return false;
    }
    long watermark = clock.watermark();
    boolean knownArrival = batch.receivedAt > 0;
    long newest = EventClock.NEVER;
    for (int i = 0; i < batch.size; i++) {
      if (!knownArrival || !clock.tooFarAhead(batch.ts[i], batch.receivedAt)) {
        newest = Math.max(newest, batch.ts[i]);
      }
    }
    long arrival = knownArrival ? batch.receivedAt
        : newest != EventClock.NEVER ? newest : Math.max(watermark, lastBatchMs[sensor]);
    if (knownArrival) {
      clock.lead(sensor, arrival, newest);
    }
    long correction = clock.correction(sensor);
    boolean mayAmend = !knownArrival || newest == EventClock.NEVER || clock.vouched(sensor, newest - arrival);
    long horizon = watermark == EventClock.NEVER ? EventClock.NEVER : watermark - settings.lateHorizonMs();
    int kept = 0;
    int applied = 0;
    for (int i = 0; i < batch.size; i++) {
      long ts = batch.ts[i];
      if (knownArrival && clock.tooFarAhead(ts, batch.receivedAt)) {
        sensorAhead[sensor]++;
        clockAheadSince[sensor] = batch.receivedAt;
        continue;
      }
      kept++;
      ts -= correction;
      boolean lateOne = ts <= watermark;
      if (lateOne && !(mayAmend && ts > horizon)) {
        late++;
        sensorLate[sensor]++;
        continue;
      }
      int rssi = batch.rssi[i] == SightingBatch.NO_RSSI ? settings.defaultRssiDbm() : Math.min(batch.rssi[i], 0);
      if (rssi < floorOfSensor[sensor]) {
        weak++;
        continue;
      }
      if (lateOne) {
        amended++;
        sensorAmended[sensor]++;
        applied += applyLate(ts, sensor, batch.dev[i], rssi, (batch.flags[i] & SightingBatch.FLAG_RANDOM) != 0,
            batch.rid(i));
        continue;
      }
      pending.add(ts, sensor, batch.dev[i], rssi, batch.flags[i], batch.sn[i], batch.fp[i], batch.rid(i));
      provisional.hear(batch.dev[i], ts, zoneOfSensor[sensor], rssi, committedZone(batch.dev[i]));
      accepted++;
    }
    if (applied > 0) {
      decideUndecided();
      version++;
    }
    long newestCorrected = newest == EventClock.NEVER ? newest : newest - correction;
    lastBatchMs[sensor] = Math.max(lastBatchMs[sensor], Math.max(newestCorrected, watermark));
    clock.observe(sensor, arrival, knownArrival, newestCorrected, kept);
    if (clock.advanceByFrontiers()) {
      advanced();
    }
    return true;
  }

  /**
   * Whether a sensor's batch was taken before, by its sequence number: sensors number their batches and re-send
   * those not acknowledged, with or without MQTT's dup flag, across reconnects and restarts. Marks it taken.
   * A number far below the sensor's newest, or a taken number on a batch with sightings newer than any taken, is a
   * reinstalled sensor counting afresh, not a re-send.
   */
  public boolean alreadyTaken(SightingBatch batch) {
    int sensor = batch.sensorIndex;
    if (sensor < 0 || sensor >= zoneOfSensor.length) {
      return false;
    }
    long newest = Long.MIN_VALUE;
    for (int i = 0; i < batch.size; i++) {
      newest = Math.max(newest, batch.ts[i]);
    }
    return sequences.seen(sensor, batch.seq, newest);
  }

  /** Forgets that a batch was taken, so that it can be sent again once the fault that kept it out is fixed. */
  public void forgetTaken(SightingBatch batch) {
    int sensor = batch.sensorIndex;
    if (sensor >= 0 && sensor < zoneOfSensor.length) {
      sequences.forget(sensor, batch.seq);
    }
  }

  /**
   * After a restart from a snapshot at wall time {@code wallClockMs}: sensors get a grace to reconnect and re-send
   * their backlog before event time moves on without them.
   */
  public void resumed(long wallClockMs) {
    clock.resumed(wallClockMs);
  }

  /** Each sensor's clock as this site sees it, indexed like {@link Site#sensors()}. */
  public List<SensorClock> sensorClocks() {
    List<SensorClock> clocks = new ArrayList<>(zoneOfSensor.length);
    for (int s = 0; s < zoneOfSensor.length; s++) {
      clocks.add(new SensorClock(site.sensors().get(s).id(), clock.lead(s), clock.correction(s), sensorAhead[s],
          sensorLate[s], sensorAmended[s], clockAheadSince[s]));
    }
    return clocks;
  }

  /**
   * Lets event time follow the wall clock when no sighting arrived for {@code idleAdvanceMs}; call it regularly
   * (the engine does so every publish interval).
   *
   * @return whether event time moved, so that a journal replaying the input can replay this tick too
   */
  public boolean tick(long wallClockMs) {
    if (clock.advanceByWallClock(wallClockMs)) {
      advanced();
      return true;
    }
    return false;
  }

  /** Event time up to which sightings have been applied, epoch ms; {@link Long#MIN_VALUE} before any. */
  public long watermark() {
    return clock.watermark();
  }

  /** Devices in a zone now, by zone index. */
  public int devicesIn(int zoneIndex) {
    return occupancy[zoneIndex];
  }

  /**
   * Devices per zone as the live view shows them: {@link #occupancy()} with the moves of present devices that the
   * sightings arrived since the watermark announce ({@link ProvisionalMoves}), which the watermark makes final or
   * undoes. Not in the minutes, the snapshot or anything written: a view.
   */
  public int[] liveOccupancy() {
    int[] live = occupancy.clone();
    provisional.applyTo(live, clock.watermark(), this::committedZone);
    return live;
  }

  /** Changes whenever {@link #liveOccupancy()} may have: with {@link #version()} and with every arrived move. */
  public long liveVersion() {
    return version + provisional.version();
  }

  /** The zone a present device is in, or -1 for a device not in the table or not in a zone yet. */
  private int committedZone(long dev) {
    int slot = devices.find(dev);
    return slot < 0 || (devices.flags[slot] & DeviceTable.FLAG_ARRIVING) != 0 ? -1 : Math.max(-1, devices.zone[slot]);
  }

  /** Devices per zone now, indexed like {@link Site#zones()}; a copy. */
  public int[] occupancy() {
    return occupancy.clone();
  }

  /**
   * Event time of each sensor's last batch (its newest sighting, or the watermark when it came empty), indexed like
   * {@link Site#sensors()}; {@link Long#MIN_VALUE} for a sensor not heard from yet. A copy.
   */
  public long[] lastBatches() {
    return lastBatchMs.clone();
  }

  /** Devices present at the site now. */
  public int devices() {
    return devices.size();
  }

  /** Changes whenever the occupancy or the watermark changed. */
  public long version() {
    return version;
  }

  public AnalyticsCounters counters() {
    long clockAhead = 0;
    for (long refused : sensorAhead) {
      clockAhead += refused;
    }
    return new AnalyticsCounters(accepted, late, weak, unresolved, devices.size(), expired, pending.size(), clockAhead,
        rollups.redated(), amended, rollups.revisedRows());
  }

  /**
   * Final rows of the minutes closed since the last call, oldest minute first, zones in site order; before them, the
   * rows of final minutes that late sightings amended, each with its minute's next revision.
   */
  public List<ZoneMinute> drainFinishedMinutes() {
    if (finished.isEmpty()) {
      return List.of();
    }
    List<ZoneMinute> rows = List.copyOf(finished);
    finished.clear();
    return rows;
  }

  /**
   * For a shutdown: the final rows not drained yet, then provisional rows of every open minute up to the
   * watermark's, as if no device left before its absence timeout is reached. Sightings still waiting for the
   * watermark are not included. The analytics go on unchanged; a later final row of the same minute replaces the
   * provisional one.
   */
  public List<ZoneMinute> flushOpenMinutes() {
    rollups.amend(finished);
    List<ZoneMinute> rows = new ArrayList<>(finished);
    finished.clear();
    rollups.provisional(clock.watermark(), rows);
    return rows;
  }

  /**
   * The whole state of this site's analytics as compact bytes (see {@link Snapshots}): restoring them gives an
   * instance that continues exactly as this one would.
   */
  public byte[] snapshot() {
    return Snapshots.write(this);
  }

  /**
   * Analytics continuing from a {@link #snapshot()} of the same site.
   *
   * @throws InvalidSnapshotException when the bytes are damaged or were taken of a different site layout
   */
  public static SiteAnalytics restore(Site site, AnalyticsSettings settings, VisitListener listener, byte[] snapshot) {
    return Snapshots.read(site, settings, listener, snapshot);
  }

  void writeState(ByteSink out) throws IOException {
    out.writeLong(sweptUpTo);
    out.writeLong(version);
    out.writeLong(accepted);
    out.writeLong(late);
    out.writeLong(amended);
    out.writeLong(weak);
    out.writeLong(unresolved);
    out.writeLong(expired);
    out.writeLong(fixedSightings);
    for (int occ : occupancy) {
      out.writeInt(occ);
    }
    out.writeInt(finished.size());
    for (ZoneMinute row : finished) {
      out.writeShort(site.zone(row.zone()).orElseThrow().index());
      row.writeFigures(out);
    }
    for (int sensor = 0; sensor < zoneOfSensor.length; sensor++) {
      out.writeLong(lastBatchMs[sensor]);
      out.writeLong(sensorAhead[sensor]);
      out.writeLong(sensorLate[sensor]);
      out.writeLong(sensorAmended[sensor]);
      out.writeLong(clockAheadSince[sensor]);
    }
    sequences.writeTo(out);
    out.writeLong(lastAppliedTs);
    clock.writeTo(out);
    pending.writeTo(out);
    devices.writeTo(out);
    rollups.writeTo(out);
    randoms.writeTo(out);
    minuteEstimates.writeTo(out);
    fixed.writeTo(out);
    // length-prefixed, so that the analytics can be restored under a listener that keeps no state (a tool, a test)
    int lengthAt = out.size();
    out.writeInt(0);
    listener.writeState(out);
    out.setInt(lengthAt, out.size() - lengthAt - 4);
  }

  void readState(DataInputStream in) throws IOException {
    sweptUpTo = in.readLong();
    version = in.readLong();
    accepted = in.readLong();
    late = in.readLong();
    amended = in.readLong();
    weak = in.readLong();
    unresolved = in.readLong();
    expired = in.readLong();
    fixedSightings = in.readLong();
    for (int z = 0; z < occupancy.length; z++) {
      occupancy[z] = in.readInt();
    }
    int rows = in.readInt();
    for (int i = 0; i < rows; i++) {
      int zone = in.readShort();
      if (zone < 0 || zone >= occupancy.length) {
        throw new IOException("finished row of a zone outside the site");
      }
      finished.add(ZoneMinute.readFigures(site.id(), site.zones().get(zone).id(), in));
    }
    for (int sensor = 0; sensor < zoneOfSensor.length; sensor++) {
      lastBatchMs[sensor] = in.readLong();
      sensorAhead[sensor] = in.readLong();
      sensorLate[sensor] = in.readLong();
      sensorAmended[sensor] = in.readLong();
      clockAheadSince[sensor] = in.readLong();
    }
    sequences.readFrom(in);
    lastAppliedTs = in.readLong();
    clock.readFrom(in);
    pending.readFrom(in, zoneOfSensor.length);
    devices.readFrom(in, zoneOfSensor.length, occupancy.length);
    rollups.readFrom(in);
    randoms.readFrom(in);
    minuteEstimates.readFrom(in);
    fixed.readFrom(in);
    int length = in.readInt();
    if (length < 0 || length > in.available()) {
      throw new IOException("listener state of " + length + " bytes in a snapshot with " + in.available() + " left");
    }
    byte[] listenerState = new byte[length];
    in.readFully(listenerState);
    listener.readState(new DataInputStream(new ByteArrayInputStream(listenerState)));
    // the live view is not in the snapshot: the pending sightings it was made of are
    pending.forEach((ts, sensor, dev, rssi, flags, sn, fp, rid) ->
        provisional.hear(dev, ts, zoneOfSensor[sensor], rssi, committedZone(dev)));
  }

  /**
   * Device estimates closed since the last call, oldest first: the devices at every minute mark whose minute is
   * final ({@link MinuteEstimates}) and the distinct devices of every hour the watermark passed (see
   * {@link DeviceEstimate}).
   */
  public List<DeviceEstimate> drainEstimates() {
    if (estimates.isEmpty()) {
      return List.of();
    }
    List<DeviceEstimate> rows = List.copyOf(estimates);
    estimates.clear();
    return rows;
  }

  /**
   * The devices present now per zone and for the site (zone {@link DeviceEstimate#SITE}), random MACs estimated;
   * kept up to date as devices move, so it costs the number of zones.
   */
  public List<DeviceEstimate> liveEstimate() {
    List<DeviceEstimate> rows = new ArrayList<>(site.zones().size() + 1);
    randoms.snapshot(clock.watermark(), rows);
    return rows;
  }

  /**
   * Devices treated as fixed (listed in the site file or found, docs/metrics.md "Fixed devices") that were heard
   * within the absence timeout before the watermark, per zone index: the zone of the sensor that heard each last.
   */
  public int[] fixedDevicesPerZone() {
    return fixed.perZone(clock.watermark());
  }

  /** Sightings dropped because their device is fixed. */
  public long fixedSightings() {
    return fixedSightings;
  }

  /** Memory held by the device table, the buffer, the open minutes and the estimator, from array capacities. */
  public long approxBytes() {
    return devices.approxBytes() + pending.approxBytes() + rollups.approxBytes() + randoms.approxBytes()
        + fixed.approxBytes() + provisional.approxBytes();
  }

  /** Bytes of device table per present device, including the table's free slots. */
  public double bytesPerDevice() {
    return devices.size() == 0 ? 0 : (double) devices.approxBytes() / devices.size();
  }

  private void advanced() {
    version++;
    long watermark = clock.watermark();
    while (pending.size() > 0 && pending.peekTs() <= watermark) {
      pending.poll();
      long next = pending.polledTs;
      boolean random = (pending.polledFlags & SightingBatch.FLAG_RANDOM) != 0;
      if (fixed.heard(next, pending.polledDev, zoneOfSensor[pending.polledSensor], random)) {
        // before anything else sees it, so that a listed device's sightings are as if never sent
        fixedSightings++;
        dropFixed(pending.polledDev);
        continue;
      }
      if (lastAppliedTs != EventClock.NEVER && (next - lastAppliedTs > settings.absenceTimeoutMs()
          || next - sweptUpTo > REBASE_AFTER_MS)) {
        // a silence longer than any stay: everyone heard before it left, and its minutes close, before the
        // sightings after it (days later, in a replay) are applied; and a step spanning days still rebases the
        // device table's relative times before they overflow
        stepEnds(next - 1);
      }
      lastAppliedTs = next;
      snapshotUpTo(next);
      int slot = apply(pending.polledTs, pending.polledSensor, pending.polledDev, pending.polledRssi, random,
          pending.polledRid);
      randoms.observe(pending.polledTs, slot, pending.polledSn, pending.polledFp, random, estimates);
    }
    pending.trim();
    stepEnds(watermark);
  }

  /**
   * A device just found fixed leaves the table: it was counted until now (its past minutes keep it), from here on it
   * is not a person anywhere.
   */
  private void dropFixed(long dev) {
    int slot = devices.find(dev);
    if (slot < 0) {
      return;
    }
    if ((devices.flags[slot] & DeviceTable.FLAG_ARRIVING) != 0) {
      // not in a zone yet: nothing was counted or told
      devices.removeAt(slot);
    } else {
      depart(slot);
      expired--;
    }
  }

  /** Everything applied up to {@code watermark}: the bursts begun are complete, and time moves on to it. */
  private void stepEnds(long watermark) {
    decideUndecided();
    snapshotUpTo(watermark);
    randoms.advanceTo(watermark, estimates);
    sweepIfDue(watermark);
  }

  /**
   * Takes the snapshot of every minute mark up to {@code ts} not taken yet, before the sightings at or after the
   * mark are applied; after a long silence only the latest mark, since nothing changed in between.
   */
  private void snapshotUpTo(long ts) {
    long mark = Math.floorDiv(ts, MinuteRollups.MINUTE_MS) * MinuteRollups.MINUTE_MS;
    if (nextSnapshot == EventClock.NEVER) {
      nextSnapshot = mark + MinuteRollups.MINUTE_MS;
      return;
    }
    if (mark < nextSnapshot) {
      return;
    }
    randoms.snapshot(mark, minuteEstimates.held());
    nextSnapshot = mark + MinuteRollups.MINUTE_MS;
  }

  /**
   * Applies a sighting the watermark already passed, within the late horizon (a sensor's backlog after an outage):
   * a device not present, or not heard since, is taken as if it had come in order, its entry and exit dated where
   * they belong, which amends the minutes already final. A device heard since learns nothing from it. The device
   * estimates are not amended: the randomized MACs' links only go forward.
   *
   * @return 1 when it was applied, 0 when it changed nothing
   */
  private int applyLate(long ts, int sensor, long dev, int rssiDbm, boolean random, long rid) {
    int slot = devices.find(dev);
    if (slot >= 0 && devices.epochMs(devices.lastSeen[slot]) >= ts) {
      return 0;
    }
    apply(ts, sensor, dev, rssiDbm, random, rid);
    return 1;
  }

  /** @return the device's slot, valid until the next insert into or removal from the table */
  private int apply(long ts, int sensor, long dev, int rssiDbm, boolean random, long rid) {
    devices.baseAt(ts);
    int now = devices.relMs(ts);
    int slot = devices.find(dev);
    boolean newBurst = slot >= 0 && (long) now - devices.lastSeen[slot] > settings.burstMs();
    if (newBurst && (devices.flags[slot] & DeviceTable.FLAG_PENDING) != 0) {
      decide(slot);
      slot = devices.find(dev);
    }
    if (slot >= 0 && ts - devices.epochMs(devices.lastSeen[slot]) >= settings.absenceTimeoutMs()) {
      depart(slot);
      slot = -1;
    }
    if (slot < 0) {
      return arrive(ts, now, sensor, dev, rssiDbm, random);
    }
    tellRepeatId(slot, dev, rid, ts);
    if (newBurst) {
      burstBegins(slot, now);
    }
    devices.lastSeen[slot] = now;
    if (random && (devices.flags[slot] & DeviceTable.FLAG_RANDOM) == 0) {
      randoms.absent(slot);
      devices.flags[slot] |= DeviceTable.FLAG_RANDOM;
      randoms.present(slot);
    }
    ZoneAssignment.hear(devices, slot, newBurst, sensor, rssiDbm * 100, now);
    if (newBurst) {
      undecided(slot, dev);
    }
    return slot;
  }

  /**
   * Notes, as a device's new burst begins at {@code now} (relative ms), the silence since its last one and, unless a
   * challenger's move is already dated, that the last burst ended then.
   */
  private void burstBegins(int slot, int now) {
    devices.quietMs[slot] = now - devices.lastSeen[slot];
    if (devices.challenger[slot] == DeviceTable.NO_CHALLENGER) {
      devices.moveSec[slot] = devices.relSec(devices.epochMs(devices.lastSeen[slot]));
    }
  }

  /** Marks the device's burst for a decision at the end of the step, unless the next burst comes first. */
  private void undecided(int slot, long dev) {
    devices.flags[slot] |= DeviceTable.FLAG_PENDING;
    if (undecidedCount == undecided.length) {
      undecided = Arrays.copyOf(undecided, undecidedCount * 2);
    }
    undecided[undecidedCount++] = dev;
  }

  private void decideUndecided() {
    for (int i = 0; i < undecidedCount; i++) {
      int slot = devices.find(undecided[i]);
      if (slot >= 0 && (devices.flags[slot] & DeviceTable.FLAG_PENDING) != 0) {
        decide(slot);
      }
    }
    undecidedCount = 0;
    if (undecided.length > UNDECIDED_KEPT) {
      // a step after a long stall can hold a million bursts; the next ones hold a few hundred
      undecided = new long[UNDECIDED_KEPT];
    }
  }

  /** Decides a device's complete burst: it enters its first zone, moves, or stays. */
  private void decide(int slot) {
    boolean arriving = (devices.flags[slot] & DeviceTable.FLAG_ARRIVING) != 0;
    devices.flags[slot] &= ~(DeviceTable.FLAG_PENDING | DeviceTable.FLAG_ARRIVING);
    int to = zoneAssignment.decide(devices, slot, arriving);
    long dev = devices.keys[slot];
    if (arriving) {
      // an arriving device's first sighting filled a sensor slot, so its first burst always names a zone
      long at = zoneAssignment.movedAt();
      randoms.absent(slot);
      devices.zone[slot] = (short) to;
      randoms.present(slot);
      if ((devices.flags[slot] & DeviceTable.FLAG_RANDOM) != 0 && follow(slot, randoms.link(slot))) {
        return;
      }
      randoms.arrived(slot);
      enter(to, at);
      listener.onTransition(dev, VisitListener.OUTSIDE, to, at, (devices.flags[slot] & DeviceTable.FLAG_RANDOM) != 0);
    } else {
      decided(slot, dev, to);
    }
  }

  /** Moves a present device whose burst named another zone, and tells the listener it was heard again. */
  private void decided(int slot, long dev, int to) {
    int from = devices.zone[slot];
    if (to >= 0) {
      switchZone(slot, dev, to, movedAt(slot));
    }
    long heard = devices.epochMs(devices.burstAt[slot]);
    listener.onHeardAgain(dev, from, to >= 0 ? to : from, heard - devices.quietMs[slot], heard);
  }

  /**
   * When the move just decided happened. A move confirmed by a later burst is dated back, possibly into a minute
   * already final: within the late horizon it amends that minute, beyond it it is dated at the oldest minute still
   * amendable; never before the device entered the zone it leaves.
   */
  private long movedAt(int slot) {
    long at = Math.max(zoneAssignment.movedAt(), rollups.amendableFromMs());
    return Math.max(at, devices.epochMsOfSec(devices.enteredSec[slot]));
  }

  /**
   * A new randomized MAC that continues a device still present is that device under a new address: it keeps its
   * zone, its visit and its trip, and its first burst is decided like any later burst of the device (with
   * hysteresis), instead of the old MAC lingering until its exit and the new one arriving as another device.
   *
   * @param slot     the new MAC, its first burst just decided
   * @param previous the MAC it continues, or 0
   * @return whether the device went on under the new MAC
   */
  private boolean follow(int slot, long previous) {
    int p = previous == 0 ? -1 : devices.find(previous);
    if (p < 0 || (devices.flags[p] & DeviceTable.FLAG_PENDING) != 0 || devices.lastSeen[p] >= devices.burstAt[slot]) {
      return false;
    }
    long dev = devices.keys[slot];
    burstBegins(p, devices.burstAt[slot]);
    devices.takeBurst(slot, p);
    randoms.absent(slot);
    devices.removeAt(slot);
    p = devices.find(previous);
    randoms.absent(p);
    p = devices.rekey(p, dev);
    randoms.present(p);
    listener.onRenamed(previous, dev);
    decided(p, dev, zoneAssignment.decide(devices, p, false));
    randoms.arrived(p);
    return true;
  }

  /**
   * Tells the listener a device's repeat-visit id once per stay, at its first sighting that carries one after its
   * arrival was told: sensors send the id with every sighting, and a device of a single burst is no visitor.
   */
  private void tellRepeatId(int slot, long dev, long rid, long ts) {
    if (rid != SightingBatch.NO_RID
        && (devices.flags[slot] & (DeviceTable.FLAG_RID_TOLD | DeviceTable.FLAG_ARRIVING)) == 0) {
      devices.flags[slot] |= DeviceTable.FLAG_RID_TOLD;
      listener.onRepeatId(dev, rid, ts);
    }
  }

  /**
   * A device not present: in the table from its first sighting, but in a zone only once its first burst is
   * decided (until then its zone is its first sensor's, for the estimates).
   *
   * @return the device's slot
   */
  private int arrive(long ts, int now, int sensor, long dev, int rssiDbm, boolean random) {
    int slot = devices.insert(dev);
    ZoneAssignment.hear(devices, slot, true, sensor, rssiDbm * 100, now);
    devices.zone[slot] = (short) zoneOfSensor[sensor];
    devices.enteredSec[slot] = devices.relSec(ts);
    devices.firstSec[slot] = devices.enteredSec[slot];
    devices.lastSeen[slot] = now;
    devices.flags[slot] = (byte) (DeviceTable.FLAG_ARRIVING | (random ? DeviceTable.FLAG_RANDOM : 0));
    randoms.present(slot);
    undecided(slot, dev);
    return slot;
  }

  private void switchZone(int slot, long dev, int to, long ts) {
    int from = devices.zone[slot];
    leave(from, ts);
    boolean random = (devices.flags[slot] & DeviceTable.FLAG_RANDOM) != 0;
    listener.onVisit(dev, from, devices.epochMsOfSec(devices.enteredSec[slot]), ts, random);
    listener.onTransition(dev, from, to, ts, random);
    randoms.leaves(slot, false);
    randoms.absent(slot);
    devices.zone[slot] = (short) to;
    randoms.present(slot);
    devices.enteredSec[slot] = devices.relSec(ts);
    enter(to, ts);
  }

  /**
   * The device in a slot left the site; its exit is back-dated to shortly after it was last heard: the exit grace,
   * or the typical stay of its zone when that is shorter. A randomized address that no later address continued
   * counts until its absence timeout instead (still capped by the zone's typical stay): most real phones take a new
   * address, sequence number and often fingerprint at every scan, so such an address ending is far more often a
   * phone still there under an address nobody linked than a phone that left, and dating it out a grace after its
   * last burst counted a phone that scans every two or three minutes as a third of a device (docs/estimation.md,
   * "Unlinked addresses"). A rotation that was followed is no departure at all; the last address of the chain is
   * dated out like any randomized one (keeping the short grace for followed chains measured no better).
   */
  private void depart(int slot) {
    long dev = devices.keys[slot];
    int zone = devices.zone[slot];
    boolean random = (devices.flags[slot] & DeviceTable.FLAG_RANDOM) != 0;
    long grace = random ? settings.absenceTimeoutMs() : settings.exitDelayMs();
    // someone last heard where people stay briefly (an entrance, a corridor) most likely left soon after
    long exitTs = devices.epochMs(devices.lastSeen[slot]) + Math.min(grace, site.zones().get(zone).typicalStayMs());
    leave(zone, exitTs);
    listener.onVisit(dev, zone, devices.epochMsOfSec(devices.enteredSec[slot]), exitTs, random);
    listener.onTransition(dev, zone, VisitListener.OUTSIDE, exitTs, random);
    expired++;
    randoms.leaves(slot, true);
    randoms.absent(slot);
    devices.removeAt(slot);
  }

  private void enter(int zone, long ts) {
    occupancy[zone]++;
    rollups.record(ts, zone, true);
    version++;
  }

  private void leave(int zone, long ts) {
    occupancy[zone]--;
    rollups.record(ts, zone, false);
    version++;
  }

  /**
   * Expires absent devices at event-time instants aligned to the sweep interval, so the set of devices present
   * at any watermark does not depend on when earlier sweeps ran; then closes the minutes no exit can reach any more.
   */
  private void sweepIfDue(long watermark) {
    long cutoff = Math.floorDiv(watermark, settings.sweepIntervalMs()) * settings.sweepIntervalMs();
    if (cutoff <= sweptUpTo) {
      return;
    }
    sweptUpTo = cutoff;
    if (devices.size() == 0) {
      // relative times start again from the next sighting, however far ahead it is
      devices.unbase();
    } else {
      long lastSeenAtMost = cutoff - settings.absenceTimeoutMs() - devices.msBase();
      int start = devices.anyEmptySlot();
      int capacity = devices.capacity();
      int i = devices.next(start);
      for (int visited = 0; visited < capacity; ) {
        if (devices.keys[i] != 0 && devices.lastSeen[i] <= lastSeenAtMost) {
          depart(i);
        } else {
          i = devices.next(i);
          visited++;
        }
      }
      if (cutoff - devices.msBase() > REBASE_AFTER_MS) {
        devices.rebase(cutoff - settings.absenceTimeoutMs());
      }
    }
    int closedFrom = finished.size();
    rollups.closeUpTo(cutoff - settings.absenceTimeoutMs(), cutoff - settings.lateHorizonMs(), finished);
    minuteEstimates.release(finished.subList(closedFrom, finished.size()), cutoff - settings.absenceTimeoutMs(),
        estimates);
    listener.onFinal(cutoff - settings.absenceTimeoutMs(), cutoff - settings.lateHorizonMs());
  }
}
