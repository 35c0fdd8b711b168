package io.footfall.sim;

import io.footfall.site.Point;
import io.footfall.site.Site;
import io.footfall.site.WalkGraph;
import io.footfall.site.Zone;
import io.footfall.site.ZoneKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * The mall simulator's core, without any network: an event-driven agent model of a site that, one batch
 * interval at a time, hands the sightings of every sensor to a {@link SightingSink} and records the ground
 * truth. Arrivals, moves between zones, staff shifts and probe bursts are events in one priority queue, so a
 * day of 15,000 visitors takes seconds. Deterministic: the same site, options and seed give the same sightings
 * and byte-identical truth files. Not thread-safe; drive it from one thread.
 *
 * <p>Who arrives in a minute, and everything about them, is drawn from the seed and that minute alone, and phones that
 * come back (regulars', staff's) draw each visit afresh: a warm start at any instant therefore meets the same people,
 * with the same phones and addresses, as a run that has been going since the day before. That is how the demo
 * continues its own shoppers after a restart instead of inventing a new crowd on top of the one the server restored.
 */
public final class Simulation implements AutoCloseable {

  private static final long MINUTE = SiteClock.MINUTE;
  private static final int MAX_STAY_MINUTES = 300;
  /** Longer than the longest stay and the walk out: nobody who arrived before it is still inside at the start. */
  private static final Duration WARM_UP = Duration.ofMinutes(MAX_STAY_MINUTES + 30);
  private static final long CLOSING_MARGIN_MS = 15 * MINUTE;
  private static final double DWELL_JITTER_M = 1.5;

  private static final int MINUTE_MARK = 0;
  private static final int ARRIVAL = 1;
  private static final int STEP = 2;
  private static final int BURST = 3;
  private static final int SHIFT_START = 4;
  private static final int SHIFT_END = 5;

  private final Site site;
  private final SimOptions options;
  private final Scenario scenario;
  private final long startMs;
  private final long intervalMs;
  private final WalkGraph graph;
  private final Moves moves;
  private final ArrivalCurve arrivals;
  private final PhoneFactory phones;
  private final Regulars regulars;
  private final Prober prober;
  private final TruthWriter truth;
  private final SimStats stats = new SimStats();
  private final long arrivalSeed;
  private final long staffSeed;
  /** Arrivals are simulated from here on; staff may come in earlier, at the start of the shift in progress. */
  private final long crowdFrom;
  private final List<StaffSlot> staffSlots = new ArrayList<>();
  private final List<Person> onShift = new ArrayList<>();
  private final LinkedHashSet<Person> inMall = new LinkedHashSet<>();
  private final PriorityQueue<Event> queue = new PriorityQueue<>(Comparator.comparingLong((Event e) -> e.ts)
      .thenComparingInt(e -> e.order).thenComparingLong(e -> e.seq));
  private final SiteClock clock;
  private final double[] entranceCumulative;
  private final int[] people;
  private final int[] detectable;
  private final int[] staff;
  private final int[] fixed;
  private long eventSeq;
  private long visitorSeq;
  private long now;

  public Simulation(Site site, SimOptions options) {
    this.site = site;
    this.options = options;
    this.scenario = options.scenario();
    this.clock = new SiteClock(ZoneId.of(site.timezone()), scenario);
    this.startMs = options.start().toEpochMilli();
    this.intervalMs = options.batchInterval().toMillis();
    this.graph = new WalkGraph(site);
    this.arrivals = new ArrivalCurve(scenario, options.alwaysOpen());
    int n = site.zones().size();
    people = new int[n];
    this.moves = new Moves(graph, scenario, people);
    detectable = new int[n];
    staff = new int[n];
    fixed = new int[n];
    entranceCumulative = entranceWeights();
    SplittableRandom master = new SplittableRandom(options.seed());
    arrivalSeed = master.nextLong();
    staffSeed = master.nextLong();
    phones = new PhoneFactory(scenario);
    regulars = new Regulars(scenario, phones, master.split());
    prober = new Prober(site, scenario, new Radio(site, scenario.radio()), DeviceHasher.forSeed(options.seed()),
        DeviceHasher.repeatForSeed(options.seed()), master.split(), stats);
    truth = options.truthDir() == null ? null : new TruthWriter(options.truthDir(), site);
    crowdFrom = options.warmStart() ? startMs - WARM_UP.toMillis() : startMs;
    long t0 = options.warmStart() ? shiftStartIfOn(crowdFrom) : startMs;
    now = t0;
    clock.mark(SiteClock.minuteOf(t0));
    createStaffAndDevices(master.split(), t0);
    long firstMark = t0 + Math.floorMod(-t0, MINUTE);
    if (firstMark > t0) {
      scheduleArrivals(t0, firstMark, clock.zoned(t0));
    }
    schedule(firstMark, MINUTE_MARK, null);
    while (!queue.isEmpty() && queue.peek().ts < startMs) {
      process(queue.poll());
    }
    now = startMs;
    if (truth != null && Math.floorMod(startMs, MINUTE) != 0) {
      truth.ensurePeriod(SiteClock.minuteOf(startMs), clock.hourOf(startMs));
    }
  }

