package io.footfall.analytics;

import io.footfall.site.Site;
import io.footfall.site.Zone;
import io.footfall.site.ZoneKind;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Visitors, passers-by, dwell and exclusions per store and minute, and for the whole site, from the visits
 * {@link SiteAnalytics} reports ({@code docs/metrics.md} defines each figure).
 *
 * <p>A store visit of at least {@code minStoreVisitMs} is a visitor, counted in the minute it ended. A visit or pass
 * reported late (a sensor's backlog within the late horizon) into a minute already handed over amends it: the
 * minute's rows are handed over again, whole, and replace the ones written. A frontage
 * pass is the stretch of a trip spent in one corridor and the stores that front on it; when it ends (the device
 * moves elsewhere or leaves) every store of that corridor the device did not visit is passed by, counted in the
 * minute the pass ended, provided the device was in the corridor itself during the pass. A trip of at least
 * {@code minSiteVisitMs} is a site visitor, a shorter one a site passer-by. Devices on the allow-list, or present
 * for longer than {@code staffPresenceMs} when a visit ends, are excluded; randomized addresses are counted apart.
 * The repeat-visit id of each visitor that has one goes to {@link RepeatVisits}.
 *
 * <p>Keeps one small object per device present and one array per open minute; not thread-safe.
 */
public final class StoreVisits implements VisitListener {

  private static final long MINUTE_MS = 60_000;

  private final Site site;
  private final MetricsSettings settings;
  private final Set<Long> staff;
  private final ZoneId timezone;
  /** Scope of each zone: its store index, or -1; the site is scope {@link #siteScope}. */
  private final int[] scopeOfZone;
  private final String[] scopeIds;
  private final int siteScope;
  /** For a store, the corridor in front of it; for a corridor with stores, itself; else -1. */
  private final int[] neighbourhood;
  /** Stores per corridor zone, and each store's bit among those of its corridor. */
  private final int[][] storesOf;
  private final int[] bitOfStore;
  private final LongObjectMap<Trip> trips = new LongObjectMap<>();
  private final TreeMap<Long, Cell[]> open = new TreeMap<>();
  private final List<StoreMinute> finished = new ArrayList<>();
  /**
   * Today's visitors per scope: fixed-address ones at [scope], randomized ones at [scopes + scope]. One array,
   * written sparse, so that a snapshot from before the randomized half existed still reads (its half starts at 0).
   */
  private final int[] todayVisitors;
  private final int[] todayPassersBy;
  private final RepeatVisits repeats;
  private long dayStart = Long.MIN_VALUE;
  private long dayEnd = Long.MIN_VALUE;
  private long closedBefore = Long.MIN_VALUE;
  /**
   * Closed minutes a late visit may still change (within the late horizon), and those it changed since the last
   * close: their rows are handed over again, whole, and replace the ones written.
   */
  private final TreeMap<Long, Cell[]> amendable = new TreeMap<>();
  private final TreeSet<Long> amended = new TreeSet<>();
  private long amendableAfter = Long.MIN_VALUE;

  public StoreVisits(Site site, MetricsSettings settings) {
    this.site = site;
    this.settings = settings;
    this.staff = settings.staffKeys();
    this.timezone = ZoneId.of(site.timezone());
    List<Zone> zones = site.zones();
    scopeOfZone = new int[zones.size()];
    neighbourhood = new int[zones.size()];
    bitOfStore = new int[zones.size()];
    Arrays.fill(neighbourhood, -1);
    List<String> ids = new ArrayList<>();
    List<List<Integer>> fronting = new ArrayList<>();
    zones.forEach(z -> fronting.add(new ArrayList<>()));
    for (Zone z : zones) {
      // a vacant unit is counted like a store: its passers-by are the frontage traffic a shop there would face
      boolean unit = z.kind() == ZoneKind.STORE || z.kind() == ZoneKind.VACANT;
      scopeOfZone[z.index()] = unit ? ids.size() : -1;
      if (unit) {
        ids.add(z.id());
      }
      if (unit && z.frontage() != null) {
        int corridor = site.zone(z.frontage()).orElseThrow().index();
        List<Integer> stores = fronting.get(corridor);
        if (stores.size() == Long.SIZE) {
          throw new IllegalArgumentException("more than 64 stores front on zone " + z.frontage());
        }
        bitOfStore[z.index()] = stores.size();
        stores.add(z.index());
        neighbourhood[z.index()] = corridor;
        neighbourhood[corridor] = corridor;
      }
    }
    storesOf = fronting.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
    siteScope = ids.size();
    ids.add(StoreMinute.SITE);
    scopeIds = ids.toArray(String[]::new);
    todayVisitors = new int[2 * scopeIds.length];
    todayPassersBy = new int[scopeIds.length];
    repeats = new RepeatVisits(site.id(), scopeIds, timezone);
  }

  /** The repeat-visit ids of the visitors counted here. */
  public RepeatVisits repeats() {
    return repeats;
  }

  /**
   * Visitors and passers-by of one store (or of the site, zone {@link StoreMinute#SITE}) since local midnight.
   *
   * @param fixedAddressVisitors visitors whose phone keeps its (globally administered) address
   * @param random               visitors behind randomized addresses, their rotations followed as one device
   * @param passersBy            passers-by; only fixed-address phones, since a randomized one's pass is not followed
   */
  public record Today(String zone, int fixedAddressVisitors, int random, int passersBy) {

    /** Every visitor: fixed and randomized addresses, the figure shown as "visitors" everywhere. */
    public int visitors() {
      return fixedAddressVisitors + random;
    }

    /** Among the phones whose passes are seen (fixed addresses): visitors / (visitors + passers-by), or null. */
    public Double captureRate() {
      return StoreVisits.captureRate(fixedAddressVisitors, passersBy);
    }
  }

  /** visitors / (visitors + passers-by), or null when both are zero. */
  public static Double captureRate(long visitors, long passersBy) {
    return visitors + passersBy == 0 ? null : (double) visitors / (visitors + passersBy);
  }

  @Override
  public void onVisit(long dev, int zone, long enterTs, long exitTs, boolean random) {
    Trip trip = trip(dev, enterTs);
    trip.random |= random;
    int scope = scopeOfZone[zone];
    if (scope < 0 || exitTs - enterTs < settings.minStoreVisitMs()) {
      return;
    }
    if (trip.passCorridor >= 0 && trip.passCorridor == neighbourhood[zone]) {
      trip.passVisited |= 1L << bitOfStore[zone];
    }
    count(scope, exitTs, trip, dev, exitTs - enterTs, true);
  }

  @Override
  public void onTransition(long dev, int fromZone, int toZone, long ts, boolean random) {
    Trip trip = fromZone == OUTSIDE ? newTrip(dev, ts) : trip(dev, ts);
    int next = toZone == OUTSIDE ? -1 : neighbourhood[toZone];
    if (fromZone != OUTSIDE && next != trip.passCorridor) {
      endPass(dev, trip, ts);
    }
    if (next >= 0 && next != trip.passCorridor) {
      trip.passCorridor = next;
      trip.passVisited = 0;
      trip.passSawCorridor = false;
    }
    if (next >= 0 && toZone == next) {
      trip.passSawCorridor = true;
    }
    if (toZone == OUTSIDE) {
      trips.remove(dev);
      long duration = ts - trip.arrival;
      count(siteScope, ts, trip, dev, duration, duration >= settings.minSiteVisitMs());
    }
  }

  @Override
  public void onRepeatId(long dev, long rid, long ts) {
    trip(dev, ts).rid = rid;
  }

  @Override
  public void onRenamed(long oldDev, long newDev) {
    Trip trip = trips.remove(oldDev);
    if (trip != null) {
      trips.put(newDev, trip);
    }
  }

  @Override
  public void onFinal(long before, long amendableAfter) {
    closedBefore = Math.max(closedBefore, before);
    this.amendableAfter = Math.max(this.amendableAfter, amendableAfter);
    for (long minute : amended) {
      rows(minute, amendable.get(minute), finished);
    }
    amended.clear();
    while (!open.isEmpty() && (open.firstKey() + 1) * MINUTE_MS <= before) {
      Map.Entry<Long, Cell[]> minute = open.pollFirstEntry();
      rows(minute.getKey(), minute.getValue(), finished);
      amendable.put(minute.getKey(), minute.getValue());
    }
    while (!amendable.isEmpty() && (amendable.firstKey() + 1) * MINUTE_MS <= this.amendableAfter) {
      amendable.pollFirstEntry();
    }
  }

  /** Final rows of the minutes closed since the last call, oldest first. */
  public List<StoreMinute> drainFinished() {
    if (finished.isEmpty()) {
      return List.of();
    }
    List<StoreMinute> rows = List.copyOf(finished);
    finished.clear();
    return rows;
  }

  /** For a shutdown: the final rows not drained yet, then provisional rows of the open minutes; changes nothing else. */
  public List<StoreMinute> flushOpen() {
    List<StoreMinute> rows = new ArrayList<>(finished);
    finished.clear();
    open.forEach((minute, cells) -> rows(minute, cells, rows));
    return rows;
  }

  /** Today's figures per store and for the site (last), as of event time {@code now}. */
  public List<Today> today(long now) {
    boolean current = now < dayEnd;
    List<Today> out = new ArrayList<>(scopeIds.length);
    for (int s = 0; s < scopeIds.length; s++) {
      out.add(current
          ? new Today(scopeIds[s], todayVisitors[s], todayVisitors[scopeIds.length + s], todayPassersBy[s])
          : new Today(scopeIds[s], 0, 0, 0));
    }
    return out;
  }

  /** Devices whose trip is being followed now. */
  public int trips() {
    return trips.size();
  }

  /** Counts a qualifying visit ({@code visit}) or a pass of a scope, ended at {@code ts}. */
  private void count(int scope, long ts, Trip trip, long dev, long dwellMs, boolean visit) {
    Cell cell = cell(scope, ts);
    if (cell == null) {
      return;
    }
    boolean excluded = staff.contains(dev) || ts - trip.arrival > settings.staffPresenceMs();
    if (excluded || trip.random) {
      if (visit && excluded) {
        cell.excluded++;
      } else if (visit) {
        cell.random++;
        today(ts, todayVisitors, scopeIds.length + scope);
      }
      return;
    }
    if (!visit) {
      cell.passersBy++;
      today(ts, todayPassersBy, scope);
      return;
    }
    cell.visitors++;
    cell.buckets[Dwell.bucket(dwellMs)]++;
    cell.addBin(Dwell.bin(dwellMs));
    cell.dwellMs += dwellMs;
    today(ts, todayVisitors, scope);
    if (trip.rid != 0) {
      repeats.visit(trip.rid, scope, ts);
    }
  }

  private void endPass(long dev, Trip trip, long ts) {
    if (trip.passCorridor < 0) {
      return;
    }
    if (trip.passSawCorridor) {
      for (int store : storesOf[trip.passCorridor]) {
        if ((trip.passVisited & (1L << bitOfStore[store])) == 0) {
          count(scopeOfZone[store], ts, trip, dev, 0, false);
        }
      }
    }
    trip.passCorridor = -1;
  }

  /**
   * The cell of a scope for the minute holding {@code ts}: an open minute's, or a closed one's that a late visit
   * amends; null for a minute beyond the late horizon.
   */
  private Cell cell(int scope, long ts) {
    long minute = Math.floorDiv(ts, MINUTE_MS);
    Cell[] cells;
    if ((minute + 1) * MINUTE_MS <= closedBefore) {
      if ((minute + 1) * MINUTE_MS <= amendableAfter) {
        return null;
      }
      cells = amendable.computeIfAbsent(minute, m -> new Cell[scopeIds.length]);
      amended.add(minute);
    } else {
      cells = open.computeIfAbsent(minute, m -> new Cell[scopeIds.length]);
    }
    if (cells[scope] == null) {
      cells[scope] = new Cell();
    }
    return cells[scope];
  }

  private void today(long ts, int[] counter, int scope) {
    if (ts >= dayEnd) {
      LocalDate day = LocalDate.ofInstant(Instant.ofEpochMilli(ts), timezone);
      dayStart = day.atStartOfDay(timezone).toInstant().toEpochMilli();
      dayEnd = day.plusDays(1).atStartOfDay(timezone).toInstant().toEpochMilli();
      Arrays.fill(todayVisitors, 0);
      Arrays.fill(todayPassersBy, 0);
    }
    if (ts >= dayStart) {
      counter[scope]++;
    }
  }

  private Trip newTrip(long dev, long ts) {
    Trip trip = new Trip(ts);
    trips.put(dev, trip);
    return trip;
  }

  /** A device's trip; one that arrived before these metrics were attached starts now. */
  private Trip trip(long dev, long ts) {
    Trip trip = trips.get(dev);
    return trip != null ? trip : newTrip(dev, ts);
  }

  private void rows(long minute, Cell[] cells, List<StoreMinute> out) {
    for (int s = 0; s < cells.length; s++) {
      Cell c = cells[s];
      if (c != null) {
        out.add(new StoreMinute(site.id(), scopeIds[s], minute * MINUTE_MS, c.visitors, c.passersBy, c.excluded,
            c.random, c.buckets.clone(), c.finePairs(), c.dwellMs));
      }
    }
  }

  /** Writes the trips under way, the open minutes, the rows not drained and today's counts, for a snapshot. */
  @Override
  public void writeState(DataOutput out) throws IOException {
    out.writeLong(closedBefore);
    out.writeLong(dayStart);
    out.writeLong(dayEnd);
    SparseArrays.write(out, todayVisitors);
    SparseArrays.write(out, todayPassersBy);
    out.writeInt(trips.size());
    trips.forEach((dev, t) -> {
      out.writeLong(dev);
      out.writeLong(t.arrival);
      out.writeBoolean(t.random);
      out.writeLong(t.rid);
      out.writeInt(t.passCorridor);
      out.writeBoolean(t.passSawCorridor);
      out.writeLong(t.passVisited);
    });
    writeMinutes(out, open);
    out.writeInt(finished.size());
    for (StoreMinute row : finished) {
      row.writeFigures(out);
    }
    repeats.writeState(out);
    out.writeLong(amendableAfter);
    writeMinutes(out, amendable);
    out.writeInt(amended.size());
    for (long minute : amended) {
      out.writeLong(minute);
    }
  }

  /** Reads what {@link #writeState} wrote into this instance, built for the same site and settings. */
  @Override
  public void readState(DataInput in) throws IOException {
    closedBefore = in.readLong();
    dayStart = in.readLong();
    dayEnd = in.readLong();
    SparseArrays.read(in, todayVisitors);
    SparseArrays.read(in, todayPassersBy);
    int tripCount = SparseArrays.count(in, Integer.MAX_VALUE);
    for (int i = 0; i < tripCount; i++) {
      long dev = in.readLong();
      Trip t = new Trip(in.readLong());
      t.random = in.readBoolean();
      t.rid = in.readLong();
      t.passCorridor = in.readInt();
      if (t.passCorridor < -1 || t.passCorridor >= scopeOfZone.length) {
        throw new IOException("pass corridor " + t.passCorridor + " outside the site");
      }
      t.passSawCorridor = in.readBoolean();
      t.passVisited = in.readLong();
      trips.put(dev, t);
    }
    readMinutes(in, open);
    int rows = SparseArrays.count(in, Integer.MAX_VALUE);
    for (int r = 0; r < rows; r++) {
      finished.add(StoreMinute.readFigures(site.id(), in));
    }
    repeats.readState(in);
    amendableAfter = in.readLong();
    readMinutes(in, amendable);
    int amendedCount = SparseArrays.count(in, Integer.MAX_VALUE);
    for (int i = 0; i < amendedCount; i++) {
      long minute = in.readLong();
      if (!amendable.containsKey(minute)) {
        throw new IOException("amended minute " + minute + " is not amendable");
      }
      amended.add(minute);
    }
  }

  private static void writeMinutes(DataOutput out, TreeMap<Long, Cell[]> minutes) throws IOException {
    out.writeInt(minutes.size());
    for (Map.Entry<Long, Cell[]> minute : minutes.entrySet()) {
      out.writeLong(minute.getKey());
      for (Cell cell : minute.getValue()) {
        out.writeBoolean(cell != null);
        if (cell != null) {
          cell.writeTo(out);
        }
      }
    }
  }

  private void readMinutes(DataInput in, TreeMap<Long, Cell[]> minutes) throws IOException {
    int count = SparseArrays.count(in, Integer.MAX_VALUE);
    for (int m = 0; m < count; m++) {
      Cell[] cells = new Cell[scopeIds.length];
      minutes.put(in.readLong(), cells);
      for (int scope = 0; scope < cells.length; scope++) {
        if (in.readBoolean()) {
          cells[scope] = Cell.readFrom(in);
        }
      }
    }
  }

  @Override
  public void forgetState() {
    closedBefore = Long.MIN_VALUE;
    dayStart = Long.MIN_VALUE;
    dayEnd = Long.MIN_VALUE;
    Arrays.fill(todayVisitors, 0);
    Arrays.fill(todayPassersBy, 0);
    trips.clear();
    open.clear();
    finished.clear();
    amendable.clear();
    amended.clear();
    amendableAfter = Long.MIN_VALUE;
    repeats.forgetState();
  }

  /** Where a device is in its trip. */
  private static final class Trip {
    final long arrival;
    boolean random;
    /** Repeat-visit id, 0 when the device sent none. */
    long rid;
    int passCorridor = -1;
    boolean passSawCorridor;
    long passVisited;

    Trip(long arrival) {
      this.arrival = arrival;
    }
  }

  /** The counts of one scope in one open minute. */
  private static final class Cell {
    int visitors;
    int passersBy;
    int excluded;
    int random;
    long dwellMs;
    final int[] buckets = new int[Dwell.BUCKETS.size()];
    int[] bins = new int[4];
    int binCount;

    void writeTo(DataOutput out) throws IOException {
      out.writeInt(visitors);
      out.writeInt(passersBy);
      out.writeInt(excluded);
      out.writeInt(random);
      out.writeLong(dwellMs);
      for (int b : buckets) {
        out.writeInt(b);
      }
      out.writeInt(binCount);
      for (int i = 0; i < binCount; i++) {
        out.writeInt(bins[i]);
      }
    }

    static Cell readFrom(DataInput in) throws IOException {
      Cell cell = new Cell();
      cell.visitors = in.readInt();
      cell.passersBy = in.readInt();
      cell.excluded = in.readInt();
      cell.random = in.readInt();
      cell.dwellMs = in.readLong();
      for (int b = 0; b < cell.buckets.length; b++) {
        cell.buckets[b] = in.readInt();
      }
      int bins = SparseArrays.count(in, 1 << 24);
      for (int i = 0; i < bins; i++) {
        cell.addBin(in.readInt());
      }
      return cell;
    }

    void addBin(int bin) {
      if (binCount == bins.length) {
        bins = Arrays.copyOf(bins, binCount * 2);
      }
      bins[binCount++] = bin;
    }

    /** The bins as (minute, visits) pairs in minute order. */
    int[] finePairs() {
      int[] sorted = Arrays.copyOf(bins, binCount);
      Arrays.sort(sorted);
      int[] pairs = new int[binCount * 2];
      int n = 0;
      for (int i = 0; i < sorted.length; i++) {
        if (n > 0 && pairs[n - 2] == sorted[i]) {
          pairs[n - 1]++;
        } else {
          pairs[n++] = sorted[i];
          pairs[n++] = 1;
        }
      }
      return Arrays.copyOf(pairs, n);
    }
  }
}
