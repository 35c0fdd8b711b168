package io.footfall.engine;

import io.footfall.alerts.AlertRules;
import io.footfall.alerts.AlertsConfig;
import io.footfall.analytics.AnalyticsSettings;
import io.footfall.analytics.SiteAnalytics;
import io.footfall.analytics.VisitListener;
import io.footfall.analytics.ZoneMinute;
import io.footfall.bus.Addresses;
import io.footfall.site.Site;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Where an {@link EngineVerticle} takes its batches from and what it tells about its sites. A single node uses
 * {@link #single()}; a cluster node runs one engine per site it owns, on that site's own address, with analytics
 * and alert rules restored from the replicated state and a hook that replicates it again after each publish interval.
 *
 * @param address         event-bus address of the sighting batches
 * @param healthComponent name under which the engine reports to {@link io.footfall.bus.NodeHealth}
 * @param analytics       creates (or restores) the analytics of a site
 * @param published       called on the engine's event loop after each publish interval, with the analytics and
 *                        the final rows just handed to the rollup writer, after the alerts of that interval were
 *                        evaluated
 * @param alertRules      creates (or restores) the alert rules of a site
 */
public record EngineOptions(String address, String healthComponent,
                            AnalyticsFactory analytics,
                            BiConsumer<SiteAnalytics, List<ZoneMinute>> published,
                            AlertRulesFactory alertRules) {

  /** Options whose alert rules start with no alert open. */
  public EngineOptions(String address, String healthComponent, AnalyticsFactory analytics,
                       BiConsumer<SiteAnalytics, List<ZoneMinute>> published) {
    this(address, healthComponent, analytics, published, AlertRules::new);
  }

  /** Creates, or restores, the alert rules of a site. */
  @FunctionalInterface
  public interface AlertRulesFactory {
    AlertRules create(Site site, AlertsConfig config);
  }

  /** Creates, or restores, the analytics of a site with the listener of its visit metrics. */
  @FunctionalInterface
  public interface AnalyticsFactory {
    SiteAnalytics create(Site site, AnalyticsSettings settings, VisitListener listener);
  }

  /** One engine for every site of the node, on {@link Addresses#ENGINE_SIGHTINGS}. */
  public static EngineOptions single() {
    return new EngineOptions(Addresses.ENGINE_SIGHTINGS, "engine", SiteAnalytics::new, (analytics, rows) -> { });
  }
}
