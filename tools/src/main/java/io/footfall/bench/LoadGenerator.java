package io.footfall.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The generator: {@code lanes} {@link LoadLane}s on a Vert.x of their own, the bench sensors dealt round-robin
 * among them, all pointed at one MQTT endpoint. Steps set a rate and read back what was sent.
 */
final class LoadGenerator {

  private final BenchOptions options;
  private final Vertx vertx;
  private final List<LoadLane> lanes = new ArrayList<>();

  LoadGenerator(BenchOptions options) {
    this.options = options;
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(options.lanes()));
  }

  Vertx vertx() {
    return vertx;
  }

  /** Connects every sensor of the load; completes once all are connected. */
  Future<Void> connect(LoadLane.Endpoint endpoint, Delivery delivery) {
    List<Future<?>> deployed = new ArrayList<>();
    for (int l = 0; l < options.lanes(); l++) {
      List<Integer> sensors = new ArrayList<>();
      for (int s = l; s < options.sensors(); s += options.lanes()) {
        sensors.add(s);
      }
      LoadLane lane = new LoadLane(options, endpoint, sensors, delivery, 17L * (l + 1));
      lanes.add(lane);
      deployed.add(vertx.deployVerticle(lane));
    }
    return Future.all(deployed).mapEmpty();
  }

  /** Sets the whole generator's rate in sightings per second (0 pauses). */
  void rate(double sightingsPerSecond) {
    double perLane = sightingsPerSecond / options.batchSize() / lanes.size();
    lanes.forEach(lane -> lane.rate(perLane));
  }

  /** What all lanes sent since the previous call. */
  LoadLane.Counts takeCounts() {
    long publishes = 0;
    long sightings = 0;
    long skipped = 0;
    Histogram lag = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
    for (LoadLane lane : lanes) {
      LoadLane.Counts c = lane.takeCounts();
      publishes += c.publishes();
      sightings += c.sightings();
      skipped += c.skipped();
      lag.add(c.lagMicros());
    }
    return new LoadLane.Counts(publishes, sightings, skipped, lag);
  }

  /** Disconnects every sensor and stops the lanes. */
  Future<Void> disconnect() {
    List<Future<?>> undeployed = new ArrayList<>();
    vertx.deploymentIDs().forEach(id -> undeployed.add(vertx.undeploy(id)));
    lanes.clear();
    return Future.join(undeployed).mapEmpty();
  }

  Future<Void> close() {
    return vertx.close();
  }
}
