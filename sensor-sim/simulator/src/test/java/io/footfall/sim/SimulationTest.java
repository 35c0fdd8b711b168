package io.footfall.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.site.SensorSpec;
import io.footfall.site.Site;
import io.footfall.site.SiteLoader;
import io.footfall.wire.Sighting;
import io.footfall.wire.WireEncoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulation core without a network: determinism and the self-consistency of the ground truth. */
class SimulationTest {

  private static final Site SITE = SiteLoader.loadResource("sites/demo-mall.yaml");
  private static final Instant NOON = Instant.parse("2025-03-04T12:00:00Z");
  private static final Scenario LIGHT = Scenario.defaults().withVisitorsPerDay(4000);

  private static final Pattern HEX16 = Pattern.compile("[0-9a-f]{16}");

  @TempDir
  static Path shared;
  @TempDir
  Path tmp;

  /** One warm noon hour that the consistency checks share, since they only read it. */
  private static Run noon;

  @BeforeAll
  static void simulateNoonHour() throws Exception {
    noon = run(shared.resolve("noon"), 7, NOON, Duration.ofHours(1), LIGHT, true, false);
  }

  /** What a run produced: its sightings per sensor, in order, and where its truth went. */
  record Run(Path truth, List<String> sensors, List<Sighting> sightings, String digest) {
  }

  static Run run(Path truth, long seed, Instant start, Duration duration, Scenario scenario, boolean warm,
                 boolean alwaysOpen) throws Exception {
    SimOptions options = SimOptions.defaults().withSeed(seed).withStart(start).withDuration(duration)
        .withScenario(scenario).withTruthDir(truth).withWarmStart(warm).withAlwaysOpen(alwaysOpen);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    List<String> sensors = new ArrayList<>();
    List<Sighting> sightings = new ArrayList<>();
    long[] seq = new long[SITE.sensors().size()];
    try (Simulation sim = new Simulation(SITE, options)) {
      sim.runUntil(sim.startMs() + duration.toMillis(), (sensor, end, batch) -> {
        sha.update(WireEncoder.batch(sensor.id(), seq[sensor.index()]++, batch).getBytes(StandardCharsets.UTF_8));
        for (Sighting s : batch) {
          sensors.add(sensor.id());
          sightings.add(s);
        }
      });
    }
    return new Run(truth, sensors, sightings, HexFormat.of().formatHex(sha.digest()));
  }

  private Run noonHour(String dir, long seed) throws Exception {
    return run(tmp.resolve(dir), seed, NOON, Duration.ofHours(1), LIGHT, true, false);
  }

  @Test
  void sameSeedGivesIdenticalSightingsAndByteIdenticalTruth() throws Exception {
    Run a = noonHour("a", 42);
    Run b = noonHour("b", 42);
    assertThat(a.digest()).isEqualTo(b.digest());
    assertThat(a.sightings()).isNotEmpty();
    try (var files = Files.list(a.truth())) {
      for (Path f : files.toList()) {
        assertThat(Files.readAllBytes(b.truth().resolve(f.getFileName()))).as(f.getFileName().toString())
            .isEqualTo(Files.readAllBytes(f));
      }
    }
  }

  @Test
  void differentSeedGivesDifferentSightingsAndTruth() throws Exception {
    Run a = noonHour("a", 42);
    Run b = noonHour("b", 43);
    assertThat(a.digest()).isNotEqualTo(b.digest());
    assertThat(Files.readAllBytes(b.truth().resolve(TruthWriter.VISITS)))
        .isNotEqualTo(Files.readAllBytes(a.truth().resolve(TruthWriter.VISITS)));
  }

  @Test
  void occupancyAtEveryMinuteEqualsTheVisitsCoveringIt() throws Exception {
    Run r = noon;
    List<String[]> visits = rows(r.truth().resolve(TruthWriter.VISITS));
    List<String[]> occupancy = rows(r.truth().resolve(TruthWriter.OCCUPANCY));
    assertThat(occupancy).hasSize(60 * SITE.zones().size());
    Map<String, List<String[]>> byZone = visits.stream().collect(Collectors.groupingBy(v -> v[2]));
    for (String[] o : occupancy) {
      long ts = Long.parseLong(o[0]);
      int people = 0;
      int detectable = 0;
      int staff = 0;
      int devices = 0;
      for (String[] v : byZone.getOrDefault(o[1], List.of())) {
        if (Long.parseLong(v[3]) <= ts && ts < Long.parseLong(v[4])) {
          if (v[1].equals("device")) {
            devices++;
            continue;
          }
          people++;
          detectable += v[5].equals("true") ? 1 : 0;
          staff += v[1].equals("staff") ? 1 : 0;
        }
      }
      assertThat(new int[] {people, detectable, staff, devices}).as("zone %s at %s", o[1], o[0])
          .containsExactly(Integer.parseInt(o[2]), Integer.parseInt(o[3]), Integer.parseInt(o[4]),
              Integer.parseInt(o[5]));
    }
    assertThat(occupancy.stream().mapToInt(o -> Integer.parseInt(o[2])).max().orElse(0))
        .as("a warm-started mall is busy at noon").isGreaterThan(20);
  }

