package io.footfall.evaluate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * People counted by hand over a day, per zone, as step functions: a count holds until the next count of its zone.
 * Two formats:
 * <ul>
 *   <li>{@code time,zone,people}: ISO instants (or local date-times with an offset), one row per count;</li>
 *   <li>the Brno dataset's csv ({@code datetime;...;occupancy}): one row per probe request of the capture, in the
 *       capture's order, with local times and the people in the room when it was heard. The csv's time zone is not
 *       written down, so its first row is aligned with the capture's first probe request (rounded to a quarter of an
 *       hour, as time zones are) and every row shifted by the same amount.</li>
 * </ul>
 */
final class HandCounts {

  private static final long QUARTER_HOUR_MS = 15 * 60_000L;

  /** Per zone, count times (epoch ms, ascending) and the people counted. */
  private final Map<String, long[]> times;
  private final Map<String, double[]> people;

  private HandCounts(Map<String, long[]> times, Map<String, double[]> people) {
    this.times = times;
    this.people = people;
  }

  /**
   * Reads a counts file.
   *
   * @param firstProbeMs the capture's first probe request, used to align a Brno csv's local times; ignored for
   *                     {@code time,zone,people}
   * @param zone         the zone a Brno csv counts (it has none of its own)
   */
  static HandCounts read(Path file, long firstProbeMs, String zone) throws IOException {
    List<String> lines = Files.readAllLines(file);
    if (lines.isEmpty()) {
      throw new IllegalArgumentException(file + ": empty counts file");
    }
    String header = lines.get(0).strip();
    return header.startsWith("datetime;") ? brno(file, lines, firstProbeMs, zone) : plain(file, lines);
  }

  private static HandCounts brno(Path file, List<String> lines, long firstProbeMs, String zone) {
    List<String> columns = Arrays.asList(lines.get(0).strip().split(";", -1));
    int occupancy = columns.indexOf("occupancy");
    if (occupancy < 0) {
      throw new IllegalArgumentException(file + ": no occupancy column");
    }
    List<Long> at = new ArrayList<>();
    List<Double> count = new ArrayList<>();
    Long shift = null;
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(";", -1);
      if (f.length <= occupancy) {
        continue;
      }
      long local = LocalDateTime.parse(f[0].strip().replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
      if (shift == null) {
        shift = Math.round((double) (firstProbeMs - local) / QUARTER_HOUR_MS) * QUARTER_HOUR_MS;
      }
      String value = f[occupancy].strip();
      if (value.isEmpty() || value.equalsIgnoreCase("nan")) {
        continue;
      }
      at.add(local + shift);
      count.add(Double.parseDouble(value));
    }
    TreeMap<Long, Double> steps = new TreeMap<>();
    for (int i = 0; i < at.size(); i++) {
      steps.put(at.get(i), count.get(i));
    }
    return of(Map.of(zone, steps));
  }

  private static HandCounts plain(Path file, List<String> lines) {
    List<String> columns = Arrays.asList(lines.get(0).strip().split(",", -1));
    if (!columns.equals(List.of("time", "zone", "people"))) {
      throw new IllegalArgumentException(file + ": the header must be time,zone,people (or a Brno csv), got "
          + lines.get(0));
    }
    Map<String, TreeMap<Long, Double>> zones = new TreeMap<>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split(",", -1);
      if (f.length != 3) {
        throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected time,zone,people");
      }
      try {
        zones.computeIfAbsent(f[1].strip(), z -> new TreeMap<>()).put(instant(f[0].strip()),
            Double.parseDouble(f[2].strip()));
      } catch (DateTimeParseException | NumberFormatException e) {
        throw new IllegalArgumentException(file + ":" + (i + 1) + ": " + e.getMessage());
      }
    }
    return of(zones);
  }

  private static long instant(String text) {
    try {
      return Instant.parse(text).toEpochMilli();
    } catch (DateTimeParseException e) {
      return OffsetDateTime.parse(text).toInstant().toEpochMilli();
    }
  }

  private static HandCounts of(Map<String, TreeMap<Long, Double>> zones) {
    Map<String, long[]> times = new TreeMap<>();
    Map<String, double[]> people = new TreeMap<>();
    zones.forEach((zone, steps) -> {
      if (steps.isEmpty()) {
        return;
      }
      times.put(zone, steps.keySet().stream().mapToLong(Long::longValue).toArray());
      people.put(zone, steps.values().stream().mapToDouble(Double::doubleValue).toArray());
    });
    if (times.isEmpty()) {
      throw new IllegalArgumentException("the counts file holds no count");
    }
    return new HandCounts(times, people);
  }

  /** The first and last count of any zone. */
  long firstMs() {
    return times.values().stream().mapToLong(t -> t[0]).min().orElseThrow();
  }

  long lastMs() {
    return times.values().stream().mapToLong(t -> t[t.length - 1]).max().orElseThrow();
  }

  /**
   * The people in the site on average over {@code [from, to)}, summed over zones, each zone's count weighted by the
   * time it held; NaN when less than half the period lies between a zone's first and last count.
   */
  double mean(long from, long to) {
    double total = 0;
    for (var e : times.entrySet()) {
      long[] t = e.getValue();
      double[] p = people.get(e.getKey());
      double weighted = 0;
      long covered = 0;
      for (int i = 0; i + 1 < t.length; i++) {
        long a = Math.max(t[i], from);
        long b = Math.min(t[i + 1], to);
        if (b > a) {
          weighted += p[i] * (b - a);
          covered += b - a;
        }
      }
      if (covered * 2 < to - from) {
        return Double.NaN;
      }
      total += weighted / covered;
    }
    return total;
  }
}