  /** Simulated time up to which sightings have been handed out, epoch ms. */
  public long now() {
    return now;
  }

  public long startMs() {
    return startMs;
  }

  public SimStats stats() {
    return stats;
  }

  public Site site() {
    return site;
  }

  /** Where the ground truth goes, or null. */
  public Path truthDir() {
    return truth == null ? null : truth.dir();
  }

  /** Simulates one batch interval and hands every sensor's batch to the sink. */
  public void step(SightingSink sink) {
    long end = now + intervalMs;
    while (!queue.isEmpty() && queue.peek().ts < end) {
      process(queue.poll());
    }
    prober.flush(end, sink);
    now = end;
  }

  /** Steps until simulated time reaches {@code endMs}. */
  public void runUntil(long endMs, SightingSink sink) {
    while (now < endMs) {
      step(sink);
    }
  }

  /** Ends the run at the current simulated time: closes open visits and writes the summary. */
  @Override
  public void close() {
    if (truth != null) {
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("site", site.id());
      summary.put("seed", options.seed());
      summary.put("start", options.start().toString());
      summary.put("end", java.time.Instant.ofEpochMilli(now).toString());
      summary.put("startMs", startMs);
      summary.put("endMs", now);
      summary.put("batchIntervalMs", intervalMs);
      summary.put("warmStart", options.warmStart());
      summary.put("alwaysOpen", options.alwaysOpen());
      summary.put("regulars", regulars.size());
      summary.put("phonesCreated", phones.created());
      summary.put("counts", stats.asMap());
      summary.put("scenario", scenario);
      stats.visits += inMall.size();
      truth.finish(now, new ArrayList<>(inMall), summary);
      truth.close();
    }
  }

  private void process(Event e) {
    switch (e.type) {
      case MINUTE_MARK -> minuteMark(e.ts);
      case ARRIVAL -> arrive(e.ts, e.rng);
      case STEP -> step(e.person, e.ts);
      case BURST -> burst(e.person, e.ts);
      case SHIFT_START -> shiftStart(e.ts);
      case SHIFT_END -> shiftEnd(e.ts);
      default -> throw new IllegalStateException("unknown event type " + e.type);
    }
  }

  private void minuteMark(long m) {
    ZonedDateTime local = clock.zoned(m);
    clock.mark(m);
    moves.applyChanges(m);
    if (truth != null && m >= startMs) {
      truth.minute(m, clock.hourStart(), people, detectable, staff, fixed);
    }
    scheduleArrivals(m, m + MINUTE, local);
    schedule(m + MINUTE, MINUTE_MARK, null);
  }

  private void scheduleArrivals(long from, long to, ZonedDateTime local) {
    if (from < crowdFrom) {
      return;
    }
    SplittableRandom minute = Sampling.keyed(arrivalSeed, from);
    double mean = arrivals.perMinute(local) * (to - from) / MINUTE;
    int count = Sampling.poisson(minute, mean);
    for (int i = 0; i < count; i++) {
      queue.add(new Event(from + minute.nextLong(to - from), 0, eventSeq++, ARRIVAL, null, minute.split()));
    }
  }

