package io.footfall.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.footfall.site.Site;
import io.footfall.site.Zone;
import io.footfall.site.ZoneKind;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes the ground truth of a run as CSV files plus {@code summary.json} into a directory; the formats are
 * documented in {@code docs/simulator.md}. Rows are written in simulated-time order, so the same seed gives
 * byte-identical files. Per-minute and per-hour tallies are written once their period is over.
 */
final class TruthWriter implements AutoCloseable {

  static final String OCCUPANCY = "occupancy.csv";
  static final String VISITS = "visits.csv";
  static final String TRANSITIONS = "transitions.csv";
  static final String PASSERSBY = "passersby.csv";
  static final String RANDOM_MINUTE = "random-devices-minute.csv";
  static final String RANDOM_HOUR = "random-devices-hour.csv";
  static final String DEVICES = "devices.csv";
  static final String SUMMARY = "summary.json";
  static final String OUTSIDE = "outside";

  private final Path dir;
  private final Site site;
  private final int[] stores;
  private final BufferedWriter occupancy;
  private final BufferedWriter visits;
  private final BufferedWriter transitions;
  private final BufferedWriter passersby;
  private final BufferedWriter randomMinute;
  private final BufferedWriter randomHour;
  private final BufferedWriter devices;
  /** Passers-by per minute start: [store slot][0 = all, 1 = with a detectable phone]. */
  private final TreeMap<Long, int[][]> passers = new TreeMap<>();
  private final TreeMap<Long, RandomTally> minuteTallies = new TreeMap<>();
  private final TreeMap<Long, RandomTally> hourTallies = new TreeMap<>();
  private final int[] storeSlot;

  TruthWriter(Path dir, Site site) {
    this.dir = dir;
    this.site = site;
    this.stores = site.zones().stream().filter(z -> z.kind() == ZoneKind.STORE && z.frontage() != null)
        .mapToInt(Zone::index).toArray();
    this.storeSlot = new int[site.zones().size()];
    java.util.Arrays.fill(storeSlot, -1);
    for (int i = 0; i < stores.length; i++) {
      storeSlot[stores[i]] = i;
    }
    try {
      Files.createDirectories(dir);
      occupancy = open(OCCUPANCY, "ts,zone,people,detectable,staff,devices");
      visits = open(VISITS, "person,kind,zone,enter,exit,detectable,closed");
      transitions = open(TRANSITIONS, "ts,person,from,to");
      passersby = open(PASSERSBY, "ts,store,frontage,passers,detectable");
      randomMinute = open(RANDOM_MINUTE, "ts,zone,devices,macs,macsHeard");
      randomHour = open(RANDOM_HOUR, "ts,zone,devices,macs,macsHeard");
      devices = open(DEVICES, "dev,phone,person,rand,fp,first");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write ground truth to " + dir, e);
    }
  }

  Path dir() {
    return dir;
  }

  void transition(long ts, Person p, int from, int to) {
    write(transitions, ts + "," + p.id + "," + zoneId(from) + "," + zoneId(to));
  }

  void visit(Person p, int zone, long enter, long exit, boolean closed) {
    write(visits, p.id + "," + p.kind.token + "," + zoneId(zone) + "," + enter + "," + exit + ","
        + p.detectable() + "," + closed);
  }

  /** Whether passers-by of a zone are tallied: stores with a frontage. */
  boolean tracksFrontage(int store) {
    return storeSlot[store] >= 0;
  }

  void passer(long minute, int store, boolean detectable) {
    int[][] counts = passers.computeIfAbsent(minute, m -> new int[stores.length][2]);
    counts[storeSlot[store]][0]++;
    if (detectable) {
      counts[storeSlot[store]][1]++;
    }
  }

  /** A probe burst of a randomizing phone in a zone, tallied for its minute and its local hour. */
  void randomProbe(long minute, long hour, int zone, Phone phone, boolean heard) {
    minuteTallies.computeIfAbsent(minute, m -> new RandomTally(site.zones().size())).add(zone, phone, heard);
    hourTallies.computeIfAbsent(hour, h -> new RandomTally(site.zones().size())).add(zone, phone, heard);
  }

  void device(Phone phone, Person p, long ts) {
    write(devices, phone.dev + "," + phone.id + "," + p.id + "," + phone.random() + "," + phone.fp + "," + ts);
  }

