package io.footfall.analytics;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Told about finished zone visits and zone changes of devices, for the visitor, dwell and flow analytics.
 * Called on the engine's thread with primitives only; implementations must be quick and must not call back into
 * {@link SiteAnalytics}. Calls are not in event-time order: a departure is only known an absence timeout after
 * the device was last heard, and its exit is back-dated.
 */
public interface VisitListener {

  /** Zone index standing for "outside the site" in {@link #onTransition}. */
  int OUTSIDE = -1;

  /** Listens to nothing. */
  VisitListener NONE = new VisitListener() {
    @Override
    public void onVisit(long dev, int zone, long enterTs, long exitTs, boolean random) {
    }

    @Override
    public void onTransition(long dev, int fromZone, int toZone, long ts, boolean random) {
    }
  };

  /**
   * A device left a zone, by moving to another zone or by leaving the site.
   *
   * @param enterTs when it entered, epoch ms rounded down to the second
   * @param exitTs  when it left, epoch ms (back-dated for a departure from the site)
   * @param random  whether the device used a randomized (locally administered) address
   */
  void onVisit(long dev, int zone, long enterTs, long exitTs, boolean random);

  /**
   * A device moved from one zone to another; {@link #OUTSIDE} as {@code fromZone} means it arrived at the site,
   * as {@code toZone} that it left.
   *
   * @param random whether the device used a randomized (locally administered) address: such an address starts
   *               and ends at every rotation, so its arrivals and departures are not those of a person
   */
  void onTransition(long dev, int fromZone, int toZone, long ts, boolean random);

  /**
   * A device present was heard again after a silence: last heard in {@code fromZone} at {@code lastHeard} (epoch
   * ms), its burst from {@code heard} on places it in {@code toZone} (the same zone when it stayed; a move between
   * them is told through {@link #onTransition} too). Lets the flows estimate the moves nobody heard
   * ({@link HiddenWalks}), and the store visits count a visit as it qualifies ({@link StoreVisits}): the device was in
   * {@code fromZone} until {@code lastHeard} at least, since a move out of it, or a departure, is never dated before
   * the end of the device's last burst there (to the second: {@link #onVisit} dates an exit at least
   * {@code lastHeard} rounded down to the second).
   */
  default void onHeardAgain(long dev, int fromZone, int toZone, long lastHeard, long heard) {
  }

  /**
   * A phone took a new randomized address and the estimator linked it to the old one ({@link RandomDevices}): the
   * same device goes on under {@code newDev}, with its zone and visit, and {@code oldDev} is not heard of again.
   */
  default void onRenamed(long oldDev, long newDev) {
  }

  /**
   * The repeat-visit id ({@code rid} in the wire format) of a device present at the site: told once per stay, at
   * the device's first sighting that carries one after its arrival was told (normally its second burst).
   *
   * @param ts event time of that sighting, epoch ms
   */
  default void onRepeatId(long dev, long rid, long ts) {
  }

  /**
   * Writes what this listener keeps between calls (open periods, trips under way), so that a site restored from a
   * snapshot goes on counting them; nothing by default. Called on the engine's thread with the analytics' own state
   * ({@link Snapshots}).
   */
  default void writeState(DataOutput out) throws IOException {
  }

  /** Reads what {@link #writeState} wrote, into a listener built like the one that wrote it; nothing by default. */
  default void readState(DataInput in) throws IOException {
  }

  /**
   * Drops whatever {@link #readState} read: the snapshot turned out damaged, and the site starts afresh with this
   * listener. Nothing by default.
   */
  default void forgetState() {
  }

  /**
   * Aggregates of periods ending at or before {@code before} (epoch ms) are final: hand them over. Visits and
   * transitions dated after {@code amendableAfter} may still be reported late (sightings within the late horizon),
   * and amend what was handed over; none dated at or before it will be. Called after the departures of each expiry
   * sweep.
   */
  default void onFinal(long before, long amendableAfter) {
  }
}
