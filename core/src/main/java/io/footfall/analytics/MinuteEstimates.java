package io.footfall.analytics;

import io.footfall.site.Site;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The minute rows of the device estimates, held until their minute is final and then set to the minute's final
 * mean occupancy. A snapshot of the device table at the mark sees each device where it was placed by then: moves
 * decided at a later burst are dated back before the mark, and a device that left stays in the table until its
 * absence timeout though its exit is dated a grace after it was last heard. The rollups have both right once the
 * minute is final, so the snapshot's devices are scaled to the rollups' mean occupancy of the minute, keeping its
 * share of random MACs and its estimate of the devices behind them. The mean rather than the occupancy at the mark:
 * a minute's people are then the minute's occupancy times the factor, as the dashboards show them side by side,
 * and a zone's count is less at the mercy of one device dated a few seconds either side of the mark.
 */
final class MinuteEstimates {

  private static final long MINUTE_MS = 60_000;

  private final Site site;
  private final List<DeviceEstimate> held = new ArrayList<>();

  MinuteEstimates(Site site) {
    this.site = site;
  }

  /** Where snapshots at minute marks go, one row per zone and one for the site each. */
  List<DeviceEstimate> held() {
    return held;
  }

  /**
   * Releases the rows of the minutes that became final.
   *
   * @param closed       the rollup rows the closing just appended, oldest minute first
   * @param closedBefore every minute ending at or before this instant is final
   */
  void release(List<ZoneMinute> closed, long closedBefore, List<DeviceEstimate> out) {
    int zones = site.zones().size();
    int r = 0;
    while (r < held.size() && held.get(r).start() + MINUTE_MS <= closedBefore) {
      long minute = held.get(r).start();
      double[] mean = new double[zones];
      double siteTotal = 0;
      for (ZoneMinute row : closed) {
        if (row.minute() == minute) {
          mean[site.zone(row.zone()).orElseThrow().index()] = row.devicesAvg();
          siteTotal += row.devicesAvg();
        }
      }
      for (; r < held.size() && held.get(r).start() == minute; r++) {
        DeviceEstimate row = held.get(r);
        double occupancy = row.zone().equals(DeviceEstimate.SITE) ? siteTotal
            : mean[site.zone(row.zone()).orElseThrow().index()];
        out.add(scaled(row, (int) Math.round(occupancy)));
      }
    }
    held.subList(0, r).clear();
  }

  void writeTo(DataOutput out) throws IOException {
    out.writeInt(held.size());
    for (DeviceEstimate row : held) {
      out.writeShort(row.zone().equals(DeviceEstimate.SITE) ? -1 : site.zone(row.zone()).orElseThrow().index());
      out.writeLong(row.start());
      out.writeInt(row.devices());
      out.writeInt(row.randomMacs());
      out.writeInt(row.estimatedDevices());
      out.writeInt(row.low());
      out.writeInt(row.high());
    }
  }

  void readFrom(DataInput in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      throw new IOException("negative count of held minute estimates");
    }
    for (int i = 0; i < n; i++) {
      int zone = in.readShort();
      if (zone < -1 || zone >= site.zones().size()) {
        throw new IOException("minute estimate of a zone outside the site");
      }
      held.add(new DeviceEstimate(site.id(), zone < 0 ? DeviceEstimate.SITE : site.zones().get(zone).id(),
          in.readLong(), DeviceEstimate.MINUTE, in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt()));
    }
  }

  /** The row with {@code devices} set to the final occupancy, the rest scaled alike. */
  static DeviceEstimate scaled(DeviceEstimate row, int devices) {
    if (row.devices() == 0) {
      return new DeviceEstimate(row.site(), row.zone(), row.start(), row.resolutionSec(), devices, 0, devices,
          devices, devices);
    }
    double f = (double) devices / row.devices();
    int estimate = (int) Math.round(row.estimatedDevices() * f);
    return new DeviceEstimate(row.site(), row.zone(), row.start(), row.resolutionSec(), devices,
        (int) Math.min(devices, Math.round(row.randomMacs() * f)), estimate,
        (int) Math.min(estimate, Math.round(row.low() * f)), (int) Math.max(estimate, Math.round(row.high() * f)));
  }
}
