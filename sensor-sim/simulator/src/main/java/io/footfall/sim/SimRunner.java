package io.footfall.sim;

import io.footfall.site.Site;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;

/** Starts a simulated mall that publishes its sensors' sightings to an MQTT broker, one connection per sensor. */
public final class SimRunner {

  private SimRunner() {
  }

  /**
   * Builds the simulation (including the warm-up when asked), connects every sensor and starts publishing.
   *
   * @return a run, once every sensor is connected; failed if the broker refuses or cannot be reached
   */
  public static Future<SimRun> start(Vertx vertx, Site site, SimOptions options) {
    SimVerticle verticle = new SimVerticle(site, options);
    return vertx.deployVerticle(verticle, new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER))
        .map(id -> new SimRun(vertx, id, verticle));
  }
}
