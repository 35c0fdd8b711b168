package io.footfall.analytics;

import io.footfall.site.Site;
import io.footfall.site.WalkGraph;

/**
 * Fills in the walkways a device crossed between two zones it was heard in. Phones probe every 15 to 120 seconds
 * and a shopper crosses a corridor in about as long, so most corridors on a trip are never heard: a device heard
 * in one corridor and next in a store two corridors away walked the corridors between. A move between zones that
 * do not touch is passed on as the moves along the shortest walk between them ({@link WalkGraph}), all at the
 * move's instant, so flows and passers-by count the crossed corridors; the crossed zones get no visit and no
 * occupancy, since nothing tells how long the device spent in each. Arrivals and departures pass unchanged: a
 * randomized address starts and ends with every rotation, so walking it in from an entrance would invent trips.
 */
final class WalkedPaths implements VisitListener {

  private final VisitListener delegate;
  private final WalkGraph walks;
  private final int zones;

  WalkedPaths(Site site, VisitListener delegate) {
    this.delegate = delegate;
    this.walks = new WalkGraph(site);
    this.zones = site.zones().size();
  }

  @Override
  public void onVisit(long dev, int zone, long enterTs, long exitTs, boolean random) {
    delegate.onVisit(dev, zone, enterTs, exitTs, random);
  }

  @Override
  public void onTransition(long dev, int fromZone, int toZone, long ts) {
    int start = fromZone == OUTSIDE ? -1 : walkwayOf(fromZone);
    int end = toZone == OUTSIDE ? -1 : walkwayOf(toZone);
    if (start < 0 || end < 0) {
      delegate.onTransition(dev, fromZone, toZone, ts);
      return;
    }
    int at = fromZone;
    if (start != at) {
      delegate.onTransition(dev, at, start, ts);
      at = start;
    }
    for (int steps = 0; at != end && steps < zones; steps++) {
      int next = walks.nextHop(at, end);
      if (next < 0) {
        break;
      }
      delegate.onTransition(dev, at, next, ts);
      at = next;
    }
    if (at != toZone) {
      delegate.onTransition(dev, at, toZone, ts);
    }
  }

  @Override
  public void onRepeatId(long dev, long rid, long ts) {
    delegate.onRepeatId(dev, rid, ts);
  }

  @Override
  public void onFinal(long before) {
    delegate.onFinal(before);
  }

  private int walkwayOf(int zone) {
    return walks.isWalkway(zone) ? zone : walks.opensOnto(zone);
  }
}
