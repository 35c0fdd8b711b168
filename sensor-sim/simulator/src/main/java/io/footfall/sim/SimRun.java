package io.footfall.sim;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * A running simulation started by {@link SimRunner}. {@link #finished()} completes when the run ends, by
 * reaching its duration or by {@link #stop()}; either way the ground truth is complete once it does.
 */
public final class SimRun {

  private final Vertx vertx;
  private final String deploymentId;
  private final SimVerticle verticle;

  SimRun(Vertx vertx, String deploymentId, SimVerticle verticle) {
    this.vertx = vertx;
    this.deploymentId = deploymentId;
    this.verticle = verticle;
  }

  /** Stops publishing, waits for outstanding acknowledgements (at most 10 s), disconnects every sensor. */
  public Future<Void> stop() {
    if (verticle.finished().isComplete()) {
      return verticle.finished();
    }
    return vertx.undeploy(deploymentId).transform(r -> verticle.finished());
  }

  public Future<Void> finished() {
    return verticle.finished();
  }

  /**
   * Counters of the run, written by the simulator's thread: read them for progress reports only, they may be
   * a little stale.
   */
  public SimStats stats() {
    return verticle.simulation().stats();
  }

  /** Simulated time reached so far, epoch ms. */
  public long simulatedTime() {
    return verticle.simulation().now();
  }
}
