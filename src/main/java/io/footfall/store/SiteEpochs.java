package io.footfall.store;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fencing token each site's rows are written under on this node: the epoch of the site's ownership that produced
 * them. The writers stamp every row with it as it arrives and the upserts refuse a row of an older epoch than the one
 * stored, so rows a node hands over after it lost a site (a paused owner's provisional minutes) cannot overwrite
 * those of the node that took the site over. Epochs only grow: on a cluster node the site ownership sets a site's
 * epoch when it takes the site (docs/deploy.md, fencing); a single node runs every site under the epoch of its
 * start. Thread-safe.
 */
public final class SiteEpochs {

  private final Map<String, Long> epochs = new ConcurrentHashMap<>();
  private final long unset;

  private SiteEpochs(long unset) {
    this.unset = unset;
  }

  /** A single node: every site under one epoch, the wall-clock time of the node's start, above any earlier run's. */
  public static SiteEpochs single() {
    return new SiteEpochs(System.currentTimeMillis());
  }

  /** A cluster node: epochs as the ownership sets them; a site this node never ran is at epoch 0, the oldest. */
  public static SiteEpochs cluster() {
    return new SiteEpochs(0);
  }

  /** The epoch of the site's latest ownership on this node; it stays after the site is lost. */
  public long of(String site) {
    return epochs.getOrDefault(site, unset);
  }

  /** Called when this node takes a site, before its engine starts. */
  public void set(String site, long epoch) {
    epochs.put(site, epoch);
  }
}
