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
 *
 * <p>Final minutes stay amendable for the late horizon: their event logs and the rows last sent are kept, so that an
 * event a late sighting dates into one of them is added to its log, and at the next closing every kept minute from
 * the earliest changed one on is computed again. A row whose figures changed is sent again with the minute's next
 * revision (a zone left without a row gets one of zeros), and the occupancy at the start of the open minutes follows.
 * Memory: the logs and rows of the horizon's minutes; beyond it a minute is forgotten for good.
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
  /** Occupancy of each zone at the start of {@link #firstKept}, the oldest final minute still amendable. */
  private final int[] keptStartOcc;
  /** Minute number of the oldest kept final minute; equal to {@link #firstOpen} when none is kept. */
  private long firstKept = NONE;
  /** Minutes firstKept, firstKept + 1, ... up to firstOpen - 1. */
  private final ArrayDeque<Kept> kept = new ArrayDeque<>();
  /** The oldest kept minute an event was added to since the last closing, or NONE. */
  private long dirtyFrom = NONE;
  private final List<ZoneMinute> recomputed = new ArrayList<>();
  private long revisedRows;

  MinuteRollups(Site site) {
    this.site = site;
    this.startOcc = new int[site.zones().size()];
    this.scratchOcc = new int[startOcc.length];
    this.keptStartOcc = new int[startOcc.length];
  }

  /**
   * Records that a device entered ({@code entry}) or left a zone at an instant of event time. An event dated in a
   * final minute still kept amends it; one dated before the oldest kept minute counts at that minute's start instead
   * (see {@link #redated()}): the occupancy after it is right, and a forgotten minute is never reopened.
   */
  void record(long ts, int zone, boolean entry) {
    long minute = Math.floorDiv(ts, MINUTE_MS);
    if (firstOpen == NONE) {
      firstOpen = minute;
      firstKept = minute;
    }
    if (minute < firstKept) {
      redated++;
      minute = firstKept;
      ts = minute * MINUTE_MS;
    }
    long event = ((long) zone << 17) | ((ts - minute * MINUTE_MS) << 1) | (entry ? 1 : 0);
    if (minute < firstOpen) {
      keptAt(minute).log.add(event);
      dirtyFrom = dirtyFrom == NONE ? minute : Math.min(dirtyFrom, minute);
      return;
    }
    while (firstOpen + logs.size() <= minute) {
      logs.add(spare.isEmpty() ? new MinuteLog() : spare.pop());
    }
    logs.get((int) (minute - firstOpen)).add(event);
  }

  /** Events dated in a minute already final, counted at the start of the oldest open minute instead. */
  long redated() {
    return redated;
  }

  /** Rows sent again since the start because late events amended their minutes. */
  long revisedRows() {
    return revisedRows;
  }

  /**
   * Start of the oldest minute an event can still change (kept or open), epoch ms: no event is dated earlier;
   * {@link Long#MIN_VALUE} before any.
   */
  long amendableFromMs() {
    return firstKept == NONE ? Long.MIN_VALUE : firstKept * MINUTE_MS;
  }

  /**
   * Sends the amended rows of the kept minutes, then closes every minute that ends at or before {@code closeBefore},
   * appending its rows, and keeps those that end after {@code keepAfter} amendable.
   */
  void closeUpTo(long closeBefore, long keepAfter, List<ZoneMinute> out) {
    if (firstOpen == NONE) {
      return;
    }
    amend(out);
    while ((firstOpen + 1) * MINUTE_MS <= closeBefore) {
      if (logs.isEmpty() && startTotal == 0) {
        long next = Math.max(firstOpen + 1, Math.floorDiv(closeBefore, MINUTE_MS));
        // the minutes skipped had no device and no event: kept empty, as far back as the horizon reaches
        long from = Math.max(firstOpen, Math.floorDiv(keepAfter, MINUTE_MS));
        if (from > firstOpen) {
          forgetUpTo(from * MINUTE_MS);
        }
        for (long m = from; m < next; m++) {
          keepFinal(m, null, null);
        }
        firstOpen = next;
        continue;
      }
      MinuteLog log = logs.isEmpty() ? null : logs.remove(0);
      int from = out.size();
      startTotal += rows(firstOpen, log, startOcc, out);
      keepFinal(firstOpen, log, out.subList(from, out.size()));
      firstOpen++;
    }
    forgetUpTo(keepAfter);
  }

  /**
   * Computes the kept minutes again from the earliest one amended, appends the rows whose figures changed with the
   * minute's next revision, and moves the open minutes' starting occupancy to what the amendments made it.
   */
  void amend(List<ZoneMinute> out) {
    if (dirtyFrom == NONE) {
      return;
    }
    System.arraycopy(keptStartOcc, 0, scratchOcc, 0, scratchOcc.length);
    long minute = firstKept;
    for (Kept k : kept) {
      recomputed.clear();
      rows(minute, k.log, scratchOcc, recomputed);
      if (minute >= dirtyFrom) {
        revise(k, recomputed, out);
      }
      minute++;
    }
    System.arraycopy(scratchOcc, 0, startOcc, 0, startOcc.length);
    long total = 0;
    for (int occ : startOcc) {
      total += occ;
    }
    startTotal = total;
    dirtyFrom = NONE;
  }

  /** Compares a kept minute's rows computed again with those sent, and sends the changed ones, revised. */
  private void revise(Kept k, List<ZoneMinute> now, List<ZoneMinute> out) {
    int revision = k.revision + 1;
    boolean changed = false;
    boolean[] seen = new boolean[startOcc.length];
    for (ZoneMinute row : now) {
      int zone = site.zone(row.zone()).orElseThrow().index();
      seen[zone] = true;
      ZoneMinute sent = k.rows[zone];
      if (sent == null || !sent.sameFigures(row)) {
        ZoneMinute revised = new ZoneMinute(row.site(), row.zone(), row.minute(), row.devicesAvg(), row.devicesMax(),
            row.entries(), row.exits(), row.uniques(), revision);
        k.rows[zone] = revised;
        out.add(revised);
        revisedRows++;
        changed = true;
      }
    }
    for (int zone = 0; zone < seen.length; zone++) {
      ZoneMinute sent = k.rows[zone];
      if (!seen[zone] && sent != null && (sent.devicesMax() != 0 || sent.entries() != 0 || sent.exits() != 0)) {
        // a zone left without a row had one stored: it is sent again as empty
        ZoneMinute empty = new ZoneMinute(sent.site(), sent.zone(), sent.minute(), 0, 0, 0, 0, 0, revision);
        k.rows[zone] = empty;
        out.add(empty);
        revisedRows++;
        changed = true;
      }
    }
    if (changed) {
      k.revision = revision;
    }
  }

  /**
   * The kept minute {@code minute}, its log allocated if it had none; the kept minutes run from firstKept to
   * firstOpen - 1 without a gap, so it is there.
   */
  private Kept keptAt(long minute) {
    long at = firstKept;
    Kept found = kept.peekLast();
    for (Kept k : kept) {
      if (at++ == minute) {
        found = k;
        break;
      }
    }
    if (found.log == null) {
      found.log = spare.isEmpty() ? new MinuteLog() : spare.pop();
    }
    return found;
  }

  /** Keeps a minute just closed amendable, with the rows it was sent with (null: none, and no event). */
  private void keepFinal(long minute, MinuteLog log, List<ZoneMinute> sent) {
    if (kept.isEmpty()) {
      firstKept = minute;
      System.arraycopy(startOcc, 0, keptStartOcc, 0, startOcc.length);
      if (sent != null) {
        // the start of this minute, not its end, which startOcc already holds
        for (ZoneMinute row : sent) {
          int zone = site.zone(row.zone()).orElseThrow().index();
          keptStartOcc[zone] -= row.entries() - row.exits();
        }
      }
    }
    ZoneMinute[] rows = new ZoneMinute[startOcc.length];
    if (sent != null) {
      for (ZoneMinute row : sent) {
        rows[site.zone(row.zone()).orElseThrow().index()] = row;
      }
    }
    kept.addLast(new Kept(log, rows));
  }

  /** Forgets the kept minutes that end at or before {@code keepAfter}: no late event may reach them any more. */
  private void forgetUpTo(long keepAfter) {
    while (!kept.isEmpty() && (firstKept + 1) * MINUTE_MS <= keepAfter) {
      Kept k = kept.pollFirst();
      for (ZoneMinute row : k.rows) {
        if (row != null) {
          keptStartOcc[site.zone(row.zone()).orElseThrow().index()] += row.entries() - row.exits();
        }
      }
      if (k.log != null) {
        k.log.size = 0;
        spare.push(k.log);
      }
      firstKept++;
    }
    if (kept.isEmpty()) {
      firstKept = firstOpen;
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
      writeLog(log, out);
    }
    out.writeLong(firstKept);
    out.writeLong(dirtyFrom);
    out.writeLong(revisedRows);
    for (int occ : keptStartOcc) {
      out.writeInt(occ);
    }
    out.writeInt(kept.size());
    for (Kept k : kept) {
      out.writeInt(k.revision);
      out.writeBoolean(k.log != null);
      if (k.log != null) {
        writeLog(k.log, out);
      }
      int rows = 0;
      for (ZoneMinute row : k.rows) {
        rows += row == null ? 0 : 1;
      }
      out.writeShort(rows);
      for (int zone = 0; zone < k.rows.length; zone++) {
        if (k.rows[zone] != null) {
          out.writeShort(zone);
          k.rows[zone].writeFigures(out);
        }
      }
    }
  }

  private static void writeLog(MinuteLog log, DataOutput out) throws IOException {
    out.writeInt(log.size);
    for (int i = 0; i < log.size; i++) {
      out.writeLong(log.events[i]);
    }
  }

  private MinuteLog readLog(DataInput in) throws IOException {
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
    return log;
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
      logs.add(readLog(in));
    }
    firstKept = in.readLong();
    dirtyFrom = in.readLong();
    revisedRows = in.readLong();
    for (int z = 0; z < keptStartOcc.length; z++) {
      keptStartOcc[z] = in.readInt();
    }
    int keptMinutes = in.readInt();
    if (keptMinutes < 0 || (keptMinutes > 0 && firstKept + keptMinutes != firstOpen)) {
      throw new IOException("kept minutes that do not end where the open ones begin");
    }
    for (int m = 0; m < keptMinutes; m++) {
      int revision = in.readInt();
      MinuteLog log = in.readBoolean() ? readLog(in) : null;
      ZoneMinute[] rows = new ZoneMinute[startOcc.length];
      int count = in.readShort();
      for (int r = 0; r < count; r++) {
        int zone = in.readShort();
        if (zone < 0 || zone >= rows.length) {
          throw new IOException("kept row of a zone outside the site");
        }
        rows[zone] = ZoneMinute.readFigures(site.id(), site.zones().get(zone).id(), in);
      }
      Kept k = new Kept(log, rows);
      k.revision = revision;
      kept.addLast(k);
    }
  }

  /** Bytes held by the open minutes' event logs. */
  long approxBytes() {
    long bytes = 0;
    for (MinuteLog log : logs) {
      bytes += log.events.length * 8L;
    }
    for (Kept k : kept) {
      bytes += (k.log == null ? 0 : k.log.events.length * 8L) + k.rows.length * 8L;
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

  /** A final minute still amendable: its events, the row sent for each zone (null: none) and its revision. */
  private static final class Kept {
    MinuteLog log;
    final ZoneMinute[] rows;
    int revision;

    Kept(MinuteLog log, ZoneMinute[] rows) {
      this.log = log;
      this.rows = rows;
    }
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
