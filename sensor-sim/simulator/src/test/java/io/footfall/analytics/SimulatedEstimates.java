package io.footfall.analytics;

import io.footfall.sim.Scenario;
import io.footfall.sim.SimOptions;
import io.footfall.sim.Simulation;
import io.footfall.site.Site;
import io.footfall.wire.WireDecoder;
import io.footfall.wire.WireEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the offline simulator (no MQTT) and feeds its batches, through the wire codec, into a {@link SiteAnalytics};
 * keeps the hourly device estimates and reads the simulator's truth about randomizing phones.
 */
final class SimulatedEstimates {

  /** Estimated and true randomizing phones of one zone (or the site, the sum of its zones) in one hour. */
  record Hour(long start, String zone, int estimate, int low, int high, int macs, int truePhones, int trueMacsHeard) {
  }

  final List<DeviceEstimate> rows = new ArrayList<>();
  final Map<String, int[]> truth = new HashMap<>();
  /** Per hour start: the random device ids heard at or above the RSSI floor. */
  final Map<Long, java.util.Set<String>> heardRandom = new HashMap<>();
  final Map<String, String> phoneOfDev = new HashMap<>();

  static SimulatedEstimates run(Site site, Path truthDir, long seed, Instant start, Duration duration, int visitors) {
    SimulatedEstimates result = new SimulatedEstimates();
    SimOptions options = SimOptions.defaults().withSeed(seed).withStart(start).withDuration(duration)
        .withScenario(Scenario.defaults().withVisitorsPerDay(visitors)).withTruthDir(truthDir).withWarmStart(true);
    SiteAnalytics analytics = new SiteAnalytics(site, AnalyticsSettings.defaults());
    WireDecoder decoder = new WireDecoder(100_000);
    long[] seq = new long[site.sensors().size()];
    try (Simulation sim = new Simulation(site, options)) {
      sim.runUntil(sim.startMs() + duration.toMillis(), (sensor, end, batch) -> {
        for (var s : batch) {
          if (Boolean.TRUE.equals(s.rand()) && (s.rssi() == null || s.rssi() >= AnalyticsSettings.defaults().rssiFloorDbm())) {
            result.heardRandom.computeIfAbsent(s.ts() / 3_600_000 * 3_600_000, h -> new java.util.HashSet<>()).add(s.dev());
          }
        }
        byte[] json = WireEncoder.batch(sensor.id(), seq[sensor.index()]++, batch).getBytes(StandardCharsets.UTF_8);
        analytics.accept(decoder.decode(json).resolved(site.id(), sensor.index(), end));
      });
      // lets event time pass the last hour's end, as a quiet night would
      analytics.tick(0);
      analytics.tick(Duration.ofHours(2).toMillis());
    }
    result.rows.addAll(analytics.drainEstimates());
    result.readTruth(truthDir.resolve("random-devices-hour.csv"));
    result.readDevices(truthDir.resolve("devices.csv"));
    return result;
  }

  /** Per hour: the site's own row against the distinct randomizing phones heard (at or above the floor). */
  List<Hour> siteHours() {
    List<Hour> out = new ArrayList<>();
    for (DeviceEstimate e : rows) {
      if (e.resolutionSec() == DeviceEstimate.HOUR && e.zone().equals(DeviceEstimate.SITE)) {
        int fixed = e.devices() - e.randomMacs();
        java.util.Set<String> devs = heardRandom.getOrDefault(e.start(), java.util.Set.of());
        long phones = devs.stream().map(phoneOfDev::get).distinct().count();
        out.add(new Hour(e.start(), e.zone(), e.randomDevices(), e.low() - fixed, e.high() - fixed, e.randomMacs(),
            (int) phones, devs.size()));
      }
    }
    return out;
  }

  /** Per hour and zone against random-devices-hour.csv (phones by true position, heard or not), plus a row per
   * hour with zone {@link DeviceEstimate#SITE} summing the zones; logged only, see docs/estimation.md. */
  List<Hour> hours() {
    Map<String, Hour> byKey = new HashMap<>();
    for (DeviceEstimate e : rows) {
      if (e.resolutionSec() != DeviceEstimate.HOUR || e.zone().equals(DeviceEstimate.SITE)) {
        continue;
      }
      int fixed = e.devices() - e.randomMacs();
      int[] t = truth.getOrDefault(e.start() + "," + e.zone(), new int[2]);
      add(byKey, new Hour(e.start(), e.zone(), e.randomDevices(), e.low() - fixed, e.high() - fixed, e.randomMacs(),
          t[0], t[1]));
    }
    truth.forEach((key, t) -> {
      String[] k = key.split(",");
      byKey.putIfAbsent(key, new Hour(Long.parseLong(k[0]), k[1], 0, 0, 0, 0, t[0], t[1]));
    });
    Map<Long, Hour> site = new HashMap<>();
    for (Hour h : List.copyOf(byKey.values())) {
      site.merge(h.start(), new Hour(h.start(), DeviceEstimate.SITE, h.estimate(), h.low(), h.high(), h.macs(),
          h.truePhones(), h.trueMacsHeard()), (a, b) -> new Hour(a.start(), a.zone(), a.estimate() + b.estimate(),
          a.low() + b.low(), a.high() + b.high(), a.macs() + b.macs(), a.truePhones() + b.truePhones(),
          a.trueMacsHeard() + b.trueMacsHeard()));
    }
    List<Hour> all = new ArrayList<>(byKey.values());
    all.addAll(site.values());
    all.sort((a, b) -> a.start() != b.start() ? Long.compare(a.start(), b.start()) : a.zone().compareTo(b.zone()));
    return all;
  }

  private static void add(Map<String, Hour> byKey, Hour h) {
    byKey.put(h.start() + "," + h.zone(), h);
  }

  private void readDevices(Path file) {
    try {
      for (String line : Files.readAllLines(file)) {
        String[] f = line.split(",");
        phoneOfDev.put(f[0], f[1]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void readTruth(Path file) {
    try {
      for (String line : Files.readAllLines(file).subList(1, Files.readAllLines(file).size())) {
        String[] f = line.split(",");
        truth.put(f[0] + "," + f[1], new int[] {Integer.parseInt(f[2]), Integer.parseInt(f[4])});
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
