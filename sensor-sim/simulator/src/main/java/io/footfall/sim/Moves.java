package io.footfall.sim;

import io.footfall.site.Point;
import io.footfall.site.Site;
import io.footfall.site.WalkGraph;
import io.footfall.site.Zone;
import io.footfall.site.ZoneKind;
import java.time.LocalTime;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How people move: where a person goes when they leave a zone, and how long they stay in the next one.
 * Shoppers wander the walkways; passing a room (store, food court, service) they step in with its entry
 * probability (less as it fills up), unless already visited; some head for a chosen store first. When their time budget is spent
 * they walk to an exit. Passers-through only cross the mall from one entrance to another.
 */
final class Moves {

  static final int OUTSIDE = -1;
  private static final double MEAL_WINDOW_MINUTES = 60;
  private static final double ENTRANCE_DEPTH_M = 10;
  private static final double RETURN_TO_ARRIVAL_ENTRANCE = 0.6;
  private static final double BROWSE_ON_THE_WAY = 0.5;

  private final WalkGraph graph;
  private final Scenario scenario;
  private final List<Zone> zones;
  private final double[] enter;
  private final double[] dwellMedianMinutes;
  private final double[] dwellSigma;
  private final double[] longSide;
  private int[] stores;
  private double[] storeCumulative;
  private final List<Scenario.Change> changes;
  private int nextChange;
  private final int[] mealMinutes;
  private final int[] occupancy;
  private final int[] capacity;

  /** @param occupancy live people count per zone, read to keep crowds from entering a full room */
  Moves(WalkGraph graph, Scenario scenario, int[] occupancy) {
    this.occupancy = occupancy;
    this.graph = graph;
    this.scenario = scenario;
    Site site = graph.site();
    this.zones = site.zones();
    int n = zones.size();
    enter = new double[n];
    dwellMedianMinutes = new double[n];
    dwellSigma = new double[n];
    longSide = new double[n];
    capacity = zones.stream().mapToInt(Zone::capacity).toArray();
    for (Zone z : zones) {
      Scenario.Place place = switch (z.kind()) {
        case STORE -> scenario.store(z.id());
        case FOOD_COURT -> scenario.foodCourt();
        case SERVICE -> scenario.service();
        default -> null;
      };
      if (place != null && graph.opensOnto(z.index()) >= 0) {
        enter[z.index()] = place.enter();
        dwellMedianMinutes[z.index()] = place.dwellMinutes();
        dwellSigma[z.index()] = place.sigma();
      }
      longSide[z.index()] = longSide(z);
    }
    changes = scenario.changes().stream().sorted(java.util.Comparator.comparingLong(Scenario.Change::atMs)).toList();
    for (Scenario.Change change : changes) {
      Zone store = site.zone(change.store()).filter(z -> z.kind() == ZoneKind.STORE).orElseThrow(
          () -> new IllegalArgumentException("scenario changes: no store '" + change.store() + "' in site "
              + site.id()));
      if (graph.opensOnto(store.index()) < 0) {
        throw new IllegalArgumentException("scenario changes: store '" + change.store() + "' opens onto no walkway");
      }
    }
    chooseDestinations();
    mealMinutes = scenario.mealTimes().stream().mapToInt(t -> ArrivalCurve.minuteOfDay(LocalTime.parse(t))).toArray();
  }

  /** Applies the scenario's changes due by {@code now}; a store opened or closed joins or leaves the destinations. */
  void applyChanges(long now) {
    boolean changed = false;
    while (nextChange < changes.size() && changes.get(nextChange).atMs() <= now) {
      Scenario.Change change = changes.get(nextChange++);
      enter[graph.site().zone(change.store()).orElseThrow().index()] = change.enter();
      changed = true;
    }
    if (changed) {
      chooseDestinations();
    }
  }

  private void chooseDestinations() {
    stores = zones.stream().filter(z -> z.kind() == ZoneKind.STORE && enter[z.index()] > 0).mapToInt(Zone::index)
        .toArray();
    storeCumulative = new double[stores.length];
    double total = 0;
    for (int i = 0; i < stores.length; i++) {
      total += enter[stores[i]];
      storeCumulative[i] = total;
    }
  }

  /** A store a destination shopper heads for, chosen in proportion to entry probability; -1 if none. */
  int destination(SplittableRandom rng) {
    if (stores.length == 0) {
      return -1;
    }
    return stores[Sampling.search(storeCumulative, rng.nextDouble() * storeCumulative[stores.length - 1])];
  }

  /** An exit for someone who arrived by an entrance: usually the same one (the car is there). */
  int exit(SplittableRandom rng, int arrivalEntrance, boolean mustDiffer) {
    int[] entrances = graph.entrances();
    if (!mustDiffer && rng.nextDouble() < RETURN_TO_ARRIVAL_ENTRANCE) {
      return arrivalEntrance;
    }
    if (entrances.length == 1) {
      return entrances[0];
    }
    int e;
    do {
      e = entrances[rng.nextInt(entrances.length)];
    } while (e == arrivalEntrance && mustDiffer);
    return e;
  }

