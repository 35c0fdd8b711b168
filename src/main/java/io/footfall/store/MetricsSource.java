package io.footfall.store;

import io.footfall.analytics.FlowHour;
import io.footfall.analytics.PathHour;
import io.footfall.analytics.StoreMinute;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where the web server reads stored visitor and flow metrics from (PostgreSQL in a running node). Ranges cover
 * minutes (store figures) or hours (flows, paths) that start in {@code [from, to)}.
 */
public interface MetricsSource {

  /** Serves nothing: every query answers with no rows. */
  MetricsSource NONE = new MetricsSource() {
    @Override
    public Future<List<StoreMinute>> storePeriods(String site, String zone, Step step, Instant from, Instant to) {
      return Future.succeededFuture(List.of());
    }

    @Override
    public Future<Map<String, int[]>> dwellBins(String site, String zone, Instant from, Instant to) {
      return Future.succeededFuture(Map.of());
    }

    @Override
    public Future<List<FlowHour>> flows(String site, Instant from, Instant to) {
      return Future.succeededFuture(List.of());
    }

    @Override
    public Future<List<PathHour>> topPaths(String site, Instant from, Instant to, int limit) {
      return Future.succeededFuture(List.of());
    }
  };

  /** The length of the periods a series is summed into. */
  enum Step {
    MINUTE, HOUR
  }

  /**
   * Store (and site, zone {@link StoreMinute#SITE}) figures summed per zone and period, ordered by zone and period;
   * {@code minute} is the period's start and {@code dwellFine} is empty.
   *
   * @param zone one zone, or null for all
   */
  Future<List<StoreMinute>> storePeriods(String site, String zone, Step step, Instant from, Instant to);

  /**
   * Fine dwell histograms summed over the range, per zone, as (minute, visitors) pairs in minute order.
   *
   * @param zone one zone, or null for all
   */
  Future<Map<String, int[]>> dwellBins(String site, String zone, Instant from, Instant to);

  /** Transitions per origin-destination cell summed over the range ({@code hour} is {@code from}), most first. */
  Future<List<FlowHour>> flows(String site, Instant from, Instant to);

  /** The {@code limit} most common paths over the range ({@code hour} is {@code from}), most first. */
  Future<List<PathHour>> topPaths(String site, Instant from, Instant to, int limit);
}
