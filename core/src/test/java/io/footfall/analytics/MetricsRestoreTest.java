package io.footfall.analytics;

import static io.footfall.analytics.Mall.BOOK;
import static io.footfall.analytics.Mall.DOOR;
import static io.footfall.analytics.Mall.FOOD;
import static io.footfall.analytics.Mall.HALL;
import static io.footfall.analytics.Mall.MIN;
import static io.footfall.analytics.Mall.SHOE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The visitor and flow metrics go on across a restore from a snapshot as if nothing had happened. */
class MetricsRestoreTest {

  private static final long RESTART = 47 * MIN + 30_000;

  @Test
  void aSiteRestoredMidHourWritesTheSameStoreMinutesFlowsPathsAndRepeatsAsOneThatRanThrough() {
    // GIVEN the same trips, some under way across minute 47 (visits, passes, an hour's flows, paths)
    Mall through = script(new Mall());
    Mall restored = script(new Mall());

    // WHEN one runs through and the other is restored from a snapshot in the middle
    through.runUntil(150 * MIN);
    List<String> before = rows(restored.feedUntil(RESTART));
    restored.restart().runUntil(150 * MIN);

    // THEN every row of the restored one, before and after the restart, is the uninterrupted run's
    List<String> all = new ArrayList<>(before);
    all.addAll(rows(restored));
    assertThat(all).containsExactlyInAnyOrderElementsOf(rows(through));
    assertThat(all).anyMatch(r -> r.startsWith("flow")).anyMatch(r -> r.startsWith("path"))
        .anyMatch(r -> r.startsWith("store shoe")).anyMatch(r -> r.startsWith("repeat"));
  }

  private static Mall script(Mall mall) {
    for (long dev = 1; dev <= 12; dev++) {
      mall.repeatId(dev, 1000 + dev);
      mall.walk(dev, dev * 4 * MIN, DOOR, 1, HALL, 1, SHOE, 3 + (int) dev, HALL, 1, BOOK, 4, HALL, 1, FOOD, 10,
          HALL, 1, DOOR, 1);
    }
    mall.walk(20, 40 * MIN, DOOR, 1, HALL, 12, DOOR, 1);
    return mall;
  }

  /** The rows drained so far, readable. */
  private static List<String> rows(Mall mall) {
    VisitMetrics metrics = mall.metrics.drainFinished();
    List<String> rows = new ArrayList<>();
    metrics.stores().forEach(s -> rows.add("store " + s.zone() + " " + s.minute() + " " + s.visitors() + "/"
        + s.passersBy() + "/" + s.excluded() + "/" + s.random() + " " + s.dwellTotalMs()));
    metrics.flows().forEach(f -> rows.add("flow " + f.hour() + " " + f.from() + ">" + f.to() + " " + f.transitions()));
    metrics.paths().forEach(p -> rows.add("path " + p.hour() + " " + p.path() + " " + p.trips()));
    mall.metrics.drainRepeats().rows().forEach(r -> rows.add("repeat " + r.zone() + " " + r.day() + " " + r.rid()));
    return rows;
  }
}
