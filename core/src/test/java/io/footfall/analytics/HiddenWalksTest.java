package io.footfall.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.footfall.site.Floor;
import io.footfall.site.Point;
import io.footfall.site.SensorSpec;
import io.footfall.site.Site;
import io.footfall.site.SiteLoader;
import io.footfall.site.WalkGraph;
import io.footfall.site.Zone;
import io.footfall.site.ZoneKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * On the demo mall, whose ground floor runs west - central - east. The walks are drawn from a known Markov chain
 * (seeded, so every run is the same), and the phones are heard at random intervals like screen-off phones: the
 * model sees only the silences and must recover the rates and the moves nobody heard.
 */
class HiddenWalksTest {

  private static final Site DEMO = SiteLoader.loadResource("sites/demo-mall.yaml");
  private static final WalkGraph WALKS = new WalkGraph(DEMO);
  private static final int WEST = zone("corridor-g-west");
  private static final int CENTRAL = zone("corridor-g-central");
  private static final int EAST = zone("corridor-g-east");
  private static final long HOUR = 3_600_000;
  /** Steps per second along west->central, central->west, central->east, east->central. */
  private static final double[] TRUE_RATES = {1 / 45.0, 1 / 70.0, 1 / 90.0, 1 / 35.0};
  private static final int[][] LINKS = {{WEST, CENTRAL}, {CENTRAL, WEST}, {CENTRAL, EAST}, {EAST, CENTRAL}};

  @Test
  void fitsTheRatesOfTheWalksFromTheSilencesAlone() {
    // GIVEN an hour of 1,500 phones wandering the ground floor, heard every 15 to 120 s
    HiddenWalks model = new HiddenWalks(DEMO, WALKS);
    Walks walks = walk(model, 1_500, new Random(7));

    // WHEN the hour closes
    model.refit(walks.silences);

    // THEN every fitted rate is within 5 % of the chain's (measured: 3 %)
    for (int i = 0; i < LINKS.length; i++) {
      assertThat(model.ratePerSecond(LINKS[i][0], LINKS[i][1]))
          .as("rate %s", Arrays.toString(LINKS[i])).isCloseTo(TRUE_RATES[i], within(TRUE_RATES[i] * 0.05));
    }
  }

  @Test
  void theHeardMovesAndTheHiddenOnesAddUpToTheTrueMoves() {
    // GIVEN the same kind of hour, whose heard moves (shortest walks between silences) miss many true moves
    HiddenWalks model = new HiddenWalks(DEMO, WALKS);
    Walks walks = walk(model, 1_500, new Random(11));
    model.refit(walks.silences);

    // WHEN the hidden moves are added to the heard ones
    double[] hidden = model.hiddenMoves(walks.silences);

    // THEN each link's total is within 4 % of the true moves (measured: 2.5 %), the heard ones alone about a third
    for (int i = 0; i < LINKS.length; i++) {
      int link = link(model, LINKS[i][0], LINKS[i][1]);
      assertThat((double) walks.heard[i]).as("heard %s", Arrays.toString(LINKS[i])).isLessThan(0.8 * walks.moves[i]);
      assertThat(walks.heard[i] + hidden[link]).as("estimated %s", Arrays.toString(LINKS[i]))
          .isCloseTo(walks.moves[i], within(walks.moves[i] * 0.04));
    }
  }

  @Test
  void silencesInRoomsAtEntrancesOrAcrossFloorsAreNotModelled() {
    HiddenWalks model = new HiddenWalks(DEMO, WALKS);
    double[] hour = model.newHour();

    model.silence(hour, zone("store-lumen"), CENTRAL, 0, 90_000);
    model.silence(hour, CENTRAL, zone("store-lumen"), 0, 90_000);
    model.silence(hour, zone("entrance-south"), CENTRAL, 0, 90_000);
    model.silence(hour, CENTRAL, zone("corridor-1-central"), 0, 90_000);
    model.silence(hour, CENTRAL, CENTRAL, 0, HiddenWalks.MAX_SILENCE_MS + 60_000);

    assertThat(Arrays.stream(hour).sum()).as("silences counted").isZero();
    assertThat(model.ratePerSecond(CENTRAL, zone("corridor-1-central"))).isZero();
    assertThat(model.ratePerSecond(CENTRAL, zone("entrance-south"))).isZero();
  }