  /** @param rng the arriving person's own generator, drawn with the minute's arrivals */
  private void arrive(long t, SplittableRandom rng) {
    boolean passer = rng.nextDouble() < scenario.passThroughShare();
    int regular = rng.nextDouble() < scenario.repeat().share() ? regulars.pick(rng) : -1;
    String id;
    Phone phone;
    if (regular >= 0) {
      id = regulars.id(regular);
      phone = regulars.phone(regular);
      if (phone != null) {
        phone.newVisit(rng.split());
      }
      regulars.setInMall(regular, true);
      stats.regularVisits++;
    } else {
      id = String.format("v-%07d", ++visitorSeq);
      phone = phones.create(rng.split());
    }
    int entrance = graph.entrances()[Sampling.search(entranceCumulative, rng.nextDouble())];
    double speed = Math.max(0.5, scenario.walkSpeed() * (1 + 0.15 * rng.nextGaussian()));
    Person p = new Person(id, passer ? Person.Kind.PASSER : Person.Kind.SHOPPER, phone, rng,
        site.zones().size(), speed, t, entrance);
    p.regular = regular;
    if (passer) {
      p.leaving = true;
      p.target = moves.exit(rng, entrance, true);
      stats.passers++;
    } else {
      long stay = Math.round(60_000 * Math.max(5, Math.min(MAX_STAY_MINUTES,
          Sampling.logNormal(rng, scenario.stayMinutes()))));
      p.leaveBy = t + stay;
      if (!options.alwaysOpen()) {
        p.leaveBy = Math.min(p.leaveBy, clock.closingAt(t) - CLOSING_MARGIN_MS);
      }
      if (rng.nextDouble() < scenario.destinationShare()) {
        p.target = moves.destination(rng);
      }
      stats.shoppers++;
    }
    if (t >= startMs) {
      stats.arrivals++;
    }
    move(p, entrance, t);
    schedule(t + moves.dwellMs(p, entrance, -1), STEP, p);
    if (phone != null) {
      phone.newSession();
      schedule(t + (long) (rng.nextDouble() * phone.nextInterval(scenario.phones())), BURST, p);
    }
  }

  private void step(Person p, long t) {
    if (!p.inMall) {
      return;
    }
    int from = p.zone;
    int to = moves.next(p, t, clock.minuteOfDay(t));
    move(p, to, t);
    if (to != Moves.OUTSIDE) {
      schedule(t + moves.dwellMs(p, to, from), STEP, p);
    }
  }

  private void burst(Person p, long t) {
    if (!p.inMall) {
      return;
    }
    boolean audible = t >= startMs;
    jitter(p);
    boolean heard = prober.burst(p, t, audible);
    Phone phone = p.phone;
    if (audible && !phone.devRecorded) {
      phone.devRecorded = true;
      stats.devIds++;
      if (phone.random()) {
        stats.randomMacs++;
      }
      if (truth != null) {
        truth.device(phone, p, t);
      }
    }
    if (audible && truth != null && phone.random()) {
      truth.randomProbe(SiteClock.minuteOf(t), clock.hourOf(t), p.zone, phone, heard);
    }
    long next = p.kind == Person.Kind.DEVICE
        ? Math.round(1000 * scenario.staff().fixedDeviceIntervalSeconds() * (0.8 + 0.4 * p.rng.nextDouble()))
        : phone.nextInterval(scenario.phones());
    schedule(t + next, BURST, p);
  }

  /** Moves a person from their zone to another one (or outside), keeping counts and truth in step. */
  private void move(Person p, int to, long t) {
    int from = p.zone;
    boolean record = truth != null && t >= startMs;
    if (from >= 0) {
      count(p, from, -1);
      if (record) {
        truth.visit(p, from, p.zoneSince, t, true);
        stats.visits++;
        if (p.kind.isPerson()) {
          for (int store : graph.frontageOf(from)) {
            if (store != p.previousZone && store != to) {
              truth.passer(SiteClock.minuteOf(t), store, p.detectable());
            }
          }
        }
      }
      if (to >= 0 && graph.isWalkway(from) && graph.isWalkway(to)) {
        p.cameFrom = from;
      }
    } else {
      inMall.add(p);
    }
    if (record) {
      truth.transition(t, p, from, to);
      stats.transitions++;
    }
    p.previousZone = from;
    p.zone = to;
    p.steps++;
    if (to < 0) {
      p.inMall = false;
      inMall.remove(p);
      if (p.regular >= 0) {
        regulars.setInMall(p.regular, false);
      }
      return;
    }
    p.zoneSince = t;
    count(p, to, 1);
    Point at = Sampling.pointIn(site.zones().get(to), p.rng);
    p.x = at.x();
    p.y = at.y();
  }

  private void count(Person p, int zone, int delta) {
    if (p.kind == Person.Kind.DEVICE) {
      fixed[zone] += delta;
      return;
    }
    people[zone] += delta;
    stats.peopleNow += delta;
    stats.peakPeople = Math.max(stats.peakPeople, stats.peopleNow);
    if (p.detectable()) {
      detectable[zone] += delta;
    }
    if (p.kind == Person.Kind.STAFF) {
      staff[zone] += delta;
    }
  }

  /** People walking a corridor are somewhere new at each burst; people in a room drift a little. */
  private void jitter(Person p) {
    Zone z = site.zones().get(p.zone);
    if (p.kind == Person.Kind.DEVICE) {
      return;
    }
    if (graph.isWalkway(p.zone)) {
      Point at = Sampling.pointIn(z, p.rng);
      p.x = at.x();
      p.y = at.y();
      return;
    }
    Point moved = new Point(p.x + DWELL_JITTER_M * p.rng.nextGaussian(), p.y + DWELL_JITTER_M * p.rng.nextGaussian());
    if (z.contains(moved)) {
      p.x = moved.x();
      p.y = moved.y();
    }
  }