  @Test
  void entriesAndExitsBalanceAndEveryPersonWalksAContinuousPath() throws Exception {
    Run r = noon;
    long start = NOON.toEpochMilli();
    List<String[]> visits = rows(r.truth().resolve(TruthWriter.VISITS));
    List<String[]> transitions = rows(r.truth().resolve(TruthWriter.TRANSITIONS));
    Map<String, Integer> balance = new HashMap<>();
    Map<String, String> whereIs = new HashMap<>();
    for (String[] v : visits) {
      if (Long.parseLong(v[3]) < start) {
        whereIs.put(v[0], v[2]);
        balance.merge(v[2], 1, Integer::sum);
      }
    }
    for (String[] t : transitions) {
      assertThat(Long.parseLong(t[0])).isGreaterThanOrEqualTo(start);
      assertThat(whereIs.getOrDefault(t[1], TruthWriter.OUTSIDE)).as("person %s at %s", t[1], t[0]).isEqualTo(t[2]);
      whereIs.put(t[1], t[3]);
      balance.merge(t[3], 1, Integer::sum);
      balance.merge(t[2], -1, Integer::sum);
    }
    Map<String, Integer> open = new HashMap<>();
    for (String[] v : visits) {
      if (v[6].equals("false")) {
        open.merge(v[2], 1, Integer::sum);
        assertThat(whereIs.get(v[0])).isEqualTo(v[2]);
      }
    }
    balance.remove(TruthWriter.OUTSIDE);
    balance.values().removeIf(n -> n == 0);
    assertThat(balance).isEqualTo(open);
  }

  @Test
  void everySightingIsAboveTheNoiseFloorFromASensorOfTheSite() throws Exception {
    Run r = noon;
    Set<String> ids = SITE.sensors().stream().map(SensorSpec::id).collect(Collectors.toSet());
    assertThat(ids).containsAll(new HashSet<>(r.sensors()));
    assertThat(new HashSet<>(r.sensors())).hasSize(SITE.sensors().size());
    int floor = (int) LIGHT.radio().noiseFloorDbm();
    long from = NOON.toEpochMilli();
    long to = from + 3_600_000;
    List<Sighting> bad = r.sightings().stream()
        .filter(s -> s.rssi() < floor || !HEX16.matcher(s.dev()).matches() || !HEX16.matcher(s.fp()).matches()
            || s.sn() < 0 || s.sn() > 4095 || s.ts() < from || s.ts() >= to)
        .toList();
    assertThat(bad).isEmpty();
  }

  @Test
  void randomizedPhonesRotateMacsButKeepTheirFingerprintAndSequenceNumbers() throws Exception {
    Run r = noon;
    Map<String, String[]> devices = new HashMap<>();
    for (String[] d : rows(r.truth().resolve(TruthWriter.DEVICES))) {
      devices.put(d[0], d);
    }
    Map<String, List<Sighting>> byPhone = new HashMap<>();
    List<Sighting> unexplained = new ArrayList<>();
    for (Sighting s : r.sightings()) {
      String[] d = devices.get(s.dev());
      if (d == null || s.rand() != Boolean.parseBoolean(d[3]) || !s.fp().equals(d[4])) {
        unexplained.add(s);
      } else {
        byPhone.computeIfAbsent(d[1], k -> new ArrayList<>()).add(s);
      }
    }
    assertThat(unexplained).as("every dev on the wire is in devices.csv with its rand flag and fp").isEmpty();
    int rotations = 0;
    for (List<Sighting> frames : byPhone.values()) {
      frames.sort((x, y) -> x.ts() != y.ts() ? Long.compare(x.ts(), y.ts()) : Integer.compare(x.sn(), y.sn()));
      for (int i = 1; i < frames.size(); i++) {
        Sighting prev = frames.get(i - 1);
        Sighting next = frames.get(i);
        if (!next.dev().equals(prev.dev())) {
          rotations++;
          assertThat(next.fp()).isEqualTo(prev.fp());
          assertThat(next.rand()).isTrue();
          int gap = Math.floorMod(next.sn() - prev.sn(), 4096);
          assertThat(gap).as("sequence numbers continue across a MAC rotation").isBetween(1, 1000);
        }
      }
    }
    assertThat(rotations).isGreaterThan(100);
    long distinctFingerprints = r.sightings().stream().map(Sighting::fp).distinct().count();
    assertThat(distinctFingerprints).isBetween(10L, (long) LIGHT.phones().models());
  }

