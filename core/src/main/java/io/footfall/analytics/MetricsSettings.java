package io.footfall.analytics;

import io.footfall.wire.DeviceKeys;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Thresholds of the visitor, dwell, flow and privacy metrics ({@code metrics:} in the configuration;
 * {@code docs/metrics.md} explains each default).
 *
 * @param minStoreVisitMs  a stay in a store counts as a visit from this long (default 120 000: long enough to
 *                         browse, longer than the zone flicker of a device walking past the door)
 * @param minSiteVisitMs   a trip through the site counts as a site visit from this long (default 300 000, the
 *                         industry's usual figure); shorter trips are site passers-by
 * @param staffPresenceMs  a device present at the site for longer than this in one trip is staff or a fixed
 *                         device, excluded from shopper metrics (default 18 000 000, 5 h)
 * @param staffDevices     device ids (as sensors send them) always excluded: staff phones, tills, displays
 * @param kAnonymity       flow, dwell and path cells of fewer than this many are suppressed (default 5)
 * @param maxPathStops     stops kept per path; longer paths end in "..." (default 6)
 * @param maxPathsPerHour  distinct paths kept per hour, the rarest merged into "(other)" (default 500)
 * @param walkPaths        a move between two zones that do not touch counts as a walk along the walkways between
 *                         them ({@link WalkedPaths}), so flows and passers-by include the corridors crossed between
 *                         two probe bursts (default true)
 * @param hiddenWalks      with {@code walkPaths}, the flows also count the corridor-to-corridor moves expected
 *                         while nobody heard the device ({@link HiddenWalks}), fitted to the site's own silences
 *                         (default true)
 */
public record MetricsSettings(long minStoreVisitMs, long minSiteVisitMs, long staffPresenceMs,
                              List<String> staffDevices, int kAnonymity, int maxPathStops, int maxPathsPerHour,
                              boolean walkPaths, boolean hiddenWalks) {

  public MetricsSettings {
    staffDevices = staffDevices == null ? List.of() : List.copyOf(staffDevices);
    atLeast("minStoreVisitMs", minStoreVisitMs, 0);
    atLeast("minSiteVisitMs", minSiteVisitMs, 0);
    atLeast("staffPresenceMs", staffPresenceMs, 60_000);
    atLeast("kAnonymity", kAnonymity, 1);
    atLeast("maxPathStops", maxPathStops, 1);
    atLeast("maxPathsPerHour", maxPathsPerHour, 1);
  }

  public static MetricsSettings defaults() {
    return new MetricsSettings(120_000, 300_000, 18_000_000, List.of(), 5, 6, 500, true, true);
  }

  /** The allow-listed devices as the keys the analytics see. */
  Set<Long> staffKeys() {
    return staffDevices.stream().map(DeviceKeys::of).collect(Collectors.toUnmodifiableSet());
  }

  private static void atLeast(String name, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException("metrics." + name + " must be at least " + min + ", got " + value);
    }
  }
}