  private void createStaffAndDevices(SplittableRandom rng, long t0) {
    Scenario.Staff s = scenario.staff();
    for (Zone z : site.zones()) {
      int count = switch (z.kind()) {
        case STORE -> s.perStore();
        case FOOD_COURT -> s.foodCourt();
        case SERVICE -> s.service();
        default -> 0;
      };
      for (int k = 1; k <= count; k++) {
        SplittableRandom slotRng = rng.split();
        staffSlots.add(new StaffSlot("staff-" + z.id() + "-" + k, z.index(), phones.create(slotRng.split()),
            staffSeed + staffSlots.size()));
      }
    }
    for (Zone z : site.zones()) {
      if (z.kind() != ZoneKind.STORE) {
        continue;
      }
      for (int k = 1; k <= s.fixedDevicesPerStore(); k++) {
        SplittableRandom devRng = rng.split();
        Phone phone = phones.createFixed(devRng.split());
        Person d = new Person("fixed-" + z.id() + "-" + k, Person.Kind.DEVICE, phone, devRng, site.zones().size(),
            1, t0, -1);
        move(d, z.index(), t0);
        stats.fixedDevices++;
        schedule(t0 + (long) (devRng.nextDouble() * 1000 * s.fixedDeviceIntervalSeconds()), BURST, d);
      }
    }
    LocalDate day = clock.day(t0);
    for (LocalDate d : List.of(day.minusDays(1), day)) {
      if (clock.shiftStart(d) <= t0 && t0 < clock.shiftEnd(d)) {
        staffIn(t0);
        schedule(clock.shiftEnd(d), SHIFT_END, null);
        break;
      }
    }
    long start = clock.shiftStart(day);
    schedule(start > t0 ? start : clock.shiftStart(day.plusDays(1)), SHIFT_START, null);
  }

  /**
   * The start of the staff shift in progress at {@code t}, or {@code t}: a warm start that begins there has its staff
   * come in when they did in a run that never stopped, with the phones in the same state.
   */
  private long shiftStartIfOn(long t) {
    LocalDate day = clock.day(t);
    for (LocalDate d : List.of(day.minusDays(1), day)) {
      if (clock.shiftStart(d) <= t && t < clock.shiftEnd(d)) {
        return clock.shiftStart(d);
      }
    }
    return t;
  }

  private void shiftStart(long t) {
    LocalDate day = clock.day(t);
    staffIn(t);
    schedule(clock.shiftEnd(day), SHIFT_END, null);
    schedule(clock.shiftStart(day.plusDays(1)), SHIFT_START, null);
  }

  private void staffIn(long t) {
    for (StaffSlot slot : staffSlots) {
      SplittableRandom shift = Sampling.keyed(slot.seed, t);
      if (slot.phone != null) {
        slot.phone.newVisit(shift.split());
      }
      Person p = new Person(slot.id, Person.Kind.STAFF, slot.phone, shift, site.zones().size(), 1, t, -1);
      move(p, slot.zone, t);
      onShift.add(p);
      if (t >= startMs) {
        stats.staffShifts++;
      }
      if (p.phone != null) {
        p.phone.newSession();
        schedule(t + (long) (p.rng.nextDouble() * p.phone.nextInterval(scenario.phones())), BURST, p);
      }
    }
  }

  private void shiftEnd(long t) {
    for (Person p : onShift) {
      if (p.inMall) {
        move(p, Moves.OUTSIDE, t);
      }
    }
    onShift.clear();
  }

  private void schedule(long ts, int type, Person p) {
    queue.add(new Event(ts, type == MINUTE_MARK ? 1 : 0, eventSeq++, type, p, null));
  }

  private double[] entranceWeights() {
    int[] entrances = graph.entrances();
    double[] cumulative = new double[entrances.length];
    double total = 0;
    for (int i = 0; i < entrances.length; i++) {
      total += site.zones().get(entrances[i]).capacity();
      cumulative[i] = total;
    }
    for (int i = 0; i < cumulative.length; i++) {
      cumulative[i] /= total;
    }
    return cumulative;
  }

  /** Staff member's seat: comes back every day to the same zone with the same phone. */
  private record StaffSlot(String id, int zone, Phone phone, long seed) {
  }

  /**
   * One thing that happens at a simulated instant; {@code order} puts minute marks after same-instant moves; an
   * arrival carries the generator of the person who arrives.
   */
  private record Event(long ts, int order, long seq, int type, Person person, SplittableRandom rng) {
  }
}
