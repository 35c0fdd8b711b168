package io.footfall.store;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits on the test thread for a condition that asynchronous work makes true, failing after a generous deadline. */
final class Eventually {

  private static final Duration DEADLINE = Duration.ofSeconds(20);

  private Eventually() {
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out waiting until " + what);
      }
      Thread.sleep(10);
    }
  }
}
