package io.footfall.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.sim.SimOptions;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * footfall scored against the simulator's truth on the CI scenario (deploy/scenarios/ci.yaml): a whole node
 * in-process, the simulator through the real MQTT ingest, the answers read from the REST API.
 */
class EvaluationCiTest {

  /**
   * The occupancy error this build must not exceed on the CI scenario. The issue's target is 10 %
   * ({@link #OCCUPANCY_TARGET}); the engine measures about 17 % on this run (seed 3), a few points more under load,
   * see docs/accuracy.md (20 % before leaving a long stay needed more evidence, 26 % before moves were dated by
   * typical stays, 46-50 % before zones were decided per burst). Lower this bound as the zone assignment improves,
   * so that a regression fails here.
   */
  private static final double OCCUPANCY_CI_BOUND = 24.0;
  private static final double OCCUPANCY_TARGET = 10.0;
  /**
   * The same for the devices behind random MACs per zone and hour: about 14 % on this run (73 % before a device's
   * first burst counted in the zone it was placed in rather than its first sensor's).
   */
  private static final double RANDOM_DEVICES_CI_BOUND = 24.0;
  /** Random-MAC devices over the whole site, whose target (15 %) is met: 0 % on this run, 1.5 % on the full day. */
  private static final double RANDOM_DEVICES_SITE_BOUND = 15.0;
  /**
   * The top-20 transitions: 31 % on this hour of a quiet mall (8 % on the full day), where the corridor moves
   * nobody heard are fitted to few silences; a model that runs away from its data (46-91 % in earlier versions)
   * fails here. Since the flows matrix hides the complement of every small cell in its row and column (issue #22:
   * a zone's entries and exits are published, so a lone hidden cell could be worked out), 48 % as the API shows it:
   * 8 of this quiet hour's top-20 cells are hidden and count as 0. The busiest hours below still meet the target.
   */
  private static final double TRANSITIONS_CI_BOUND = 55.0;
  private static final double BUSY_SPEED = 240;
  private static final double BUSY_RANDOM_DEVICES_BOUND = 20.0;

  @TempDir
  Path workDir;

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void closeVertx() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void occupancyStaysWithinItsBoundAndEveryMetricIsReadFromItsEndpoint() throws Exception {
    EvaluationOptions options = new EvaluationOptions(Path.of("deploy/scenarios/ci.yaml"), 3, SimOptions.MAX_SPEED,
        null, null, null, null, SimOptions.DEMO_PASSWORD, workDir, null, Duration.ofMinutes(10),
        EvaluationOptions.DEMO_LOGIN, false);

    Scorecard card = Evaluation.run(vertx, options);

    Score occupancy = card.score(OccupancyScoring.METRIC);
    assertThat(occupancy.isMeasured()).as(card.table()).isTrue();
    assertThat(occupancy.target()).isEqualTo(OCCUPANCY_TARGET);
    assertThat(occupancy.measured()).as(card.table()).isLessThanOrEqualTo(OCCUPANCY_CI_BOUND);
    assertThat(card.score(MetricScoring.RANDOM_DEVICES).measured()).as(card.table())
        .isLessThanOrEqualTo(RANDOM_DEVICES_CI_BOUND);
    assertThat(card.score(MetricScoring.RANDOM_DEVICES_SITE).measured()).as(card.table())
        .isLessThanOrEqualTo(RANDOM_DEVICES_SITE_BOUND);
    assertThat(card.score(MetricScoring.TRANSITIONS).measured()).as(card.table())
        .isLessThanOrEqualTo(TRANSITIONS_CI_BOUND);
    // every endpoint answers with its documented fields; the metrics' own targets are far off on a 1-hour run
    // (docs/accuracy.md), so meeting them is not asserted here. The returning share is left out: the repeat-visit
    // purge a minute after start deletes the simulated (past) day's triples when a loaded machine is slower
    assertThat(card.scores()).as(card.table())
        .filteredOn(s -> !s.metric().equals(RepeatScoring.METRIC))
        .allMatch(Score::isMeasured);
  }

  /**
   * The two busiest hours of the default day (12:00-14:00, the crowd already inside), paced at 240 simulated seconds
   * per second so that a loaded machine scores what a quiet one does: every target of the issue is asserted, but
   * for the random-MAC devices per zone-hour. Those measure 15.6-16.3 % in these hours (at most a few minutes
   * between the rotations of many phones of one model; 14.4-14.8 % over the whole day), bounded here at
   * {@value #BUSY_RANDOM_DEVICES_BOUND} %. The run prints its scorecard (seed 3) beside the assertion's message.
   */
  @Test
  void theBusiestHoursOfTheDefaultDayMeetTheIssuesTargets() throws Exception {
    EvaluationOptions options = new EvaluationOptions(null, 3, BUSY_SPEED, "2025-03-04T12:00", Duration.ofHours(2),
        null, null, SimOptions.DEMO_PASSWORD, workDir, null, Duration.ofMinutes(10), EvaluationOptions.DEMO_LOGIN,
        true);

    Scorecard card = Evaluation.run(vertx, options);

    assertThat(card.scores()).as(card.table())
        .filteredOn(s -> s.target() != null && !s.metric().equals(MetricScoring.RANDOM_DEVICES))
        .hasSize(6)
        .allMatch(s -> s.isMeasured() && !s.missed());
    assertThat(card.score(MetricScoring.RANDOM_DEVICES).measured()).as(card.table())
        .isLessThanOrEqualTo(BUSY_RANDOM_DEVICES_BOUND);
  }
}
