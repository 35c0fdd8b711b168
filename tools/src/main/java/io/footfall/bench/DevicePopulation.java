package io.footfall.bench;

import java.util.SplittableRandom;

/**
 * The phones a load lane makes its sensors hear: {@code devices} random 64-bit ids split into one bucket per
 * sensor (the phones standing nearest to it). A device moves by swapping places with a random device of a
 * neighbouring bucket, so buckets keep their size, both devices change sensor and, often, zone. Confined to the
 * lane's event loop.
 */
final class DevicePopulation {

  private final long[] keys;
  private final int sensors;
  private final int bucket;
  private final double swapChance;
  private final SplittableRandom random;

  /**
   * @param sensors        buckets, one per sensor of the lane
   * @param devices        active devices of the lane (rounded down to a multiple of {@code sensors}, at least one
   *                       per sensor)
   * @param dwellSightings about how many of its sightings a device stays near one sensor before it moves
   */
  DevicePopulation(int sensors, int devices, int dwellSightings, long seed) {
    this.sensors = sensors;
    this.bucket = Math.max(1, devices / sensors);
    this.keys = new long[bucket * sensors];
    this.swapChance = 1.0 / (2.0 * Math.max(1, dwellSightings));
    this.random = new SplittableRandom(seed);
    for (int i = 0; i < keys.length; i++) {
      long k;
      do {
        k = random.nextLong();
      } while (k == 0);
      keys[i] = k;
    }
  }

  int size() {
    return keys.length;
  }

  /** A device near sensor {@code s} of the lane (moving it now and then). */
  long near(int s) {
    int i = s * bucket + random.nextInt(bucket);
    if (random.nextDouble() < swapChance) {
      int neighbour = Math.floorMod(s + (random.nextBoolean() ? 1 : -1), sensors);
      int j = neighbour * bucket + random.nextInt(bucket);
      long k = keys[i];
      keys[i] = keys[j];
      keys[j] = k;
    }
    return keys[i];
  }

  /** A device near a neighbour of sensor {@code s}: what a sensor hears faintly from the next zone. */
  long neighbourOf(int s) {
    int neighbour = Math.floorMod(s + (random.nextBoolean() ? 1 : -1), sensors);
    return keys[neighbour * bucket + random.nextInt(bucket)];
  }

  SplittableRandom random() {
    return random;
  }
}
