package io.footfall.store;

import io.footfall.analytics.Dwell;
import io.footfall.analytics.FlowHour;
import io.footfall.analytics.StoreMinute;
import io.footfall.sim.Scenario;
import io.footfall.sim.SimOptions;
import io.footfall.sim.Simulation;
import io.footfall.site.Site;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rollups a perfect footfall would store for a simulated run: the simulator's ground truth (every person's
 * visits, the passers-by of each store front, every move) summed into store rows and flow hours. The decisions
 * read nothing else, so their answers can be held against what the simulated mall really did. Store rows are
 * summed per hour (a row dated at the hour's first minute): the decisions read hours, and a month of per-minute rows
 * would take the writer minutes on a busy machine.
 */
final class SimulatedRollups {

  private static final long MINUTE = 60_000;
  private static final long HOUR = 3_600_000;
  private static final long ROW = HOUR;

  final List<StoreMinute> stores = new ArrayList<>();
  final List<FlowHour> flows = new ArrayList<>();
  /** Store visits per zone, as the truth has them: {zone -> {local minute start -> visitors}}. */
  final Map<String, TreeMap<Long, Integer>> visitsByZone = new TreeMap<>();

  /**
   * Runs a scenario file offline, without phones (only the truth is wanted, and it comes much faster), and sums
   * its truth.
   */
  static SimulatedRollups run(Site site, Path scenarioFile, int visitorsPerDay, Instant start, Duration duration,
                              Path dir) throws IOException {
    Path scenario = dir.resolve("scenario.yaml");
    Files.writeString(scenario, Files.readString(scenarioFile)
        + "\nphones: {noPhoneShare: 1.0}\nstaff: {perStore: 0, foodCourt: 0, service: 0, fixedDevicesPerStore: 0}\n");
    Path truth = dir.resolve("truth");
    SimOptions options = SimOptions.defaults().withSeed(20_261_019L).withStart(start).withDuration(duration)
        .withTruthDir(truth).withScenario(Scenario.load(scenario).withVisitorsPerDay(visitorsPerDay));
    try (Simulation sim = new Simulation(site, options)) {
      sim.runUntil(sim.startMs() + duration.toMillis(), (sensor, end, sightings) -> { });
    }
    return read(site.id(), truth);
  }

  private static SimulatedRollups read(String site, Path truth) throws IOException {
    Map<String, TreeMap<Long, long[]>> minutes = new TreeMap<>();
    Map<String, TreeMap<Long, TreeMap<Integer, Integer>>> fine = new TreeMap<>();
    SimulatedRollups rollups = new SimulatedRollups();
    try (BufferedReader visits = Files.newBufferedReader(truth.resolve("visits.csv"))) {
      visits.readLine();
      for (String line = visits.readLine(); line != null; line = visits.readLine()) {
        String[] f = line.split(",");
        if (!f[2].startsWith("store-") || f[1].equals("staff") || f[1].equals("device")) {
          continue;
        }
        long enter = Long.parseLong(f[3]);
        long dwell = Long.parseLong(f[4]) - enter;
        long minute = enter - Math.floorMod(enter, ROW);
        long[] row = minutes.computeIfAbsent(f[2], z -> new TreeMap<>()).computeIfAbsent(minute, m -> new long[8]);
        row[0]++;
        row[2 + Dwell.bucket(dwell)]++;
        row[7] += dwell;
        fine.computeIfAbsent(f[2], z -> new TreeMap<>()).computeIfAbsent(minute, m -> new TreeMap<>())
            .merge(Dwell.bin(dwell), 1, Integer::sum);
        rollups.visitsByZone.computeIfAbsent(f[2], z -> new TreeMap<>()).merge(enter - Math.floorMod(enter, MINUTE),
            1, Integer::sum);
      }
    }
    try (BufferedReader passers = Files.newBufferedReader(truth.resolve("passersby.csv"))) {
      passers.readLine();
      for (String line = passers.readLine(); line != null; line = passers.readLine()) {
        String[] f = line.split(",");
        int n = Integer.parseInt(f[3]);
        if (n > 0) {
          long ts = Long.parseLong(f[0]);
          minutes.computeIfAbsent(f[1], z -> new TreeMap<>()).computeIfAbsent(ts - Math.floorMod(ts, ROW),
              m -> new long[8])[1] += n;
        }
      }
    }
    Map<Long, Map<String, Integer>> cells = new TreeMap<>();
    try (BufferedReader moves = Files.newBufferedReader(truth.resolve("transitions.csv"))) {
      moves.readLine();
      for (String line = moves.readLine(); line != null; line = moves.readLine()) {
        String[] f = line.split(",");
        long ts = Long.parseLong(f[0]);
        if (f[1].startsWith("staff") || f[1].startsWith("dev")) {
          continue;
        }
        cells.computeIfAbsent(ts - Math.floorMod(ts, HOUR), h -> new TreeMap<>()).merge(f[2] + ">" + f[3], 1,
            Integer::sum);
        if (f[2].equals("outside")) {
          minutes.computeIfAbsent(StoreMinute.SITE, z -> new TreeMap<>())
              .computeIfAbsent(ts - Math.floorMod(ts, ROW), m -> new long[8])[0]++;
        }
      }
    }
    minutes.forEach((zone, rows) -> rows.forEach((minute, r) -> {
      TreeMap<Integer, Integer> bins = fine.getOrDefault(zone, new TreeMap<>()).getOrDefault(minute, new TreeMap<>());
      int[] pairs = new int[bins.size() * 2];
      int i = 0;
      for (Map.Entry<Integer, Integer> bin : bins.entrySet()) {
        pairs[i++] = bin.getKey();
        pairs[i++] = bin.getValue();
      }
      rollups.stores.add(new StoreMinute(site, zone, minute, (int) r[0], (int) r[1], 0, 0,
          new int[] {(int) r[2], (int) r[3], (int) r[4], (int) r[5], (int) r[6]}, pairs, r[7]));
    }));
    cells.forEach((hour, byCell) -> byCell.forEach((cell, n) -> {
      String[] fromTo = cell.split(">");
      rollups.flows.add(new FlowHour(site, hour, fromTo[0], fromTo[1], n));
    }));
    return rollups;
  }

  /** The truth's store visits of a zone in [from, to). */
  long visits(String zone, Instant from, Instant to) {
    return visitsByZone.getOrDefault(zone, new TreeMap<>()).subMap(from.toEpochMilli(), to.toEpochMilli()).values()
        .stream().mapToLong(Integer::longValue).sum();
  }
}
