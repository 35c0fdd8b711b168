package io.footfall.site;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Where people can walk in a site. Entrances and corridors form the walkway network: two of them are linked
 * when their polygons share an edge, and consecutive floors are linked by escalators between the corridors
 * closest to the middle of each floor plan. Stores, the food court and services are rooms that open onto one
 * walkway: a store's {@code frontage} corridor, else the walkway it shares the longest edge with, else the
 * nearest walkway on its floor. The simulator walks people along it; the analytics fill in the walkways a device
 * crossed between two zones it was heard in.
 */
public final class WalkGraph {

  private static final double MIN_SHARED_EDGE_M = 0.5;

  private final Site site;
  private final boolean[] walkway;
  private final int[][] links;
  private final int[] opensOnto;
  private final int[][] rooms;
  private final int[] entrances;
  private final int[][] nextHop;
  private final int[][] frontageOf;

  public WalkGraph(Site site) {
    this.site = site;
    List<Zone> zones = site.zones();
    int n = zones.size();
    walkway = new boolean[n];
    for (Zone z : zones) {
      walkway[z.index()] = z.kind() == ZoneKind.CORRIDOR || z.kind() == ZoneKind.ENTRANCE;
    }
    links = buildLinks(zones);
    opensOnto = new int[n];
    Arrays.fill(opensOnto, -1);
    List<List<Integer>> roomLists = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      roomLists.add(new ArrayList<>());
    }
    for (Zone z : zones) {
      if (!walkway[z.index()]) {
        int w = walkwayFor(z);
        opensOnto[z.index()] = w;
        if (w >= 0) {
          roomLists.get(w).add(z.index());
        }
      }
    }
    rooms = roomLists.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
    int[] declared = zones.stream().filter(z -> z.kind() == ZoneKind.ENTRANCE).mapToInt(Zone::index).toArray();
    entrances = declared.length > 0 ? declared : lowestFloorWalkways(zones);
    nextHop = shortestPaths(zones);
    frontageOf = frontages(zones);
  }

  public Site site() {
    return site;
  }

  public boolean isWalkway(int zone) {
    return walkway[zone];
  }

  /** Walkways one step away from a walkway. */
  public int[] links(int zone) {
    return links[zone];
  }

  /** The walkway a room opens onto, -1 for walkways (or an unreachable room). */
  public int opensOnto(int room) {
    return opensOnto[room];
  }

  /** Rooms that open onto a walkway. */
  public int[] rooms(int walkwayZone) {
    return rooms[walkwayZone];
  }

  public int[] entrances() {
    return entrances;
  }

  /** The next walkway on a shortest walk from one walkway to another, or -1 when there is none. */
  public int nextHop(int from, int to) {
    return nextHop[from][to];
  }

  /**
   * Zone changes on a shortest walk between two zones, rooms included (from a room to the walkway it opens onto is
   * one); {@link Integer#MAX_VALUE} when there is no walk between them.
   */
  public int steps(int from, int to) {
    if (from == to) {
      return 0;
    }
    int start = walkway[from] ? from : opensOnto[from];
    int end = walkway[to] ? to : opensOnto[to];
    if (start < 0 || end < 0) {
      return Integer.MAX_VALUE;
    }
    int steps = (start != from ? 1 : 0) + (end != to ? 1 : 0);
    for (int at = start; at != end; steps++) {
      at = nextHop[at][end];
      if (at < 0) {
        return Integer.MAX_VALUE;
      }
    }
    return steps;
  }

  /** Stores whose declared {@code frontage} is this zone: their passers-by walk it. */
  public int[] frontageOf(int zone) {
    return frontageOf[zone];
  }

  public boolean changesFloor(int from, int to) {
    return !site.zones().get(from).floor().equals(site.zones().get(to).floor());
  }

  private int[][] buildLinks(List<Zone> zones) {
    int n = zones.size();
    List<List<Integer>> adj = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      adj.add(new ArrayList<>());
    }
    for (Zone a : zones) {
      for (Zone b : zones) {
        if (a.index() < b.index() && walkway[a.index()] && walkway[b.index()] && a.floor().equals(b.floor())
            && sharedEdge(a, b) >= MIN_SHARED_EDGE_M) {
          adj.get(a.index()).add(b.index());
          adj.get(b.index()).add(a.index());
        }
      }
    }
    linkIsolatedWalkways(zones, adj);
    linkFloorsByEscalators(zones, adj);
    return adj.stream().map(l -> l.stream().sorted().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
  }

  private void linkIsolatedWalkways(List<Zone> zones, List<List<Integer>> adj) {
    for (Zone a : zones) {
      if (walkway[a.index()] && adj.get(a.index()).isEmpty()) {
        zones.stream()
            .filter(b -> b.index() != a.index() && walkway[b.index()] && b.floor().equals(a.floor()))
            .min(Comparator.comparingDouble(b -> distance(a.centre(), b.centre())))
            .ifPresent(b -> {
              adj.get(a.index()).add(b.index());
              adj.get(b.index()).add(a.index());
            });
      }
    }
  }

  private void linkFloorsByEscalators(List<Zone> zones, List<List<Integer>> adj) {
    List<Floor> floors = site.floors().stream().sorted(Comparator.comparingInt(Floor::level)).toList();
    for (int i = 0; i + 1 < floors.size(); i++) {
      int lower = centralCorridor(zones, floors.get(i));
      int upper = centralCorridor(zones, floors.get(i + 1));
      if (lower >= 0 && upper >= 0) {
        adj.get(lower).add(upper);
        adj.get(upper).add(lower);
      }
    }
  }

  private int centralCorridor(List<Zone> zones, Floor floor) {
    Point middle = new Point(floor.width() / 2, floor.height() / 2);
    return zones.stream()
        .filter(z -> z.floor().equals(floor.id()) && walkway[z.index()])
        .min(Comparator.comparing((Zone z) -> z.kind() != ZoneKind.CORRIDOR)
            .thenComparingDouble(z -> distance(z.centre(), middle)))
        .map(Zone::index)
        .orElse(-1);
  }

  private int walkwayFor(Zone room) {
    if (room.frontage() != null) {
      int f = site.zone(room.frontage()).map(Zone::index).orElse(-1);
      if (f >= 0 && walkway[f]) {
        return f;
      }
    }
    return site.zones().stream()
        .filter(w -> walkway[w.index()] && w.floor().equals(room.floor()))
        .min(Comparator.comparingDouble((Zone w) -> -sharedEdge(room, w))
            .thenComparing(w -> w.kind() != ZoneKind.CORRIDOR)
            .thenComparingDouble(w -> distance(room.centre(), w.centre())))
        .map(Zone::index)
        .orElse(-1);
  }

  private int[][] frontages(List<Zone> zones) {
    List<List<Integer>> lists = new ArrayList<>();
    for (int i = 0; i < zones.size(); i++) {
      lists.add(new ArrayList<>());
    }
    for (Zone z : zones) {
      if (z.kind() == ZoneKind.STORE && z.frontage() != null) {
        site.zone(z.frontage()).ifPresent(f -> lists.get(f.index()).add(z.index()));
      }
    }
    return lists.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
  }

  private int[] lowestFloorWalkways(List<Zone> zones) {
    String lowest = site.floors().stream().min(Comparator.comparingInt(Floor::level)).map(Floor::id).orElse("");
    return zones.stream().filter(z -> walkway[z.index()] && z.floor().equals(lowest)).mapToInt(Zone::index).toArray();
  }

  /** Dijkstra from every walkway over centre-to-centre distances; the graph is tiny. */
  private int[][] shortestPaths(List<Zone> zones) {
    int n = zones.size();
    int[][] hops = new int[n][n];
    for (int target = 0; target < n; target++) {
      double[] dist = new double[n];
      int[] toward = new int[n];
      boolean[] done = new boolean[n];
      Arrays.fill(dist, Double.POSITIVE_INFINITY);
      Arrays.fill(toward, -1);
      dist[target] = 0;
      // searching backwards from the target gives, for every walkway, its first step toward the target
      for (int round = 0; round < n; round++) {
        int u = -1;
        for (int i = 0; i < n; i++) {
          if (!done[i] && walkway[i] && (u < 0 || dist[i] < dist[u])) {
            u = i;
          }
        }
        if (u < 0 || dist[u] == Double.POSITIVE_INFINITY) {
          break;
        }
        done[u] = true;
        for (int v : links[u]) {
          double d = dist[u] + distance(zones.get(u).centre(), zones.get(v).centre());
          if (d < dist[v]) {
            dist[v] = d;
            toward[v] = u;
          }
        }
      }
      for (int from = 0; from < n; from++) {
        hops[from][target] = toward[from];
      }
    }
    return hops;
  }

  /** Total length of the polygon edges two zones have in common, in metres. */
  static double sharedEdge(Zone a, Zone b) {
    double total = 0;
    List<Point> pa = a.polygon();
    List<Point> pb = b.polygon();
    for (int i = 0; i < pa.size(); i++) {
      Point a1 = pa.get(i);
      Point a2 = pa.get((i + 1) % pa.size());
      for (int j = 0; j < pb.size(); j++) {
        total += overlap(a1, a2, pb.get(j), pb.get((j + 1) % pb.size()));
      }
    }
    return total;
  }

  private static double overlap(Point a1, Point a2, Point b1, Point b2) {
    double dx = a2.x() - a1.x();
    double dy = a2.y() - a1.y();
    double len = Math.hypot(dx, dy);
    if (len == 0) {
      return 0;
    }
    double ux = dx / len;
    double uy = dy / len;
    double off1 = Math.abs((b1.x() - a1.x()) * uy - (b1.y() - a1.y()) * ux);
    double off2 = Math.abs((b2.x() - a1.x()) * uy - (b2.y() - a1.y()) * ux);
    if (off1 > 0.01 || off2 > 0.01) {
      return 0;
    }
    double t1 = (b1.x() - a1.x()) * ux + (b1.y() - a1.y()) * uy;
    double t2 = (b2.x() - a1.x()) * ux + (b2.y() - a1.y()) * uy;
    double lo = Math.max(0, Math.min(t1, t2));
    double hi = Math.min(len, Math.max(t1, t2));
    return Math.max(0, hi - lo);
  }

  static double distance(Point a, Point b) {
    return Math.hypot(a.x() - b.x(), a.y() - b.y());
  }
}
