package io.footfall.bench;

import java.util.List;

/**
 * What {@code footfall bench} does; see {@link BenchCommand} for each option's meaning and default.
 *
 * @param rate          first step, sightings per second
 * @param maxRate       no step goes beyond this many sightings per second
 * @param stepFactor    each step's rate is the previous one times this
 * @param refineSteps   steps that halve the interval between the last sustained rate and the first that was not
 * @param confirmSteps  times a step that was not sustained is run again before it counts as not sustained
 * @param durationSec   length of each step
 * @param lanes         generator event loops
 * @param window        publishes per connection in flight (unwritten at QoS 0, un-acknowledged at QoS 1)
 * @param probePeriodMs how often the probe device changes zone
 * @param idleConnections counts of idle connections measured one after the other (none: the phase is skipped)
 */
record BenchOptions(int sensors, int batchSize, int qos, int window, int devices, int dwellSightings, double rate,
                    double maxRate, double stepFactor, int refineSteps, int confirmSteps, int durationSec, int warmupSec, int dashboards, int lanes,
                    long probePeriodMs, long allowedLatenessMs, boolean analytics, int memoryDevices, int rollupZones,
                    int rollupMinutes, List<Integer> idleConnections, double maxP99Ms, double minDeliveredPercent, String server, String serverHttp, String against, boolean startMosquitto) {

  BenchOptions {
    idleConnections = idleConnections.stream().filter(n -> n > 0).toList();
    if (sensors < 1 || batchSize < 1 || window < 1 || lanes < 1 || durationSec < 1 || devices < 1) {
      throw new IllegalArgumentException("sensors, batch size, window, lanes, duration and devices must be positive");
    }
    if (qos != 0 && qos != 1) {
      throw new IllegalArgumentException("--qos must be 0 or 1, got " + qos);
    }
    if (stepFactor <= 1) {
      throw new IllegalArgumentException("--step-factor must be above 1, got " + stepFactor);
    }
    if (refineSteps < 0 || confirmSteps < 0) {
      throw new IllegalArgumentException("--refine-steps and --confirm-steps must not be negative");
    }
    if (rate <= 0 || maxRate < rate) {
      throw new IllegalArgumentException("--rate must be positive and at most --max-rate");
    }
  }
}