  @Test
  void aSilenceTooShortToWalkAnywhereHidesNoMove() {
    HiddenWalks model = new HiddenWalks(DEMO, WALKS);
    double[] hour = model.newHour();
    model.silence(hour, WEST, CENTRAL, 0, HiddenWalks.STEP_MS);

    double[] hidden = model.hiddenMoves(hour);

    assertThat(Arrays.stream(hidden).map(Math::abs).sum()).isLessThan(0.01);
  }

  @Test
  void aSiteWithMoreCorridorsThanTheFitCanAffordKeepsTheHeardMovesOnly() {
    // GIVEN a floor of 65 corridors in a row, each sharing an edge with the next
    List<Zone> zones = new ArrayList<>();
    for (int i = 0; i <= HiddenWalks.MAX_CORRIDORS; i++) {
      List<Point> square = List.of(new Point(i, 0), new Point(i + 1, 0), new Point(i + 1, 1), new Point(i, 1));
      zones.add(new Zone(i, "c" + i, "C" + i, ZoneKind.CORRIDOR, "G", 50, square, null, 30_000));
    }
    Site strip = new Site("strip", "Strip", "UTC", List.of(new Floor("G", "G", 0, 70, 1)), zones,
        List.of(new SensorSpec(0, "s0", "G", 0.5, 0.5, "c0", null)));
    WalkGraph walks = new WalkGraph(strip);
    assertThat(walks.links(1)).containsExactly(0, 2);

    // THEN the model is off, and the flows count what was heard
    assertThat(new HiddenWalks(strip, walks).enabled()).isFalse();
  }

  /** What an hour of walks left: the silences, the true moves and the heard ones per link of {@link #LINKS}. */
  private record Walks(double[] silences, long[] moves, long[] heard) {
  }

  private static Walks walk(HiddenWalks model, int phones, Random random) {
    double[] silences = model.newHour();
    long[] moves = new long[LINKS.length];
    long[] heard = new long[LINKS.length];
    for (int phone = 0; phone < phones; phone++) {
      // only the moves between the phone's first and last probe are in its silences
      long[] sinceProbe = new long[LINKS.length];
      int at = List.of(WEST, CENTRAL, EAST).get(random.nextInt(3));
      double t = 0;
      double nextProbe = random.nextDouble() * 120;
      int heardAt = -1;
      double lastHeard = 0;
      while (t < HOUR / 1000.0) {
        double leave = 0;
        for (int i = 0; i < LINKS.length; i++) {
          leave += LINKS[i][0] == at ? TRUE_RATES[i] : 0;
        }
        double next = t - Math.log(1 - random.nextDouble()) / leave;
        while (nextProbe < Math.min(next, HOUR / 1000.0)) {
          if (heardAt >= 0) {
            model.silence(silences, heardAt, at, Math.round(lastHeard * 1000), Math.round(nextProbe * 1000));
            countHeard(heard, heardAt, at);
          }
          if (heardAt >= 0) {
            for (int i = 0; i < LINKS.length; i++) {
              moves[i] += sinceProbe[i];
            }
          }
          Arrays.fill(sinceProbe, 0);
          heardAt = at;
          lastHeard = nextProbe;
          nextProbe += 15 + random.nextDouble() * 105;
        }
        if (next >= HOUR / 1000.0) {
          break;
        }
        double pick = random.nextDouble() * leave;
        for (int i = 0; i < LINKS.length; i++) {
          if (LINKS[i][0] == at && (pick -= TRUE_RATES[i]) < 0) {
            sinceProbe[i]++;
            at = LINKS[i][1];
            break;
          }
        }
        t = next;
      }
    }
    return new Walks(silences, moves, heard);
  }

  /** The moves walked paths count for a silence: the shortest walk between its ends. */
  private static void countHeard(long[] heard, int from, int to) {
    int at = from;
    while (at != to) {
      int next = WALKS.nextHop(at, to);
      for (int i = 0; i < LINKS.length; i++) {
        if (LINKS[i][0] == at && LINKS[i][1] == next) {
          heard[i]++;
        }
      }
      at = next;
    }
  }

  private static int link(HiddenWalks model, int from, int to) {
    for (int link = 0; link < model.links(); link++) {
      if (model.linkFrom(link) == from && model.linkTo(link) == to) {
        return link;
      }
    }
    throw new AssertionError("no link " + from + " -> " + to);
  }

  private static int zone(String id) {
    return DEMO.zone(id).orElseThrow().index();
  }
}
