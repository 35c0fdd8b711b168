package io.footfall.analytics;

import io.footfall.site.Site;
import io.footfall.site.WalkGraph;
import io.footfall.site.Zone;
import io.footfall.site.ZoneKind;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Zone-to-zone transitions per hour (the origin-destination matrix, arrivals and departures as
 * {@link FlowHour#OUTSIDE}) and the paths of site visits per hour: the stores, food courts and service zones a
 * trip stayed in for at least {@code minStoreVisitMs}, in order, repeats in a row merged, corridors and entrances
 * skipped. A path is counted in the hour its trip ended; trips without such a stop, by randomized addresses or by
 * excluded devices have none. Transitions of allow-listed devices and of devices present longer than
 * {@code staffPresenceMs} are left out; those of randomized addresses are counted, since they are real moves.
 * An hour's corridor-to-corridor cells also count the moves expected while nobody heard the devices
 * ({@link HiddenWalks}), once the hour closes; the live flows scale the heard moves by what the last closed hour
 * added to them.
 *
 * <p>Keeps one small object per device present and one matrix per open hour; not thread-safe.
 */
public final class Flows implements VisitListener {

  private static final long HOUR_MS = 3_600_000;
  private static final String TRUNCATED = "...";

  private final Site site;
  private final MetricsSettings settings;
  private final Set<Long> staff;
  /** Matrix side: zones plus "outside" at index 0. */
  private final int side;
  private final boolean[] stop;
  private final LongObjectMap<Trip> trips = new LongObjectMap<>();
  private final TreeMap<Long, Hour> open = new TreeMap<>();
  private final List<FlowHour> finishedFlows = new ArrayList<>();
  private final List<PathHour> finishedPaths = new ArrayList<>();
  private final RecentFlows recent;
  /**
   * Null when hidden walks or walked paths are off (the hidden moves are those beyond the shortest walk walked
   * paths fill in), or the site's corridors are not modelled.
   */
  private final HiddenWalks hidden;
  /**
   * Per matrix cell, stored over heard moves in the last hour closed with silences: the live flows, which count
   * heard moves as they come, are scaled by it.
   */
  private final double[] liveScale;
  private long closedBefore = Long.MIN_VALUE;
  /**
   * Closed hours a late move may still change (within the late horizon), with the unheard moves estimated as each
   * closed, and those changed since the last close: their flow rows are handed over again and replace the written
   * ones. Their paths are not: a late trip's path is not counted.
   */
  private final TreeMap<Long, ClosedHour> amendable = new TreeMap<>();
  private final TreeSet<Long> amended = new TreeSet<>();
  private long amendableAfter = Long.MIN_VALUE;

  /** @param walks the site's walk graph when walked paths are on, else null */
  Flows(Site site, MetricsSettings settings, WalkGraph walks) {
    this.site = site;
    this.settings = settings;
    this.staff = settings.staffKeys();
    this.side = site.zones().size() + 1;
    this.stop = new boolean[site.zones().size()];
    this.recent = new RecentFlows(side);
    HiddenWalks model = walks == null || !settings.hiddenWalks() ? null : new HiddenWalks(site, walks);
    this.hidden = model != null && model.enabled() ? model : null;
    this.liveScale = new double[side * side];
    Arrays.fill(liveScale, 1);
    for (Zone z : site.zones()) {
      stop[z.index()] = z.kind() == ZoneKind.STORE || z.kind() == ZoneKind.FOOD_COURT || z.kind() == ZoneKind.SERVICE;
    }
  }

  @Override
  public void onVisit(long dev, int zone, long enterTs, long exitTs, boolean random) {
    Trip trip = trip(dev, enterTs);
    trip.random |= random;
    if (!stop[zone] || exitTs - enterTs < settings.minStoreVisitMs()) {
      return;
    }
    if (trip.stops > 0 && trip.path[trip.stops - 1] == zone) {
      return;
    }
    if (trip.stops == settings.maxPathStops()) {
      trip.truncated = true;
      return;
    }
    if (trip.stops == trip.path.length) {
      trip.path = Arrays.copyOf(trip.path, Math.min(trip.stops * 2, settings.maxPathStops()));
    }
    trip.path[trip.stops++] = zone;
  }

  @Override
  public void onTransition(long dev, int fromZone, int toZone, long ts, boolean random) {
    Trip trip;
    if (fromZone == OUTSIDE) {
      trip = new Trip(ts, startingStops());
      trips.put(dev, trip);
    } else {
      trip = trip(dev, ts);
    }
    boolean excluded = staff.contains(dev) || ts - trip.arrival > settings.staffPresenceMs();
    Hour hour = excluded ? null : hour(ts);
    if (!excluded) {
      recent.add(ts, cell(fromZone, toZone));
    }
    if (hour != null) {
      hour.transitions[cell(fromZone, toZone)]++;
    }
    if (toZone == OUTSIDE) {
      trips.remove(dev);
      if (hour != null && !trip.random && trip.stops > 0) {
        hour.paths.merge(path(trip), 1, Integer::sum);
      }
    }
  }

  @Override
  public void onHeardAgain(long dev, int fromZone, int toZone, long lastHeard, long heard) {
    Trip trip = hidden == null || !hidden.models(fromZone, toZone) ? null : trips.get(dev);
    if (trip == null || staff.contains(dev) || heard - trip.arrival > settings.staffPresenceMs()) {
      return;
    }
    Hour hour = hour(lastHeard);
    if (hour != null) {
      if (hour.silences == null) {
        hour.silences = hidden.newHour();
      }
      hidden.silence(hour.silences, fromZone, toZone, lastHeard, heard);
    }
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
    for (long hourNumber : amended) {
      ClosedHour closed = amendable.get(hourNumber);
      rows(hourNumber, closed.hour, closed.unheard, finishedFlows, null);
    }
    amended.clear();
    while (!open.isEmpty() && (open.firstKey() + 1) * HOUR_MS <= before) {
      Map.Entry<Long, Hour> closing = open.pollFirstEntry();
      Hour hour = closing.getValue();
      if (hour.silences != null) {
        hidden.refit(hour.silences);
      }
      double[] unheard = unheard(hour);
      if (hour.silences != null) {
        rescaleLive(hour, unheard);
      }
      rows(closing.getKey(), hour, unheard, finishedFlows, finishedPaths);
      amendable.put(closing.getKey(), new ClosedHour(hour, unheard));
    }
    while (!amendable.isEmpty() && (amendable.firstKey() + 1) * HOUR_MS <= this.amendableAfter) {
      amendable.pollFirstEntry();
    }
  }

  /** Final matrix cells of the hours closed since the last call, oldest hour first. */
  public List<FlowHour> drainFinishedFlows() {
    List<FlowHour> rows = List.copyOf(finishedFlows);
    finishedFlows.clear();
    return rows;
  }

  /** Final path counts of the hours closed since the last call, oldest hour first. */
  public List<PathHour> drainFinishedPaths() {
    List<PathHour> rows = List.copyOf(finishedPaths);
    finishedPaths.clear();
    return rows;
  }

  /**
   * Transitions per origin-destination cell in the minutes of event time overlapping {@code [from, to)}, at most
   * the last hour before the latest transition, most first ({@code hour} is {@code from}); provisional, not stored.
   */
  public List<FlowHour> recent(long from, long to) {
    List<FlowHour> rows = new ArrayList<>();
    for (int[] pair : recent.between(from, to)) {
      rows.add(new FlowHour(site.id(), from, zoneId(pair[0] / side - 1), zoneId(pair[0] % side - 1),
          (int) Math.round(pair[1] * liveScale[pair[0]])));
    }
    return rows;
  }

  /** For a shutdown: final and then provisional rows of every hour not drained; changes nothing else. */
  public VisitMetrics flushOpen(List<StoreMinute> stores) {
    List<FlowHour> flows = new ArrayList<>(finishedFlows);
    List<PathHour> paths = new ArrayList<>(finishedPaths);
    finishedFlows.clear();
    finishedPaths.clear();
    open.forEach((hour, cells) -> rows(hour, cells, unheard(cells), flows, paths));
    return new VisitMetrics(site.id(), stores, flows, paths);
  }

  private String path(Trip trip) {
    StringBuilder path = new StringBuilder();
    for (int i = 0; i < trip.stops; i++) {
      path.append(i == 0 ? "" : ">").append(site.zones().get(trip.path[i]).id());
    }
    return trip.truncated ? path.append('>').append(TRUNCATED).toString() : path.toString();
  }

  /**
   * The counts of the hour holding {@code ts}: an open hour's, or a closed one's that a late move amends (its
   * silences no longer change its estimate of unheard moves); null for an hour beyond the late horizon.
   */
  private Hour hour(long ts) {
    long hour = Math.floorDiv(ts, HOUR_MS);
    if ((hour + 1) * HOUR_MS <= closedBefore) {
      if ((hour + 1) * HOUR_MS <= amendableAfter) {
        return null;
      }
      amended.add(hour);
      return amendable.computeIfAbsent(hour, h -> new ClosedHour(new Hour(side * side), new double[side * side])).hour;
    }
    return open.computeIfAbsent(hour, h -> new Hour(side * side));
  }

  /** Room for this many stops in a new trip's path; most trips stop in fewer than four rooms. */
  private int startingStops() {
    return Math.min(4, settings.maxPathStops());
  }

  private Trip trip(long dev, long ts) {
    return trips.computeIfAbsent(dev, d -> new Trip(ts, startingStops()));
  }

  private void rows(long hourNumber, Hour hour, double[] unheard, List<FlowHour> flows, List<PathHour> paths) {
    long start = hourNumber * HOUR_MS;
    for (int cell = 0; cell < hour.transitions.length; cell++) {
      long transitions = Math.max(0, Math.round(hour.transitions[cell] + unheard[cell]));
      if (transitions > 0) {
        flows.add(new FlowHour(site.id(), start, zoneId(cell / side - 1), zoneId(cell % side - 1),
            (int) transitions));
      }
    }
    if (paths == null) {
      return;
    }
    List<Map.Entry<String, Integer>> ranked = new ArrayList<>(hour.paths.entrySet());
    ranked.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
        .thenComparing(Map.Entry.comparingByKey()));
    int other = 0;
    for (int i = 0; i < ranked.size(); i++) {
      if (i < settings.maxPathsPerHour()) {
        paths.add(new PathHour(site.id(), start, ranked.get(i).getKey(), ranked.get(i).getValue()));
      } else {
        other += ranked.get(i).getValue();
      }
    }
    if (other > 0) {
      paths.add(new PathHour(site.id(), start, PathHour.OTHER, other));
    }
  }

  /** The hour's hidden moves per matrix cell under the current rates; zeros without silences. */
  private double[] unheard(Hour hour) {
    double[] unheard = new double[hour.transitions.length];
    if (hour.silences != null) {
      double[] moves = hidden.hiddenMoves(hour.silences);
      for (int link = 0; link < moves.length; link++) {
        unheard[cell(hidden.linkFrom(link), hidden.linkTo(link))] += moves[link];
      }
    }
    return unheard;
  }

  private void rescaleLive(Hour hour, double[] unheard) {
    for (int cell = 0; cell < unheard.length; cell++) {
      int heard = hour.transitions[cell];
      liveScale[cell] = heard > 0 ? Math.max(0, heard + unheard[cell]) / heard : 1;
    }
  }

  private int cell(int fromZone, int toZone) {
    return (fromZone + 1) * side + toZone + 1;
  }

  private String zoneId(int zone) {
    return zone == OUTSIDE ? FlowHour.OUTSIDE : site.zones().get(zone).id();
  }

  /**
   * Writes the trips under way, the open hours, the rows not drained, the live flows and the hidden-move model, for
   * a snapshot.
   */
  @Override
  public void writeState(DataOutput out) throws IOException {
    out.writeLong(closedBefore);
    out.writeInt(trips.size());
    trips.forEach((dev, t) -> {
      out.writeLong(dev);
      out.writeLong(t.arrival);
      out.writeBoolean(t.random);
      out.writeBoolean(t.truncated);
      out.writeInt(t.stops);
      for (int i = 0; i < t.stops; i++) {
        out.writeInt(t.path[i]);
      }
    });
    out.writeInt(open.size());
    for (Map.Entry<Long, Hour> e : open.entrySet()) {
      Hour hour = e.getValue();
      out.writeLong(e.getKey());
      SparseArrays.write(out, hour.transitions);
      out.writeInt(hour.paths.size());
      for (Map.Entry<String, Integer> path : hour.paths.entrySet()) {
        out.writeUTF(path.getKey());
        out.writeInt(path.getValue());
      }
      out.writeBoolean(hour.silences != null);
      if (hour.silences != null) {
        out.writeInt(hour.silences.length);
        SparseArrays.write(out, hour.silences);
      }
    }
    out.writeInt(finishedFlows.size());
    for (FlowHour row : finishedFlows) {
      out.writeLong(row.hour());
      out.writeUTF(row.from());
      out.writeUTF(row.to());
      out.writeInt(row.transitions());
    }
    out.writeInt(finishedPaths.size());
    for (PathHour row : finishedPaths) {
      out.writeLong(row.hour());
      out.writeUTF(row.path());
      out.writeInt(row.trips());
    }
    double[] scaleOffOne = new double[liveScale.length];
    for (int cell = 0; cell < liveScale.length; cell++) {
      scaleOffOne[cell] = liveScale[cell] - 1;
    }
    SparseArrays.write(out, scaleOffOne);
    recent.writeTo(out);
    out.writeBoolean(hidden != null);
    if (hidden != null) {
      hidden.writeTo(out);
    }
    out.writeLong(amendableAfter);
    out.writeInt(amendable.size());
    for (Map.Entry<Long, ClosedHour> e : amendable.entrySet()) {
      out.writeLong(e.getKey());
      out.writeBoolean(amended.contains(e.getKey()));
      SparseArrays.write(out, e.getValue().hour.transitions);
      SparseArrays.write(out, e.getValue().unheard);
    }
  }

  /**
   * Reads what {@link #writeState} wrote into this instance, built for the same site. A snapshot taken with hidden
   * walks on and read with them off (or the other way round) loses only the hidden-move model's state.
   */
  @Override
  public void readState(DataInput in) throws IOException {
    int zones = site.zones().size();
    closedBefore = in.readLong();
    int tripCount = SparseArrays.count(in, Integer.MAX_VALUE);
    for (int i = 0; i < tripCount; i++) {
      long dev = in.readLong();
      long arrival = in.readLong();
      boolean random = in.readBoolean();
      boolean truncated = in.readBoolean();
      int stops = SparseArrays.count(in, settings.maxPathStops());
      Trip t = new Trip(arrival, Math.max(stops, startingStops()));
      t.random = random;
      t.truncated = truncated;
      for (int k = 0; k < stops; k++) {
        t.path[t.stops++] = SparseArrays.index(in, zones);
      }
      trips.put(dev, t);
    }
    int hours = SparseArrays.count(in, Integer.MAX_VALUE);
    for (int h = 0; h < hours; h++) {
      Hour hour = new Hour(side * side);
      open.put(in.readLong(), hour);
      SparseArrays.read(in, hour.transitions);
      int paths = SparseArrays.count(in, Integer.MAX_VALUE);
      for (int p = 0; p < paths; p++) {
        hour.paths.put(in.readUTF(), in.readInt());
      }
      if (in.readBoolean()) {
        double[] silences = new double[SparseArrays.count(in, HiddenWalks.MAX_HOUR_LENGTH)];
        SparseArrays.read(in, silences);
        hour.silences = hidden != null && hidden.hourLength() == silences.length ? silences : null;
      }
    }
    int flowRows = SparseArrays.count(in, Integer.MAX_VALUE);
    for (int r = 0; r < flowRows; r++) {
      finishedFlows.add(new FlowHour(site.id(), in.readLong(), in.readUTF(), in.readUTF(), in.readInt()));
    }
    int pathRows = SparseArrays.count(in, Integer.MAX_VALUE);
    for (int r = 0; r < pathRows; r++) {
      finishedPaths.add(new PathHour(site.id(), in.readLong(), in.readUTF(), in.readInt()));
    }
    double[] scaleOffOne = new double[liveScale.length];
    SparseArrays.read(in, scaleOffOne);
    for (int cell = 0; cell < liveScale.length; cell++) {
      liveScale[cell] = 1 + scaleOffOne[cell];
    }
    recent.readFrom(in);
    if (in.readBoolean()) {
      HiddenWalks.read(in, hidden);
    }
    amendableAfter = in.readLong();
    int closedHours = SparseArrays.count(in, Integer.MAX_VALUE);
    for (int h = 0; h < closedHours; h++) {
      long hourNumber = in.readLong();
      if (in.readBoolean()) {
        amended.add(hourNumber);
      }
      ClosedHour closed = new ClosedHour(new Hour(side * side), new double[side * side]);
      SparseArrays.read(in, closed.hour.transitions);
      SparseArrays.read(in, closed.unheard);
      amendable.put(hourNumber, closed);
    }
  }

  /** Back to a new instance's state, but for the hidden-move model, which {@link HiddenWalks#read} fills last. */
  @Override
  public void forgetState() {
    closedBefore = Long.MIN_VALUE;
    trips.clear();
    open.clear();
    amendable.clear();
    amended.clear();
    amendableAfter = Long.MIN_VALUE;
    finishedFlows.clear();
    finishedPaths.clear();
    Arrays.fill(liveScale, 1);
    recent.forget();
  }

  /** A device's trip so far. */
  private static final class Trip {
    final long arrival;
    boolean random;
    int[] path;
    int stops;
    boolean truncated;

    Trip(long arrival, int capacity) {
      this.arrival = arrival;
      this.path = new int[capacity];
    }
  }

  /** An hour handed over, and the unheard moves its rows were given. */
  private record ClosedHour(Hour hour, double[] unheard) {
  }

  /** The open counts of one hour. */
  private static final class Hour {
    final int[] transitions;
    final Map<String, Integer> paths = new HashMap<>();
    /** The hour's silences ({@link HiddenWalks}); null until the first. */
    double[] silences;

    Hour(int cells) {
      transitions = new int[cells];
    }
  }
}
