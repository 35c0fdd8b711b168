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
 * <p>A store visit of at least {@code minStoreVisitMs} is a visitor, counted once, in the minute it qualified (entry +
 * {@code minStoreVisitMs}) as soon as that is known: the device heard again in the store after that instant (its exit
 * can then not be dated earlier, {@link VisitListener#onHeardAgain}), or the visit ended long enough. Its dwell is
 * recorded when it ends, in the minute it ended. The watermark passing the qualifying instant alone proves nothing:
 * a device that left is only known gone an absence timeout later, its exit back-dated. A visit or pass
 * reported late (a sensor's backlog within the late horizon) into a minute already handed over amends it: the
 * minute's rows are handed over again, whole, and replace the ones written. A frontage
 * pass is the stretch of a trip spent in one corridor and the stores that front on it; when it ends (the device
 * moves elsewhere or leaves) every store of that corridor the device did not visit is passed by, counted in the
 * minute the pass ended, provided the device was in the corridor itself during the pass. A trip of at least
 * {@code minSiteVisitMs} is a site visitor, counted likewise in the minute it qualified; a shorter one a site
 * passer-by, counted when it ends. Devices on the allow-list, or present for longer than {@code staffPresenceMs} when
 * a visit qualifies (a pass: ends), are excluded, for good: a visitor counted is never taken back, since its minute
 * may be written long before the device turns out to be staff. Randomized addresses are counted apart.
 * The repeat-visit id of each visitor that has one goes to {@link RepeatVisits}.
 *
 * <p>Keeps one small object per device present and one array per open minute; not thread-safe.
 */
public final class StoreVisits implements VisitListener {

  private static final long MINUTE_MS = 60_000;
  /** How a visit or trip was counted: not yet, as a shopper visitor (its dwell follows), or excluded or randomized. */
  private static final byte UNCOUNTED = 0;
  private static final byte SHOPPER = 1;
  private static final byte APART = 2;

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
    byte counted = trip.visitZone == zone ? trip.visitCounted : UNCOUNTED;
    trip.visitZone = -1;
    if (scope < 0 || (counted == UNCOUNTED && exitTs - enterTs < settings.minStoreVisitMs())) {
      return;
    }
    if (trip.passCorridor >= 0 && trip.passCorridor == neighbourhood[zone]) {
      trip.passVisited |= 1L << bitOfStore[zone];
    }
    if (counted == UNCOUNTED) {
      // it qualified unseen: last heard in the store before entry + minimum, its exit dated after it
      counted = qualify(scope, enterTs + settings.minStoreVisitMs(), exitTs, trip, dev);
    }
    if (counted == SHOPPER) {
      dwell(scope, exitTs, exitTs - enterTs);
    }
  }

  @Override
  public void onTransition(long dev, int fromZone, int toZone, long ts, boolean random) {
    Trip trip = fromZone == OUTSIDE ? newTrip(dev, ts) : trip(dev, ts);
    trip.random |= random;
    if (toZone != OUTSIDE && scopeOfZone[toZone] >= 0) {
      // entered as the analytics date it: onVisit's entry is the same instant to the second
      trip.visitZone = toZone;
      trip.visitEnter = Math.floorDiv(ts, 1000) * 1000;
      trip.visitCounted = UNCOUNTED;
    } else {
      trip.visitZone = -1;
    }
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
      byte counted = trip.tripCounted;
      if (counted == UNCOUNTED && duration < settings.minSiteVisitMs()) {
        pass(siteScope, ts, trip, dev);
        return;
      }
      if (counted == UNCOUNTED) {
        counted = qualify(siteScope, trip.arrival + settings.minSiteVisitMs(), ts, trip, dev);
      }
      if (counted == SHOPPER) {
        dwell(siteScope, ts, duration);
      }
    }
  }

  /**
   * A device heard again in its zone was there until {@code lastHeard} at least: its exit will not be dated earlier.
   * A store visit or trip that has lasted its minimum by then qualifies now, counted in the minute it qualified.
   */
  @Override
  public void onHeardAgain(long dev, int fromZone, int toZone, long lastHeard, long heard) {
    Trip trip = trips.get(dev);
    if (trip == null) {
      return;
    }
    if (trip.visitZone == fromZone && trip.visitCounted == UNCOUNTED
        && Math.floorDiv(lastHeard, 1000) * 1000 - trip.visitEnter >= settings.minStoreVisitMs()) {
      trip.visitCounted = qualify(scopeOfZone[fromZone], trip.visitEnter + settings.minStoreVisitMs(), lastHeard,
          trip, dev);
      if (trip.passCorridor >= 0 && trip.passCorridor == neighbourhood[fromZone]) {
        trip.passVisited |= 1L << bitOfStore[fromZone];
      }
    }
    if (trip.tripCounted == UNCOUNTED && lastHeard - trip.arrival >= settings.minSiteVisitMs()) {
      trip.tripCounted = qualify(siteScope, trip.arrival + settings.minSiteVisitMs(), lastHeard, trip, dev);
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

  /**
   * Counts a visit of a scope that qualified at {@code qualifiedTs}, known at {@code knownTs}: in the minute it
   * qualified, or, when that minute is beyond the late horizon, in the one it became known.
   *
   * @return how it was counted: {@link #SHOPPER}, {@link #APART} (excluded or randomized), or {@link #UNCOUNTED}
   *         when both minutes are beyond the late horizon
   */
  private byte qualify(int scope, long qualifiedTs, long knownTs, Trip trip, long dev) {
    long ts = qualifiedTs;
    Cell cell = cell(scope, ts);
    if (cell == null) {
      ts = Math.max(qualifiedTs, knownTs);
      cell = cell(scope, ts);
    }
    if (cell == null) {
      return UNCOUNTED;
    }
    if (staff.contains(dev) || ts - trip.arrival > settings.staffPresenceMs()) {
      cell.excluded++;
      return APART;
    }
    if (trip.random) {
      cell.random++;
      today(ts, todayVisitors, scopeIds.length + scope);
      return APART;
    }
    cell.visitors++;
    today(ts, todayVisitors, scope);
    if (trip.rid != 0) {
      repeats.visit(trip.rid, scope, ts);
    }
    return SHOPPER;
  }

  /** Records the dwell of a shopper's visit of a scope, ended at {@code ts}. */
  private void dwell(int scope, long ts, long dwellMs) {
    Cell cell = cell(scope, ts);
    if (cell != null) {
      cell.buckets[Dwell.bucket(dwellMs)]++;
      cell.addBin(Dwell.bin(dwellMs));
      cell.dwellMs += dwellMs;
    }
  }

  /** Counts a pass of a scope, ended at {@code ts}, unless the device is staff or behind a randomized address. */
  private void pass(int scope, long ts, Trip trip, long dev) {
    if (staff.contains(dev) || ts - trip.arrival > settings.staffPresenceMs() || trip.random) {
      return;
    }
    Cell cell = cell(scope, ts);
    if (cell != null) {
      cell.passersBy++;
      today(ts, todayPassersBy, scope);
    }
  }

  private void endPass(long dev, Trip trip, long ts) {
    if (trip.passCorridor < 0) {
      return;
    }
    if (trip.passSawCorridor) {
      for (int store : storesOf[trip.passCorridor]) {
        if ((trip.passVisited & (1L << bitOfStore[store])) == 0) {
          pass(scopeOfZone[store], ts, trip, dev);
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
      out.writeInt(t.visitZone);
      out.writeLong(t.visitEnter);
      out.writeByte(t.visitCounted);
      out.writeByte(t.tripCounted);
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
      t.visitZone = in.readInt();
      if (t.visitZone < -1 || t.visitZone >= scopeOfZone.length || (t.visitZone >= 0 && scopeOfZone[t.visitZone] < 0)) {
        throw new IOException("visited zone " + t.visitZone + " is no store of the site");
      }
      t.visitEnter = in.readLong();
      t.visitCounted = counting(in.readByte());
      t.tripCounted = counting(in.readByte());
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

  private static byte counting(byte b) throws IOException {
    if (b != UNCOUNTED && b != SHOPPER && b != APART) {
      throw new IOException("unknown counting " + b);
    }
    return b;
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
    /** The store (or vacant unit) zone the device is in, or -1; when it entered, to the second; how it counted. */
    int visitZone = -1;
    long visitEnter;
    byte visitCounted;
    /** How the trip counted as a site visit so far. */
    byte tripCounted;

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
