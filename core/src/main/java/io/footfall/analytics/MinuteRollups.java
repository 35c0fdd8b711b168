package io.footfall.analytics;

import io.footfall.site.Site;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Per-minute zone figures built from a log of entry and exit events. Exits are back-dated (a departure is only
 * known an absence timeout later), so events reach a minute out of order; each open minute keeps its events as
 * packed longs (zone, millisecond in the minute, exit-or-entry) and is computed when it is closed: sorting puts
 * every zone's events in time order, with exits before entries at the same millisecond.
 *
 * <p>Rows: {@code devicesAvg} and {@code devicesMax} are exact over the event sequence; {@code uniques} is the
 * occupancy at the minute's start plus the entries, so a device that leaves and re-enters a zone within one
 * minute counts twice (hysteresis makes that rare). A zone gets a row when it had an event or a device in it.
 */
final class MinuteRollups {

  static final long MINUTE_MS = 60_000;
  private static final long NONE = Long.MIN_VALUE;

  private final Site site;
  /** Occupancy of each zone at the start of {@link #firstOpen}. */
  private final int[] startOcc;
  private long startTotal;
  /** Minute number (epoch ms / 60 000) of the oldest open minute, or NONE before the first event. */
  private long firstOpen = NONE;
  /** Event logs of minutes firstOpen, firstOpen + 1, ... */
  private final List<MinuteLog> logs = new ArrayList<>();
  private final ArrayDeque<MinuteLog> spare = new ArrayDeque<>();
  private final int[] scratchOcc;
  private long redated;

  MinuteRollups(Site site) {
    this.site = site;
    this.startOcc = new int[site.zones().size()];
    this.scratchOcc = new int[startOcc.length];
  }

  /**
   * Records that a device entered ({@code entry}) or left a zone at an instant of event time. An event dated in a
   * minute already final counts at the start of the oldest open minute (see {@link #redated()}): the occupancy after
   * it is right, and a final row is never reopened.
   */
  void record(long ts, int zone, boolean entry) {
    long minute = Math.floorDiv(ts, MINUTE_MS);
    if (firstOpen == NONE) {
      firstOpen = minute;
    }
    if (minute < firstOpen) {
      redated++;
      minute = firstOpen;
      ts = minute * MINUTE_MS;
    }
    while (firstOpen + logs.size() <= minute) {
      logs.add(spare.isEmpty() ? new MinuteLog() : spare.pop());
    }
    logs.get((int) (minute - firstOpen)).add(((long) zone << 17) | ((ts - minute * MINUTE_MS) << 1) | (entry ? 1 : 0));
  }

  /** Events dated in a minute already final, counted at the start of the oldest open minute instead. */
  long redated() {
    return redated;
  }

  /** Start of the oldest minute still open, epoch ms: no event may be dated earlier; {@link Long#MIN_VALUE} before any. */
  long openFromMs() {
    return firstOpen == NONE ? Long.MIN_VALUE : firstOpen * MINUTE_MS;
  }

  /** Closes every minute that ends at or before {@code closeBefore}, appending its rows. */
  void closeUpTo(long closeBefore, List<ZoneMinute> out) {
    if (firstOpen == NONE) {
      return;
    }
    while ((firstOpen + 1) * MINUTE_MS <= closeBefore) {
      if (logs.isEmpty() && startTotal == 0) {
        firstOpen = Math.max(firstOpen + 1, Math.floorDiv(closeBefore, MINUTE_MS));
        continue;
      }
      MinuteLog log = logs.isEmpty() ? null : logs.remove(0);
      startTotal += rows(firstOpen, log, startOcc, out);
      if (log != null) {
        log.size = 0;
        spare.push(log);
      }
      firstOpen++;
    }
  }

