package io.footfall.engine;

import io.footfall.analytics.SensorClock;
import io.footfall.bus.NodeHealth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The engine's entry in {@link NodeHealth}, and the counts behind it: UP; DEGRADED while a sensor's clock is wrong;
 * DOWN (not ready) for {@link #NOT_READY_AFTER_FAILURE_MS} after the analytics failed on a batch, so that an operator
 * looks at the dead letters (or the log, where no dead letter could be kept). Touched on the engine's event loop
 * only.
 */
final class EngineHealth {

  /** How long after the last dead-lettered batch the engine reports itself not ready. */
  static final long NOT_READY_AFTER_FAILURE_MS = 600_000;

  private final NodeHealth health;
  private final String component;
  private long unknownSiteBatches;
  private long failedBatches;
  private long keptBatches;
  private long loggedBatches;
  private long lostBatches;
  private long lastFailureWallMs = Long.MIN_VALUE;

  /** @param component the engine's name in {@link NodeHealth} */
  EngineHealth(NodeHealth health, String component) {
    this.health = health;
    this.component = component;
  }

  void starting() {
    health.report(component, NodeHealth.State.STARTING, "starting");
  }

  void stopped() {
    health.report(component, NodeHealth.State.DOWN, "stopped");
  }

  void unknownSite() {
    unknownSiteBatches++;
  }

  /** Counts a batch the analytics failed on; returns the wall time it is recorded at. */
  long failed() {
    failedBatches++;
    lastFailureWallMs = System.currentTimeMillis();
    return lastFailureWallMs;
  }

  /** Counts where a batch the analytics failed on went. */
  void deadLetter(SiteDurability.DeadLetter where) {
    switch (where) {
      case KEPT -> keptBatches++;
      case LOGGED -> loggedBatches++;
      case LOST -> lostBatches++;
    }
  }

  void report(Collection<SiteState> sites) {
    long devices = 0;
    long now = System.currentTimeMillis();
    List<String> wrongClocks = new ArrayList<>();
    for (SiteState site : sites) {
      devices += site.analytics.devices();
      for (SensorClock clock : site.analytics.sensorClocks()) {
        if (clock.wrongAt(now, ClockAlerts.CLOCK_ALERT_MS)) {
          wrongClocks.add(site.analytics.site().id() + "/" + clock.sensor() + " (" + clock.leadMs() / 1000 + " s ahead, "
              + clock.refusedAhead() + " refused)");
        }
      }
    }
    boolean failedLately = lastFailureWallMs != Long.MIN_VALUE && now - lastFailureWallMs < NOT_READY_AFTER_FAILURE_MS;
    String detail = sites.size() + (sites.size() == 1 ? " site, " : " sites, ") + devices + " devices"
        + (unknownSiteBatches > 0 ? ", " + unknownSiteBatches + " batches of unknown sites" : "")
        + (failedBatches > 0 ? ", " + failedBatches + " batches the analytics failed on" + whereFailedWent() : "")
        + (wrongClocks.isEmpty() ? "" : ", clock wrong: " + String.join(", ", wrongClocks));
    NodeHealth.State state = failedLately ? NodeHealth.State.DOWN
        : wrongClocks.isEmpty() ? NodeHealth.State.UP : NodeHealth.State.DEGRADED;
    health.report(component, state, detail);
  }

  /** Lost, not merely unlogged: its sensor was told of a dead letter and will not send it again. */
  private String whereFailedWent() {
    List<String> parts = new ArrayList<>(3);
    if (keptBatches > 0) {
      parts.add(keptBatches + " kept as dead letters");
    }
    if (loggedBatches > 0) {
      parts.add(loggedBatches + " not kept, their content logged at ERROR");
    }
    if (lostBatches > 0) {
      parts.add(lostBatches + " not kept and their content not logged (rate limit): lost");
    }
    return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
  }
}
