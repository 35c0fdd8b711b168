package io.footfall.evaluate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The simulator's ground truth of one run, read from its truth directory (formats in docs/simulator.md): only
 * what the scoring needs, keyed by zone.
 */
final class GroundTruth {

  static final String OUTSIDE = "outside";

  /** Detectable people (staff included) plus fixed devices per zone at each minute mark: zone -> ts -> devices. */
  final Map<String, Map<Long, Integer>> detectableDevices = new HashMap<>();
  /** People (staff included) per zone at each minute mark: zone -> ts -> people. */
  final Map<String, Map<Long, Integer>> people = new HashMap<>();
  /** Finished or running stays: zone, kind, enter, exit, detectable. */
  final List<Visit> visits = new ArrayList<>();
  /** Detectable passers-by per store over the run. */
  final Map<String, Integer> passersBy = new HashMap<>();
  /** Zone-to-zone moves of people with a detectable phone, "from>to" -> count; outside excluded. */
  final Map<String, Integer> transitions = new HashMap<>();
  /** People carrying a phone with a globally administered (non-randomized) MAC: those a repeat-visit id can follow. */
  final Set<String> fixedAddressPeople = new HashSet<>();
  /** Distinct phones with randomized MACs per zone and local hour: zone -> hour ts -> devices. */
  final Map<String, Map<Long, Integer>> randomDevicesHourly = new HashMap<>();

  record Visit(String person, String kind, String zone, long enter, long exit, boolean detectable) {
    long durationMs() {
      return exit - enter;
    }
  }

  private GroundTruth() {
  }

  static GroundTruth read(Path dir) {
    GroundTruth truth = new GroundTruth();
    rows(dir.resolve("occupancy.csv"), c -> {
      long ts = Long.parseLong(c[0]);
      truth.detectableDevices.computeIfAbsent(c[1], z -> new HashMap<>())
          .put(ts, Integer.parseInt(c[3]) + Integer.parseInt(c[5]));
      truth.people.computeIfAbsent(c[1], z -> new HashMap<>()).put(ts, Integer.parseInt(c[2]));
    });
    Set<String> detectablePeople = new HashSet<>();
    rows(dir.resolve("visits.csv"), c -> {
      Visit v = new Visit(c[0], c[1], c[2], Long.parseLong(c[3]), Long.parseLong(c[4]), Boolean.parseBoolean(c[5]));
      truth.visits.add(v);
      if (v.detectable()) {
        detectablePeople.add(v.person());
      }
    });
    rows(dir.resolve("passersby.csv"), c -> truth.passersBy.merge(c[1], Integer.parseInt(c[4]), Integer::sum));
    rows(dir.resolve("transitions.csv"), c -> {
      if (detectablePeople.contains(c[1]) && !OUTSIDE.equals(c[2]) && !OUTSIDE.equals(c[3])) {
        truth.transitions.merge(c[2] + ">" + c[3], 1, Integer::sum);
      }
    });
    rows(dir.resolve("random-devices-hour.csv"), c -> truth.randomDevicesHourly
        .computeIfAbsent(c[1], z -> new HashMap<>()).put(Long.parseLong(c[0]), Integer.parseInt(c[2])));
    rows(dir.resolve("devices.csv"), c -> {
      if (!Boolean.parseBoolean(c[3])) {
        truth.fixedAddressPeople.add(c[2]);
      }
    });
    return truth;
  }

  private static void rows(Path file, Consumer<String[]> row) {
    try (BufferedReader in = Files.newBufferedReader(file)) {
      in.readLine();
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (!line.isEmpty()) {
          row.accept(line.split(",", -1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read ground truth " + file, e);
    }
  }
}