  /** Appends provisional rows of every open minute up to the one holding {@code until}, changing nothing. */
  void provisional(long until, List<ZoneMinute> out) {
    if (firstOpen == NONE) {
      return;
    }
    System.arraycopy(startOcc, 0, scratchOcc, 0, startOcc.length);
    long total = startTotal;
    long last = Math.max(Math.floorDiv(until, MINUTE_MS), firstOpen + logs.size() - 1);
    for (long m = firstOpen; m <= last; m++) {
      int at = (int) (m - firstOpen);
      if (at >= logs.size() && total == 0) {
        break;
      }
      total += rows(m, at < logs.size() ? logs.get(at) : null, scratchOcc, out);
    }
  }

  /** Writes the open minutes: their first minute, the occupancy at its start and every event logged since. */
  void writeTo(DataOutput out) throws IOException {
    out.writeLong(firstOpen);
    out.writeLong(startTotal);
    out.writeLong(redated);
    for (int occ : startOcc) {
      out.writeInt(occ);
    }
    out.writeInt(logs.size());
    for (MinuteLog log : logs) {
      out.writeInt(log.size);
      for (int i = 0; i < log.size; i++) {
        out.writeLong(log.events[i]);
      }
    }
  }

  /** Takes the open minutes {@link #writeTo} wrote into empty rollups. */
  void readFrom(DataInput in) throws IOException {
    firstOpen = in.readLong();
    startTotal = in.readLong();
    redated = in.readLong();
    for (int z = 0; z < startOcc.length; z++) {
      startOcc[z] = in.readInt();
    }
    int minutes = in.readInt();
    if (minutes < 0) {
      throw new IOException("negative open minute count");
    }
    for (int m = 0; m < minutes; m++) {
      MinuteLog log = new MinuteLog();
      int n = in.readInt();
      if (n < 0) {
        throw new IOException("negative event count");
      }
      for (int i = 0; i < n; i++) {
        long event = in.readLong();
        if ((int) (event >>> 17) >= startOcc.length) {
          throw new IOException("event of a zone outside the site");
        }
        log.add(event);
      }
      logs.add(log);
    }
  }

  /** Bytes held by the open minutes' event logs. */
  long approxBytes() {
    long bytes = 0;
    for (MinuteLog log : logs) {
      bytes += log.events.length * 8L;
    }
    return bytes;
  }

  /**
   * Appends the rows of one minute and moves {@code occ} from its start to its end.
   *
   * @return the change of the site's total occupancy over the minute
   */
  private long rows(long minute, MinuteLog events, int[] occ, List<ZoneMinute> out) {
    long[] log = events == null ? null : events.events;
    int size = events == null ? 0 : events.size;
    if (log != null) {
      Arrays.sort(log, 0, size);
    }
    long delta = 0;
    int e = 0;
    for (int zone = 0; zone < occ.length; zone++) {
      boolean hasEvents = e < size && (int) (log[e] >>> 17) == zone;
      if (!hasEvents && occ[zone] == 0) {
        continue;
      }
      int start = occ[zone];
      int current = start;
      int max = start;
      int entries = 0;
      int exits = 0;
      long area = 0;
      long at = 0;
      for (; e < size && (int) (log[e] >>> 17) == zone; e++) {
        long t = (log[e] >>> 1) & 0xFFFF;
        area += current * (t - at);
        at = t;
        if ((log[e] & 1) != 0) {
          current++;
          entries++;
          max = Math.max(max, current);
        } else {
          current--;
          exits++;
        }
      }
      area += current * (MINUTE_MS - at);
      occ[zone] = current;
      delta += current - start;
      out.add(new ZoneMinute(site.id(), site.zones().get(zone).id(), minute * MINUTE_MS,
          (double) area / MINUTE_MS, max, entries, exits, start + entries));
    }
    return delta;
  }

  /** The events of one open minute. */
  private static final class MinuteLog {
    private static final long[] NONE_YET = new long[0];
    // allocated at the first event: a jump of event time opens many minutes that stay empty
    long[] events = NONE_YET;
    int size;

    void add(long event) {
      if (size == events.length) {
        events = Arrays.copyOf(events, Math.max(256, size * 2));
      }
      events[size++] = event;
    }
  }
}
