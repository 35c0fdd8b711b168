package io.footfall.analytics;

import io.footfall.site.Site;
import io.footfall.site.WalkGraph;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Fills in the walkways a device crossed between two zones it was heard in. Phones probe every 15 to 120 seconds
 * and a shopper crosses a corridor in about as long, so most corridors on a trip are never heard: a device heard
 * in one corridor and next in a store two corridors away walked the corridors between. A move between zones that
 * do not touch is passed on as the moves along the shortest walk between them ({@link WalkGraph}), all at the
 * move's instant, so flows and passers-by count the crossed corridors; the crossed zones get no visit and no
 * occupancy, since nothing tells how long the device spent in each. Likewise a device with a fixed (vendor)
 * address first heard away from the entrances came in through the entrance nearest to where it was heard, and
 * one last heard away from them left through the entrance nearest to there. Randomized addresses start and end
 * at every rotation, so their arrivals and departures pass unchanged: walking them in would invent trips.
 */
final class WalkedPaths implements VisitListener {

  private final VisitListener delegate;
  private final WalkGraph walks;
  private final int zones;
  /** Per zone, the entrance with the shortest walk to it, or -1 (a site without entrances, an unreachable zone). */
  private final int[] nearestEntrance;

  WalkedPaths(Site site, WalkGraph walks, VisitListener delegate) {
    this.delegate = delegate;
    this.walks = walks;
    this.zones = site.zones().size();
    this.nearestEntrance = new int[zones];
    for (int z = 0; z < zones; z++) {
      nearestEntrance[z] = nearestEntrance(z);
    }
  }

  @Override
  public void onVisit(long dev, int zone, long enterTs, long exitTs, boolean random) {
    delegate.onVisit(dev, zone, enterTs, exitTs, random);
  }

  @Override
  public void onTransition(long dev, int fromZone, int toZone, long ts, boolean random) {
    if (fromZone == OUTSIDE && toZone != OUTSIDE && !random && nearestEntrance[toZone] >= 0) {
      delegate.onTransition(dev, OUTSIDE, nearestEntrance[toZone], ts, false);
      walk(dev, nearestEntrance[toZone], toZone, ts, false);
    } else if (toZone == OUTSIDE && fromZone != OUTSIDE && !random && nearestEntrance[fromZone] >= 0) {
      walk(dev, fromZone, nearestEntrance[fromZone], ts, false);
      delegate.onTransition(dev, nearestEntrance[fromZone], OUTSIDE, ts, false);
    } else if (fromZone == OUTSIDE || toZone == OUTSIDE) {
      delegate.onTransition(dev, fromZone, toZone, ts, random);
    } else {
      walk(dev, fromZone, toZone, ts, random);
    }
  }

  /** Passes on the moves along the shortest walk between two zones (nothing when they are the same). */
  private void walk(long dev, int fromZone, int toZone, long ts, boolean random) {
    int at = fromZone;
    int start = walkwayOf(fromZone);
    int end = walkwayOf(toZone);
    if (start >= 0 && end >= 0) {
      if (start != at) {
        delegate.onTransition(dev, at, start, ts, random);
        at = start;
      }
      for (int steps = 0; at != end && steps < zones; steps++) {
        int next = walks.nextHop(at, end);
        if (next < 0) {
          break;
        }
        delegate.onTransition(dev, at, next, ts, random);
        at = next;
      }
    }
    if (at != toZone) {
      delegate.onTransition(dev, at, toZone, ts, random);
    }
  }

  @Override
  public void onHeardAgain(long dev, int fromZone, int toZone, long lastHeard, long heard) {
    delegate.onHeardAgain(dev, fromZone, toZone, lastHeard, heard);
  }

  @Override
  public void writeState(DataOutput out) throws IOException {
    delegate.writeState(out);
  }

  @Override
  public void readState(DataInput in) throws IOException {
    delegate.readState(in);
  }

  @Override
  public void forgetState() {
    delegate.forgetState();
  }

  @Override
  public void onRenamed(long oldDev, long newDev) {
    delegate.onRenamed(oldDev, newDev);
  }

  @Override
  public void onRepeatId(long dev, long rid, long ts) {
    delegate.onRepeatId(dev, rid, ts);
  }

  @Override
  public void onFinal(long before, long amendableAfter) {
    delegate.onFinal(before, amendableAfter);
  }

  private int walkwayOf(int zone) {
    return walks.isWalkway(zone) ? zone : walks.opensOnto(zone);
  }

  /** The entrance from which the walk to a zone takes the fewest steps; the lowest index on a tie. */
  private int nearestEntrance(int zone) {
    int target = walkwayOf(zone);
    if (target < 0) {
      return -1;
    }
    int best = -1;
    int bestSteps = Integer.MAX_VALUE;
    for (int entrance : walks.entrances()) {
      int steps = 0;
      int at = entrance;
      while (at != target && at >= 0 && steps <= zones) {
        at = walks.nextHop(at, target);
        steps++;
      }
      if (at == target && steps < bestSteps) {
        best = entrance;
        bestSteps = steps;
      }
    }
    return best;
  }
}
