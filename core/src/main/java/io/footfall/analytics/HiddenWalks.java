package io.footfall.analytics;

import io.footfall.site.Site;
import io.footfall.site.WalkGraph;
import io.footfall.site.Zone;
import io.footfall.site.ZoneKind;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The corridor-to-corridor moves that happened while nobody heard the device. A phone with its screen off probes
 * every minute or two and a shopper crosses a corridor in half a minute, so a device heard twice in the same
 * corridor may have walked into the next one and back in between, and one heard in two corridors may have taken a
 * longer way than the shortest. Counting only the moves heard (and the shortest walk between two zones,
 * {@link WalkedPaths}) under-counts corridor transitions about twofold on a busy day.
 *
 * <p>Wandering the corridors of a floor is modelled as a continuous-time Markov chain: from corridor {@code x} a
 * person steps into the linked corridor {@code y} at a rate {@code q(x,y)}. Each silence between two bursts heard
 * on corridors is an observation: where it began, where it ended and how long it lasted, in steps of
 * {@value #STEP_MS} ms. The rates are not assumed: they are the maximum-likelihood fit to the silences of the last
 * hours, by expectation-maximisation (the expected steps along a link over the expected time spent where it
 * starts, given both ends of every silence), short and long silences together telling how fast people leave each
 * corridor; the zones' typical stays only start the fit and weigh like {@value #PRIOR_MS} ms of observations. At
 * the close of each hour its silences give the expected steps along every link by forward-backward recursion; the
 * steps beyond the shortest walks (already counted) are the hidden moves.
 *
 * <p>Not modelled, so only heard: silences that begin or end in a room (when the device left a store is itself a
 * guess, so its time on the corridors is unknown) or at an entrance (a doorway is walked through, not wandered
 * into and out of), links between floors (an escalator ride there and back takes longer than a silence), silences
 * over {@value #MAX_SILENCE_MS} ms, and sites with more than {@value #MAX_CORRIDORS} corridors. A silence costs
 * one array increment; the fit runs at the hour's close. Deterministic; not thread-safe.
 */
final class HiddenWalks {

  static final long STEP_MS = 2_500;
  static final long MAX_SILENCE_MS = 600_000;
  static final int MAX_CORRIDORS = 64;
  private static final int STEPS = (int) (MAX_SILENCE_MS / STEP_MS);
  /** The longest an hour's silence counts can be, for reading a snapshot. */
  static final int MAX_HOUR_LENGTH = MAX_CORRIDORS * MAX_CORRIDORS * (STEPS + 1);
  /** Weight of the starting rates (the corridors' typical stays), in device-time spent on each corridor. */
  private static final double PRIOR_MS = 60_000;
  /** Silences of earlier hours count for half at each close, so the rates follow the day's crowds. */
  private static final double DECAY = 0.5;
  /**
   * EM converges slowly from poor starting rates; a refit stops when no rate moves by more than
   * {@link #CONVERGED}, after {@value #MAX_ITERATIONS} iterations, or once it has spent {@value #WORK_PER_REFIT}
   * link-steps of work (about a tenth of a second: the fit runs on the engine's thread), going on from there at the
   * next hour's close.
   */
  private static final int MAX_ITERATIONS = 100;
  private static final double CONVERGED = 1e-3;
  private static final long WORK_PER_REFIT = 200_000_000L;
  /** A step probability above this would make the discrete chain a poor stand-in for the continuous one. */
  private static final double MAX_STEP_PROBABILITY = 0.9;

  private final WalkGraph walks;
  /** Per zone its corridor index, or -1. */
  private final int[] corridorIndex;
  /** Per corridor index its zone. */
  private final int[] zoneOf;
  /** Directed links between corridors: {@code from[e] -> to[e]}. */
  private final int[] from;
  private final int[] to;
  private final int[][] shortestWalk;
  private final double[] priorSteps;
  private final double[] rate;
  /** Decayed silence counts of the earlier hours, indexed like an hour's ({@link #newHour}). */
  private final double[] history;
  private final boolean enabled;

  HiddenWalks(Site site, WalkGraph walks) {
    this.walks = walks;
    List<Zone> zones = site.zones();
    corridorIndex = new int[zones.size()];
    Arrays.fill(corridorIndex, -1);
    int count = 0;
    for (Zone z : zones) {
      if (z.kind() == ZoneKind.CORRIDOR && walks.isWalkway(z.index())) {
        corridorIndex[z.index()] = count++;
      }
    }
    zoneOf = new int[count];
    List<int[]> links = new ArrayList<>();
    for (Zone z : zones) {
      int c = corridorIndex[z.index()];
      if (c >= 0) {
        zoneOf[c] = z.index();
        for (int linked : walks.links(z.index())) {
          if (corridorIndex[linked] >= 0 && !walks.changesFloor(z.index(), linked)) {
            links.add(new int[] {c, corridorIndex[linked]});
          }
        }
      }
    }
    from = links.stream().mapToInt(l -> l[0]).toArray();
    to = links.stream().mapToInt(l -> l[1]).toArray();
    enabled = count <= MAX_CORRIDORS && from.length > 0;
    priorSteps = new double[from.length];
    rate = new double[from.length];
    int[] degree = new int[count];
    for (int x : from) {
      degree[x]++;
    }
    for (int e = 0; e < from.length; e++) {
      priorSteps[e] = PRIOR_MS / zones.get(zoneOf[from[e]]).typicalStayMs() / degree[from[e]];
      rate[e] = priorSteps[e] / PRIOR_MS;
    }
    shortestWalk = new int[count * count][];
    history = enabled ? newHour() : new double[0];
  }

  /** Whether the site's corridors are modelled at all. */
  boolean enabled() {
    return enabled;
  }

  /** An hour's silence counts, to pass to {@link #silence}, {@link #refit} and {@link #hiddenMoves}. */
  double[] newHour() {
    return new double[zoneOf.length * zoneOf.length * (STEPS + 1)];
  }

  int hourLength() {
    return history.length;
  }

  /** Writes the fitted rates and the silences of the earlier hours, for a snapshot. */
  void writeTo(DataOutput out) throws IOException {
    out.writeInt(rate.length);
    for (double r : rate) {
      out.writeDouble(r);
    }
    out.writeInt(history.length);
    SparseArrays.write(out, history);
  }

  /**
   * Reads what {@link #writeTo} wrote into {@code model}; with a null model, or one of another site layout (its
   * corridors changed), the state is read past and the model keeps its starting rates.
   */
  static void read(DataInput in, HiddenWalks model) throws IOException {
    double[] rates = new double[SparseArrays.count(in, MAX_CORRIDORS * MAX_CORRIDORS)];
    for (int e = 0; e < rates.length; e++) {
      rates[e] = in.readDouble();
    }
    double[] history = new double[SparseArrays.count(in, MAX_HOUR_LENGTH)];
    SparseArrays.read(in, history);
    if (model != null && rates.length == model.rate.length && history.length == model.history.length) {
      System.arraycopy(rates, 0, model.rate, 0, rates.length);
      System.arraycopy(history, 0, model.history, 0, history.length);
    }
  }

  /** Whether a silence between two zones is modelled: both are corridors of one floor. */
  boolean models(int fromZone, int toZone) {
    return corridorIndex[fromZone] >= 0 && corridorIndex[toZone] >= 0 && !walks.changesFloor(fromZone, toZone);
  }

  /**
   * Counts a silence into an hour: a device last heard in {@code fromZone} at {@code lastHeard} and next, at
   * {@code heard}, in {@code toZone} (the same zone when it stayed). Only silences the model {@link #models} and
   * not longer than {@value #MAX_SILENCE_MS} ms count.
   */
  void silence(double[] hour, int fromZone, int toZone, long lastHeard, long heard) {
    long steps = Math.round((double) (heard - lastHeard) / STEP_MS);
    if (models(fromZone, toZone) && steps > 0 && steps <= STEPS) {
      int a = corridorIndex[fromZone];
      int b = corridorIndex[toZone];
      hour[(a * zoneOf.length + b) * (STEPS + 1) + (int) steps]++;
    }
  }

  /** Refits the rates to an hour's silences and the earlier hours', which count for less at every refit. */
  void refit(double[] hour) {
    for (int i = 0; i < history.length; i++) {
      history[i] = history[i] * DECAY + hour[i];
    }
    double[] linkSteps = new double[from.length];
    double[] time = new double[zoneOf.length];
    long workPerIteration = 3L * zoneOf.length * STEPS * (zoneOf.length + from.length);
    int iterations = (int) Math.max(1, Math.min(MAX_ITERATIONS, WORK_PER_REFIT / workPerIteration));
    double change = Double.POSITIVE_INFINITY;
    for (int iteration = 0; iteration < iterations && change > CONVERGED; iteration++) {
      Arrays.fill(linkSteps, 0);
      Arrays.fill(time, 0);
      expect(history, linkSteps, time);
      double[] before = rate.clone();
      for (int e = 0; e < from.length; e++) {
        rate[e] = (priorSteps[e] + linkSteps[e]) / (PRIOR_MS + time[from[e]]);
      }
      capRates();
      change = 0;
      for (int e = 0; e < from.length; e++) {
        change = Math.max(change, Math.abs(rate[e] - before[e]) / before[e]);
      }
    }
  }

  /**
   * The hidden moves of an hour's silences under the current rates, per link ({@link #linkFrom},
   * {@link #linkTo}): the expected steps beyond the shortest walks, which the heard moves count.
   */
  double[] hiddenMoves(double[] hour) {
    double[] hidden = new double[from.length];
    expect(hour, hidden, new double[zoneOf.length]);
    for (int a = 0; a < zoneOf.length; a++) {
      for (int b = 0; b < zoneOf.length; b++) {
        int[] walk = shortestWalk(a, b);
        if (walk == null) {
          continue;
        }
        double silences = 0;
        int base = (a * zoneOf.length + b) * (STEPS + 1);
        for (int n = Math.max(1, walk.length); n <= STEPS; n++) {
          silences += hour[base + n];
        }
        for (int link : walk) {
          hidden[link] -= silences;
        }
      }
    }
    double[] perStep = continuousPerStep();
    for (int e = 0; e < from.length; e++) {
      hidden[e] *= perStep[from[e]];
    }
    return hidden;
  }

  int links() {
    return from.length;
  }

  /** Zone a link starts from. */
  int linkFrom(int link) {
    return zoneOf[from[link]];
  }

  /** Zone a link leads to. */
  int linkTo(int link) {
    return zoneOf[to[link]];
  }

  /** The fitted rate of the link between two corridors, steps per second; 0 when they are not linked. */
  double ratePerSecond(int fromZone, int toZone) {
    double[] perStep = continuousPerStep();
    for (int e = 0; e < from.length; e++) {
      if (zoneOf[from[e]] == fromZone && zoneOf[to[e]] == toZone) {
        return rate[e] * perStep[from[e]] * 1000;
      }
    }
    return 0;
  }

  /**
   * Per corridor, the continuous chain's expected steps per step of the discrete one: the fit is a chain that
   * leaves {@code x} with probability {@code p} per step, which the continuous chain does at rate
   * {@code -ln(1 - p) / STEP_MS}, also stepping out and back (or on) within a step; without this, hidden moves
   * would come out a few percent low.
   */
  private double[] continuousPerStep() {
    double[] leave = new double[zoneOf.length];
    for (int e = 0; e < from.length; e++) {
      leave[from[e]] += rate[e] * STEP_MS;
    }
    double[] factor = new double[zoneOf.length];
    for (int x = 0; x < factor.length; x++) {
      factor[x] = leave[x] > 0 ? -Math.log1p(-leave[x]) / leave[x] : 1;
    }
    return factor;
  }

  private void capRates() {
    double[] out = new double[zoneOf.length];
    for (int e = 0; e < from.length; e++) {
      out[from[e]] += rate[e] * STEP_MS;
    }
    for (int e = 0; e < from.length; e++) {
      if (out[from[e]] > MAX_STEP_PROBABILITY) {
        rate[e] *= MAX_STEP_PROBABILITY / out[from[e]];
      }
    }
  }

  /**
   * The E step: adds the expected steps along every link and time on every corridor over the silences counted in
   * {@code counts}, given both ends of each. Per start corridor one forward pass, and one backward pass into which
   * every silence from it is injected at its length, weighted by its count over its likelihood.
   */
  private void expect(double[] counts, double[] linkSteps, double[] time) {
    int w = zoneOf.length;
    double[] p = new double[from.length];
    double[] stay = new double[w];
    Arrays.fill(stay, 1);
    for (int e = 0; e < from.length; e++) {
      p[e] = rate[e] * STEP_MS;
      stay[from[e]] -= p[e];
    }
    double[][] forward = new double[STEPS + 1][w];
    double[][] backward = new double[STEPS + 2][w];
    for (int a = 0; a < w; a++) {
      int last = lastObserved(counts, a);
      if (last == 0) {
        continue;
      }
      for (double[] row : forward) {
        Arrays.fill(row, 0);
      }
      forward[0][a] = 1;
      for (int t = 0; t < last; t++) {
        step(forward[t], forward[t + 1], p, stay);
      }
      Arrays.fill(backward[last + 1], 0);
      for (int t = last; t >= 0; t--) {
        double[] now = backward[t];
        double[] later = backward[t + 1];
        for (int x = 0; x < w; x++) {
          now[x] = later[x] * stay[x];
        }
        for (int e = 0; e < from.length; e++) {
          now[from[e]] += p[e] * later[to[e]];
        }
        if (t > 0) {
          for (int b = 0; b < w; b++) {
            double c = counts[(a * w + b) * (STEPS + 1) + t];
            if (c > 0 && forward[t][b] > 0) {
              now[b] += c / forward[t][b];
            }
          }
        }
      }
      for (int t = 0; t < last; t++) {
        double[] f = forward[t];
        double[] g = backward[t + 1];
        for (int e = 0; e < from.length; e++) {
          double expected = f[from[e]] * p[e] * g[to[e]];
          linkSteps[e] += expected;
          time[from[e]] += expected * STEP_MS;
        }
        for (int x = 0; x < w; x++) {
          time[x] += f[x] * stay[x] * g[x] * STEP_MS;
        }
      }
    }
  }

  private void step(double[] now, double[] next, double[] p, double[] stay) {
    for (int x = 0; x < now.length; x++) {
      next[x] = now[x] * stay[x];
    }
    for (int e = 0; e < from.length; e++) {
      next[to[e]] += now[from[e]] * p[e];
    }
  }

  /** The longest silence counted from a corridor, in steps; 0 when none. */
  private int lastObserved(double[] counts, int a) {
    int w = zoneOf.length;
    int last = 0;
    for (int b = 0; b < w; b++) {
      int base = (a * w + b) * (STEPS + 1);
      for (int n = STEPS; n > last; n--) {
        if (counts[base + n] > 0) {
          last = n;
          break;
        }
      }
    }
    return last;
  }

  /** The links of the shortest walk between two corridors (the moves {@link WalkedPaths} already counts). */
  private int[] shortestWalk(int a, int b) {
    int key = a * zoneOf.length + b;
    if (shortestWalk[key] == null) {
      List<Integer> walk = new ArrayList<>();
      int at = zoneOf[a];
      int end = zoneOf[b];
      for (int guard = 0; at != end && guard < corridorIndex.length; guard++) {
        int next = walks.nextHop(at, end);
        int link = next < 0 || corridorIndex[next] < 0 ? -1 : link(corridorIndex[at], corridorIndex[next]);
        if (link < 0) {
          return null;
        }
        walk.add(link);
        at = next;
      }
      shortestWalk[key] = walk.stream().mapToInt(Integer::intValue).toArray();
    }
    return shortestWalk[key];
  }

  private int link(int x, int y) {
    for (int e = 0; e < from.length; e++) {
      if (from[e] == x && to[e] == y) {
        return e;
      }
    }
    return -1;
  }
}