  /**
   * The occupancy at a minute mark, after every event up to and including that instant. Also closes the
   * tallies of earlier minutes and hours, and opens this minute's and hour's so that every period of the run has
   * rows, zeros included.
   *
   * @param hour start of the local hour the minute belongs to
   */
  void minute(long ts, long hour, int[] people, int[] detectable, int[] staff, int[] fixed) {
    flushBefore(ts, hour);
    ensurePeriod(ts, hour);
    for (Zone z : site.zones()) {
      int i = z.index();
      write(occupancy, ts + "," + z.id() + "," + people[i] + "," + detectable[i] + "," + staff[i] + "," + fixed[i]);
    }
  }

  /** Writes the tallies of every minute before {@code minute} and every hour before {@code hour}. */
  private void flushBefore(long minute, long hour) {
    while (!passers.isEmpty() && passers.firstKey() < minute) {
      Map.Entry<Long, int[][]> e = passers.pollFirstEntry();
      for (int s = 0; s < stores.length; s++) {
        Zone z = site.zones().get(stores[s]);
        write(passersby, e.getKey() + "," + z.id() + "," + z.frontage() + "," + e.getValue()[s][0] + ","
            + e.getValue()[s][1]);
      }
    }
    flushTallies(minuteTallies, minute, randomMinute);
    flushTallies(hourTallies, hour, randomHour);
  }

  /** Makes sure a minute and an hour of the run get their rows, zeros included. */
  void ensurePeriod(long minute, long hour) {
    passers.computeIfAbsent(minute, m -> new int[stores.length][2]);
    minuteTallies.computeIfAbsent(minute, m -> new RandomTally(site.zones().size()));
    hourTallies.computeIfAbsent(hour, h -> new RandomTally(site.zones().size()));
  }

  void finish(long end, List<Person> inMall, Map<String, Object> summary) {
    for (Person p : new ArrayList<>(inMall)) {
      visit(p, p.zone, p.zoneSince, end, false);
    }
    flushBefore(Long.MAX_VALUE, Long.MAX_VALUE);
    try {
      ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      Files.writeString(dir.resolve(SUMMARY), json.writeValueAsString(summary) + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(SUMMARY), e);
    }
  }

  @Override
  public void close() {
    for (BufferedWriter w : List.of(occupancy, visits, transitions, passersby, randomMinute, randomHour, devices)) {
      try {
        w.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot close ground truth in " + dir, e);
      }
    }
  }

  private void flushTallies(TreeMap<Long, RandomTally> tallies, long before, BufferedWriter out) {
    while (!tallies.isEmpty() && tallies.firstKey() < before) {
      Map.Entry<Long, RandomTally> e = tallies.pollFirstEntry();
      RandomTally t = e.getValue();
      for (Zone z : site.zones()) {
        int i = z.index();
        write(out, e.getKey() + "," + z.id() + "," + t.phones[i].size() + "," + t.macs[i].size() + ","
            + t.heard[i].size());
      }
    }
  }

  private String zoneId(int zone) {
    return zone < 0 ? OUTSIDE : site.zones().get(zone).id();
  }

  private BufferedWriter open(String name, String header) throws IOException {
    BufferedWriter w = Files.newBufferedWriter(dir.resolve(name), StandardCharsets.UTF_8);
    w.write(header);
    w.write('\n');
    return w;
  }

  private void write(BufferedWriter w, String line) {
    try {
      w.write(line);
      w.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write ground truth to " + dir, e);
    }
  }

  /** Distinct randomizing phones, the random MACs they probed with, and those MACs some sensor heard. */
  private static final class RandomTally {
    final Set<Long>[] phones;
    final Set<Long>[] macs;
    final Set<Long>[] heard;

    @SuppressWarnings("unchecked")
    RandomTally(int zones) {
      phones = new Set[zones];
      macs = new Set[zones];
      heard = new Set[zones];
      for (int i = 0; i < zones; i++) {
        phones[i] = new HashSet<>();
        macs[i] = new HashSet<>();
        heard[i] = new HashSet<>();
      }
    }

    void add(int zone, Phone phone, boolean wasHeard) {
      phones[zone].add(phone.id);
      macs[zone].add(phone.mac);
      if (wasHeard) {
        heard[zone].add(phone.mac);
      }
    }
  }
}