  @Test
  void phonesWithAVendorMacSendOneRepeatIdForLifeAndRandomizingPhonesNone() throws Exception {
    Map<String, String> phoneOfDev = new HashMap<>();
    for (String[] d : rows(noon.truth().resolve(TruthWriter.DEVICES))) {
      phoneOfDev.put(d[0], d[1]);
    }
    Map<String, Set<String>> ridsOfPhone = new HashMap<>();
    for (Sighting s : noon.sightings()) {
      if (s.rand()) {
        assertThat(s.rid()).as("randomized addresses carry no repeat id").isNull();
      } else {
        assertThat(s.rid()).matches(HEX16).isNotEqualTo(s.dev());
        ridsOfPhone.computeIfAbsent(phoneOfDev.get(s.dev()), k -> new HashSet<>()).add(s.rid());
      }
    }
    assertThat(ridsOfPhone).isNotEmpty().allSatisfy((phone, rids) -> assertThat(rids).hasSize(1));
    assertThat(ridsOfPhone.values().stream().map(rids -> rids.iterator().next()).distinct().count())
        .isEqualTo(ridsOfPhone.size());
  }

  @Test
  void aWarmStartInTheMiddleOfARunHearsThePhonesOfTheRunThatKeptGoing() throws Exception {
    Instant restart = NOON.plus(Duration.ofHours(2));
    Duration watched = Duration.ofMinutes(5);
    Run going = run(tmp.resolve("going"), 3, NOON, Duration.ofHours(2).plus(watched), LIGHT, true, true);
    Run restarted = run(tmp.resolve("restarted"), 3, restart, watched, LIGHT, true, true);
    Set<String> heardByGoing = going.sightings().stream().filter(s -> s.ts() >= restart.toEpochMilli())
        .map(Sighting::dev).collect(Collectors.toSet());
    Set<String> heardByRestarted = restarted.sightings().stream().map(Sighting::dev).collect(Collectors.toSet());
    Set<String> both = new HashSet<>(heardByRestarted);
    both.retainAll(heardByGoing);
    assertThat(heardByRestarted).hasSizeGreaterThan(100);
    // not all: a regular picked while one of the first run's crowd still held their place, the radio's draws
    assertThat((double) both.size() / heardByRestarted.size()).as("share of the restarted run's phones")
        .isGreaterThan(0.95);
    assertThat((double) both.size() / heardByGoing.size()).as("share of the continuing run's phones")
        .isGreaterThan(0.95);
  }

  @Test
  void aMallThatNeverClosesHasVisitorsAtNightAndStartsWarm() throws Exception {
    Instant night = Instant.parse("2025-03-04T03:00:00Z");
    Run r = run(tmp.resolve("night"), 5, night, Duration.ofMinutes(10), LIGHT, true, true);
    List<String[]> occupancy = rows(r.truth().resolve(TruthWriter.OCCUPANCY));
    int first = occupancy.stream().filter(o -> o[0].equals(String.valueOf(night.toEpochMilli())))
        .mapToInt(o -> Integer.parseInt(o[2])).sum();
    assertThat(first).as("people in the mall at the first minute").isGreaterThan(10);
    assertThat(r.sightings()).isNotEmpty();
  }

  @Test
  void aClosedMallIsEmptyAtNightApartFromFixedDevices() throws Exception {
    Instant night = Instant.parse("2025-03-04T03:00:00Z");
    Run r = run(tmp.resolve("closed"), 5, night, Duration.ofMinutes(10), LIGHT, true, false);
    assertThat(rows(r.truth().resolve(TruthWriter.OCCUPANCY))).allSatisfy(o -> assertThat(o[2]).isEqualTo("0"));
    assertThat(rows(r.truth().resolve(TruthWriter.VISITS))).allSatisfy(v -> assertThat(v[1]).isEqualTo("device"));
  }

  @Test
  void passersByAreTalliedForEveryStoreEveryMinute() throws Exception {
    Run r = noon;
    List<String[]> passers = rows(r.truth().resolve(TruthWriter.PASSERSBY));
    assertThat(passers).hasSize(60 * 14);
    assertThat(passers.stream().mapToInt(p -> Integer.parseInt(p[3])).sum()).isGreaterThan(100);
    assertThat(passers).allSatisfy(p -> assertThat(Integer.parseInt(p[4])).isLessThanOrEqualTo(Integer.parseInt(p[3])));
    List<String[]> hourly = rows(r.truth().resolve(TruthWriter.RANDOM_HOUR));
    assertThat(hourly).hasSize(SITE.zones().size());
    assertThat(hourly).allSatisfy(h -> {
      assertThat(Integer.parseInt(h[3])).isGreaterThanOrEqualTo(Integer.parseInt(h[2]));
      assertThat(Integer.parseInt(h[4])).isLessThanOrEqualTo(Integer.parseInt(h[3]));
    });
  }

  static List<String[]> rows(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv);
    return lines.subList(1, lines.size()).stream().map(l -> l.split(",", -1)).toList();
  }
}
