package io.footfall.alerts;

import io.footfall.site.Site;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;

/**
 * Unusual-occupancy alerts of one site, in event time: a zone whose devices stay beyond its usual level for the
 * weekday and local hour ({@link OccupancyBaseline}) for {@code unusualSustainMs} raises {@link
 * AlertChange#OCCUPANCY_UNUSUAL}, {@link AlertChange#HIGH} above the band and {@link AlertChange#LOW} below it.
 *
 * <p>The band is median ± max({@code unusualSpreads} × 1.4826 × MAD, {@code unusualMinDeviation}); the alert
 * clears once occupancy is back within {@code unusualClearRatio} of that deviation, or when the hour has no usual
 * level with data from at least {@code unusualMinWeeks} weeks. Deterministic (no wall clock) and free of IO; one
 * thread calls it.
 */
public final class UnusualOccupancy {

  private static final long NEVER = AlertRules.NEVER;

  private final Site site;
  private final AlertsConfig config;
  private final ZoneId timezone;
  private OccupancyBaseline baseline;
  /** Event time since which the zone has been beyond the band in {@link #outsideDirection}, or NEVER. */
  private final long[] outsideSince;
  private final String[] outsideDirection;
  private final long[] raisedAt;
  private final String[] raisedDirection;
  private final double[] raisedThreshold;

  public UnusualOccupancy(Site site, AlertsConfig config) {
    this.site = site;
    this.config = config;
    this.timezone = ZoneId.of(site.timezone());
    this.baseline = OccupancyBaseline.empty(site);
    int zones = site.zones().size();
    this.outsideSince = new long[zones];
    this.outsideDirection = new String[zones];
    this.raisedAt = new long[zones];
    this.raisedDirection = new String[zones];
    this.raisedThreshold = new double[zones];
    Arrays.fill(outsideSince, NEVER);
    Arrays.fill(raisedAt, NEVER);
  }

  /** Replaces the usual levels; alerts and pending excursions carry over and are judged against the new ones. */
  public void baseline(OccupancyBaseline usual) {
    this.baseline = usual;
  }

  /** Adds the alerts raised or cleared at {@code eventTimeMs}, zone by zone, to {@code changes}. */
  public void evaluate(long eventTimeMs, int[] occupancy, List<AlertChange> changes) {
    ZonedDateTime local = Instant.ofEpochMilli(eventTimeMs).atZone(timezone);
    for (int z = 0; z < occupancy.length; z++) {
      OccupancyBaseline.Slot usual = baseline.slot(z, local.getDayOfWeek(), local.getHour());
      if (usual == null || usual.weeks() < config.unusualMinWeeks()) {
        clear(z, eventTimeMs, occupancy[z], changes);
        outsideSince[z] = NEVER;
      } else {
        judge(z, eventTimeMs, occupancy[z], usual, changes);
      }
    }
  }

  /** The alerts open now. */
  public void open(int[] occupancy, List<AlertChange> open) {
    for (int z = 0; z < raisedAt.length; z++) {
      if (raisedAt[z] != NEVER) {
        open.add(change(z, raisedAt[z], null, occupancy[z]));
      }
    }
  }

  /** Writes one zone's excursion and open alert, for {@link AlertRules#snapshot()}. */
  void writeZone(int z, DataOutputStream out) throws IOException {
    out.writeLong(outsideSince[z]);
    writeDirection(outsideDirection[z], out);
    out.writeLong(raisedAt[z]);
    writeDirection(raisedDirection[z], out);
    out.writeDouble(raisedThreshold[z]);
  }

  /** A copy of the per-zone state, which {@link AlertRules#restore} fills before it replaces the state. */
  Zones zones() {
    return new Zones(outsideSince.clone(), outsideDirection.clone(), raisedAt.clone(), raisedDirection.clone(),
        raisedThreshold.clone());
  }

  void restore(Zones zones) {
    System.arraycopy(zones.outsideSince, 0, outsideSince, 0, outsideSince.length);
    System.arraycopy(zones.outsideDirection, 0, outsideDirection, 0, outsideDirection.length);
    System.arraycopy(zones.raisedAt, 0, raisedAt, 0, raisedAt.length);
    System.arraycopy(zones.raisedDirection, 0, raisedDirection, 0, raisedDirection.length);
    System.arraycopy(zones.raisedThreshold, 0, raisedThreshold, 0, raisedThreshold.length);
  }

  private static void writeDirection(String direction, DataOutputStream out) throws IOException {
    out.writeByte(direction == null ? 0 : AlertChange.HIGH.equals(direction) ? 1 : 2);
  }

  private static String readDirection(DataInputStream in) throws IOException {
    return switch (in.readByte()) {
      case 0 -> null;
      case 1 -> AlertChange.HIGH;
      case 2 -> AlertChange.LOW;
      default -> throw new IOException("unknown direction");
    };
  }

  /** Per-zone excursion state being restored; a zone index of -1 (a zone the site no longer has) is read and skipped. */
  record Zones(long[] outsideSince, String[] outsideDirection, long[] raisedAt, String[] raisedDirection,
               double[] raisedThreshold) {

    void read(int z, DataInputStream in) throws IOException {
      long since = in.readLong();
      String direction = readDirection(in);
      long raised = in.readLong();
      String raisedDir = readDirection(in);
      double threshold = in.readDouble();
      if (z >= 0) {
        outsideSince[z] = since;
        outsideDirection[z] = direction;
        raisedAt[z] = raised;
        raisedDirection[z] = raisedDir;
        raisedThreshold[z] = threshold;
      }
    }
  }

  private void judge(int z, long now, int devices, OccupancyBaseline.Slot usual, List<AlertChange> changes) {
    double allowed = Math.max(config.unusualSpreads() * usual.spread(), config.unusualMinDeviation());
    if (raisedAt[z] != NEVER) {
      double kept = config.unusualClearRatio() * allowed;
      boolean stillOut = AlertChange.HIGH.equals(raisedDirection[z])
          ? devices > usual.median() + kept
          : devices < usual.median() - kept;
      if (stillOut) {
        return;
      }
      clear(z, now, devices, changes);
    }
    double high = usual.median() + allowed;
    double low = usual.median() - allowed;
    String direction = devices > high ? AlertChange.HIGH : devices < low ? AlertChange.LOW : null;
    if (direction == null) {
      outsideSince[z] = NEVER;
      return;
    }
    if (outsideSince[z] == NEVER || !direction.equals(outsideDirection[z])) {
      outsideSince[z] = now;
      outsideDirection[z] = direction;
    }
    if (now - outsideSince[z] >= config.unusualSustainMs()) {
      raisedAt[z] = now;
      raisedDirection[z] = direction;
      raisedThreshold[z] = direction.equals(AlertChange.HIGH) ? high : low;
      outsideSince[z] = NEVER;
      changes.add(change(z, now, null, devices));
    }
  }

  private void clear(int z, long now, int devices, List<AlertChange> changes) {
    if (raisedAt[z] != NEVER) {
      changes.add(change(z, raisedAt[z], now, devices));
      raisedAt[z] = NEVER;
    }
  }

  private AlertChange change(int z, long raised, Long cleared, int devices) {
    return new AlertChange(site.id(), AlertChange.OCCUPANCY_UNUSUAL, site.zones().get(z).id(), raised, cleared,
        devices, raisedThreshold[z], raisedDirection[z]);
  }
}
