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
  /** Detectable passers-by per store over the run, as {@code passersby.csv} counts them (any phone). */
  final Map<String, Integer> passersBy = new HashMap<>();
  /** Every passer-by of a store, person by person, rebuilt from {@code transitions.csv} (see {@link #passes}). */
  final List<Pass> passes = new ArrayList<>();
  /** Zone-to-zone moves of people with a detectable phone; arrivals and departures (outside) excluded. */
  final List<Move> transitions = new ArrayList<>();
  /** People carrying a phone with a globally administered (non-randomized) MAC: those a repeat-visit id can follow. */
  final Set<String> fixedAddressPeople = new HashSet<>();
  /** Distinct phones with randomized MACs per zone and local hour: zone -> hour ts -> devices. */
  final Map<String, Map<Long, Integer>> randomDevicesHourly = new HashMap<>();

  /** A person who walked along {@code store}'s frontage corridor without coming from or going into it. */
  record Pass(String person, String store, long ts) {
  }

  /** One move of a person from zone to zone at {@code ts}. */
  record Move(String person, String from, String to, long ts) {
  }

  /**
   * Distinct phones with randomized MACs over the site per UTC hour: those that started using a new MAC in the
   * hour (devices.csv {@code first}). A phone rotates every few bursts (minutes), so one active in an hour
   * nearly always starts a MAC in it.
   */
  final Map<Long, Set<String>> randomPhonesHourly = new HashMap<>();

  record Visit(String person, String kind, String zone, long enter, long exit, boolean detectable, boolean closed) {
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
      Visit v = new Visit(c[0], c[1], c[2], Long.parseLong(c[3]), Long.parseLong(c[4]), Boolean.parseBoolean(c[5]),
          c.length < 7 || Boolean.parseBoolean(c[6]));
      truth.visits.add(v);
      if (v.detectable()) {
        detectablePeople.add(v.person());
      }
    });
    Map<String, Set<String>> storesByFrontage = new HashMap<>();
    rows(dir.resolve("passersby.csv"), c -> {
      truth.passersBy.merge(c[1], Integer.parseInt(c[4]), Integer::sum);
      storesByFrontage.computeIfAbsent(c[2], f -> new HashSet<>()).add(c[1]);
    });
    Map<String, String> cameFrom = new HashMap<>();
    rows(dir.resolve("transitions.csv"), c -> {
      if (detectablePeople.contains(c[1]) && !OUTSIDE.equals(c[2]) && !OUTSIDE.equals(c[3])) {
        truth.transitions.add(new Move(c[1], c[2], c[3], Long.parseLong(c[0])));
      }
      // the simulator's passer-by rule (docs/simulator.md), person by person: leaving a frontage corridor neither
      // back into the zone one came from nor into the store
      String from = cameFrom.put(c[1], c[2]);
      for (String store : storesByFrontage.getOrDefault(c[2], Set.of())) {
        if (detectablePeople.contains(c[1]) && !store.equals(from) && !store.equals(c[3])) {
          truth.passes.add(new Pass(c[1], store, Long.parseLong(c[0])));
        }
      }
    });
    rows(dir.resolve("random-devices-hour.csv"), c -> truth.randomDevicesHourly
        .computeIfAbsent(c[1], z -> new HashMap<>()).put(Long.parseLong(c[0]), Integer.parseInt(c[2])));
    rows(dir.resolve("devices.csv"), c -> {
      if (!Boolean.parseBoolean(c[3])) {
        truth.fixedAddressPeople.add(c[2]);
      } else {
        long first = Long.parseLong(c[5]);
        truth.randomPhonesHourly.computeIfAbsent(first - Math.floorMod(first, 3_600_000L), h -> new HashSet<>())
            .add(c[1]);
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
