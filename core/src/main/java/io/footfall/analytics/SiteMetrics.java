package io.footfall.analytics;

import io.footfall.site.Site;
import io.footfall.site.WalkGraph;
import java.util.List;

/**
 * The visitor and flow metrics of one site ({@link StoreVisits} and {@link Flows}) behind one listener to attach
 * to its {@link SiteAnalytics}, drained together like the minute rollups. Not thread-safe.
 */
public final class SiteMetrics {

  private final Site site;
  private final StoreVisits stores;
  private final Flows flows;
  private final VisitListener listener;

  public SiteMetrics(Site site, MetricsSettings settings) {
    this.site = site;
    this.stores = new StoreVisits(site, settings);
    WalkGraph walks = settings.walkPaths() ? new WalkGraph(site) : null;
    this.flows = new Flows(site, settings, walks);
    VisitListener both = VisitListeners.of(stores, flows);
    this.listener = walks != null ? new WalkedPaths(site, walks, both) : both;
  }

  /** What to give {@link SiteAnalytics} (possibly through {@link VisitListeners#of}). */
  public VisitListener listener() {
    return listener;
  }

  public StoreVisits stores() {
    return stores;
  }

  /** Rows of the minutes and hours that became final since the last call. */
  public VisitMetrics drainFinished() {
    return new VisitMetrics(site.id(), stores.drainFinished(), flows.drainFinishedFlows(), flows.drainFinishedPaths());
  }

  /** The (repeat-visit id, store, day) triples of visitors counted since the last call. */
  public RepeatVisits.Rows drainRepeats() {
    return stores.repeats().drain();
  }

  /** For a shutdown: the final rows not drained, then provisional rows of every open minute and hour. */
  public VisitMetrics flushOpen() {
    return flows.flushOpen(stores.flushOpen());
  }

  /** Transitions per cell in the minutes of event time overlapping {@code [from, to)} (at most the last hour). */
  public List<FlowHour> recentFlows(long from, long to) {
    return flows.recent(from, to);
  }

  /** Today's visitors and passers-by per store, the site last, as of event time {@code now}. */
  public List<StoreVisits.Today> today(long now) {
    return stores.today(now);
  }
}
