package io.footfall.site;

import java.util.List;

/**
 * An area of the mall whose occupancy footfall reports.
 *
 * @param index    dense position of the zone in {@link Site#zones()}, used by the analytics as an array index
 * @param frontage for a store, the corridor zone in front of its entrance (where passers-by are seen); may be null
 * @param typicalStayMs how long people typically stay in the zone, for dating moves between two probe bursts
 * @param category for a store or a vacant unit, what it sells or is let for ("fashion", "food"); may be null. The
 *                 vacant-unit estimate prefers stores of the same category as its comparables (docs/decisions.md)
 */
public record Zone(int index, String id, String name, ZoneKind kind, String floor, int capacity,
                   List<Point> polygon, String frontage, long typicalStayMs, String category) {

  /** A zone without a category. */
  public Zone(int index, String id, String name, ZoneKind kind, String floor, int capacity, List<Point> polygon,
              String frontage, long typicalStayMs) {
    this(index, id, name, kind, floor, capacity, polygon, frontage, typicalStayMs, null);
  }

  /** A zone with its kind's typical stay. */
  public Zone(int index, String id, String name, ZoneKind kind, String floor, int capacity, List<Point> polygon,
              String frontage) {
    this(index, id, name, kind, floor, capacity, polygon, frontage, kind.typicalStayMs());
  }

  /** Centroid of the polygon's vertices, good enough for labels and simulated positions of convex zones. */
  public Point centre() {
    double x = 0;
    double y = 0;
    for (Point p : polygon) {
      x += p.x();
      y += p.y();
    }
    return new Point(x / polygon.size(), y / polygon.size());
  }

  /** Whether a point lies inside the polygon (even-odd rule). */
  public boolean contains(Point p) {
    boolean inside = false;
    for (int i = 0, j = polygon.size() - 1; i < polygon.size(); j = i++) {
      Point a = polygon.get(i);
      Point b = polygon.get(j);
      if ((a.y() > p.y()) != (b.y() > p.y())
          && p.x() < (b.x() - a.x()) * (p.y() - a.y()) / (b.y() - a.y()) + a.x()) {
        inside = !inside;
      }
    }
    return inside;
  }
}
