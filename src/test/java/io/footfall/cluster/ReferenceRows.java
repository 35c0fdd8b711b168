package io.footfall.cluster;

import io.footfall.analytics.DeviceEstimate;
import io.footfall.analytics.FlowHour;
import io.footfall.analytics.PathHour;
import io.footfall.analytics.RepeatVisit;
import io.footfall.analytics.StoreMinute;
import io.footfall.analytics.VisitMetrics;
import io.footfall.analytics.ZoneMinute;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The rows a single-node reference run handed over, by the key each table stores them under, for comparing a
 * cluster's tables with it: zone minutes kept whole (their figures are compared too), the others as keys.
 */
final class ReferenceRows {

  final Map<String, ZoneMinute> zones = new TreeMap<>();
  final Set<String> stores = new TreeSet<>();
  final Set<String> flows = new TreeSet<>();
  final Set<String> paths = new TreeSet<>();
  final Set<String> estimates = new TreeSet<>();
  final Set<String> repeats = new TreeSet<>();

  void add(List<ZoneMinute> zoneRows, VisitMetrics visits, List<DeviceEstimate> estimateRows,
           List<RepeatVisit> repeatRows) {
    zoneRows.forEach(r -> zones.put(r.zone() + "@" + r.minute(), r));
    for (StoreMinute r : visits.stores()) {
      stores.add(r.zone() + "@" + r.minute());
    }
    for (FlowHour r : visits.flows()) {
      flows.add(r.from() + ">" + r.to() + "@" + r.hour());
    }
    for (PathHour r : visits.paths()) {
      paths.add(r.path() + "@" + r.hour());
    }
    estimateRows.forEach(r -> estimates.add(r.zone() + "/" + r.resolutionSec() + "@" + r.start()));
    repeatRows.forEach(r -> repeats.add(r.zone() + "@" + LocalDate.ofEpochDay(r.day()) + "#" + r.rid()));
  }
}
