package io.footfall.analytics;

import java.util.List;

/** Finished (or, at shutdown, provisional) visitor and flow aggregates of one site, handed to the writer together. */
public record VisitMetrics(String site, List<StoreMinute> stores, List<FlowHour> flows, List<PathHour> paths) {

  public boolean isEmpty() {
    return stores.isEmpty() && flows.isEmpty() && paths.isEmpty();
  }
}
