package io.footfall.sim;

import io.footfall.site.SensorSpec;
import io.footfall.wire.Sighting;
import java.util.List;

/** Receives what every sensor heard in one batch interval, in simulated-time order. */
@FunctionalInterface
public interface SightingSink {

  /**
   * @param sensor    the sensor that heard the frames
   * @param end       simulated end of the interval, epoch ms; every sighting's {@code ts} is before it
   * @param sightings one per heard frame, ordered by {@code ts}; the sink may keep the list (possibly empty)
   */
  void batch(SensorSpec sensor, long end, List<Sighting> sightings);
}
