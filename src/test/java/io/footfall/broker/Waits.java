package io.footfall.broker;

import static io.footfall.testkit.Await.await;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** How the broker tests wait: on a future, or until a condition holds, with a bound either way. */
final class Waits {

  private Waits() {
  }

  /** Checks every few milliseconds until the condition holds; fails after 10 s. */
  static void awaitCondition(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      TimeUnit.MILLISECONDS.sleep(5);
    }
  }

}