  /**
   * The zone a person moves to when leaving their current zone, or {@link #OUTSIDE}.
   *
   * @param minuteOfDay local time, for meal-time appetite
   */
  int next(Person p, long now, int minuteOfDay) {
    int z = p.zone;
    if (p.kind == Person.Kind.STAFF || p.kind == Person.Kind.DEVICE) {
      return OUTSIDE;
    }
    if (!graph.isWalkway(z)) {
      return graph.opensOnto(z);
    }
    if (!p.leaving && p.kind == Person.Kind.SHOPPER && now >= p.leaveBy) {
      p.leaving = true;
      p.target = exit(p.rng, p.arrivalEntrance, false);
    }
    if (p.target >= 0) {
      int goal = graph.isWalkway(p.target) ? p.target : graph.opensOnto(p.target);
      if (z == goal) {
        int t = p.target;
        p.target = -1;
        return p.leaving ? OUTSIDE : t;
      }
      if (!p.leaving) {
        int room = browse(p, z, minuteOfDay, BROWSE_ON_THE_WAY);
        if (room >= 0) {
          return room;
        }
      }
      int hop = graph.nextHop(z, goal);
      if (hop >= 0) {
        return hop;
      }
      p.target = -1;
    }
    if (p.leaving) {
      return OUTSIDE;
    }
    int room = browse(p, z, minuteOfDay, 1.0);
    return room >= 0 ? room : wander(p, z);
  }

  /** How long a person stays in the zone they just entered, in milliseconds. */
  long dwellMs(Person p, int zone, int from) {
    Zone z = zones.get(zone);
    double seconds;
    if (!graph.isWalkway(zone)) {
      double minutes = Sampling.logNormal(p.rng, dwellMedianMinutes[zone], dwellSigma[zone]);
      seconds = 60 * Math.max(0.5, Math.min(240, minutes));
    } else if (z.kind() == ZoneKind.ENTRANCE) {
      seconds = ENTRANCE_DEPTH_M / p.speed * (0.6 + 0.8 * p.rng.nextDouble());
    } else {
      seconds = longSide[zone] * (0.3 + 0.7 * p.rng.nextDouble()) / p.speed;
      if (p.kind == Person.Kind.SHOPPER && !p.leaving) {
        // nobody window-shops in a packed corridor
        double room = Math.max(0.1, 1 - (double) occupancy[zone] / capacity[zone]);
        seconds += room * Sampling.logNormal(p.rng, scenario.corridorBrowseSeconds());
      }
      if (from >= 0 && graph.changesFloor(from, zone)) {
        seconds += scenario.escalatorSeconds();
      }
    }
    return Math.max(1000, Math.round(seconds * 1000));
  }

  private int browse(Person p, int walkway, int minuteOfDay, double factor) {
    if (p.kind != Person.Kind.SHOPPER) {
      return -1;
    }
    int[] rooms = graph.rooms(walkway);
    if (rooms.length == 0) {
      return -1;
    }
    int offset = p.rng.nextInt(rooms.length);
    for (int i = 0; i < rooms.length; i++) {
      int r = rooms[(offset + i) % rooms.length];
      if (!p.visited[r] && p.rng.nextDouble() < factor * enterProbability(r, minuteOfDay)) {
        return r;
      }
    }
    return -1;
  }

  /** The room's entry probability, lowered as it fills up: nobody walks into a room at capacity. */
  private double enterProbability(int room, int minuteOfDay) {
    double p = enter[room];
    if (zones.get(room).kind() == ZoneKind.FOOD_COURT) {
      for (int meal : mealMinutes) {
        if (Math.abs(minuteOfDay - meal) <= MEAL_WINDOW_MINUTES) {
          p = scenario.foodCourtMealEnter();
        }
      }
    }
    return p * Math.max(0, 1 - (double) occupancy[room] / capacity[room]);
  }

  /**
   * A neighbouring corridor to wander into: not the one just walked unless it is the only way, never out of an
   * entrance, and preferably one that is not packed.
   */
  private int wander(Person p, int walkway) {
    int[] links = graph.links(walkway);
    for (int pass = 0; pass < 2; pass++) {
      double total = 0;
      int pick = OUTSIDE;
      for (int l : links) {
        if (zones.get(l).kind() == ZoneKind.ENTRANCE || (pass == 0 && l == p.cameFrom)) {
          continue;
        }
        double w = Math.max(0.05, 1 - (double) occupancy[l] / capacity[l]);
        total += w;
        // weighted reservoir sampling: one pass, no allocation
        if (p.rng.nextDouble() * total < w) {
          pick = l;
        }
      }
      if (pick != OUTSIDE) {
        return pick;
      }
    }
    return links.length > 0 ? links[p.rng.nextInt(links.length)] : OUTSIDE;
  }

  private static double longSide(Zone z) {
    double minX = Double.MAX_VALUE;
    double minY = Double.MAX_VALUE;
    double maxX = -Double.MAX_VALUE;
    double maxY = -Double.MAX_VALUE;
    for (Point q : z.polygon()) {
      minX = Math.min(minX, q.x());
      minY = Math.min(minY, q.y());
      maxX = Math.max(maxX, q.x());
      maxY = Math.max(maxY, q.y());
    }
    return Math.max(maxX - minX, maxY - minY);
  }
}

