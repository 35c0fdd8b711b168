package io.footfall.testkit;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The one way tests wait: for a future, for a condition, for a value read again and again. Every wait has a
 * default timeout and fails the test when it runs out, saying what it waited for; none returns a value at the
 * deadline as if it were the answer. Conditions are polled every 50 ms: a test waits for a fact, never a fixed time.
 */
public final class Await {

  /** How long a future may take: a server start, a PostgreSQL migration, a round trip on a busy CI machine. */
  public static final Duration FUTURE = Duration.ofSeconds(60);
  /** How long a condition or value may take to come true. */
  public static final Duration CONDITION = Duration.ofSeconds(20);

  private static final long POLL_MS = 50;

  private Await() {
  }

  /** The future's result, waiting up to {@link #FUTURE}; its failure as an {@link ExecutionException}. */
  public static <T> T await(Future<T> future) throws ExecutionException, InterruptedException, TimeoutException {
    return await(future, FUTURE);
  }

  public static <T> T await(Future<T> future, Duration timeout)
      throws ExecutionException, InterruptedException, TimeoutException {
    return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Waits up to {@link #CONDITION} for {@code condition}; fails with {@code what} if it never holds. */
  public static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
    eventually(what, CONDITION, condition);
  }

  public static void eventually(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not within " + timeout.toMillis() + " ms: " + what);
      }
      Thread.sleep(POLL_MS);
    }
  }

  /**
   * Reads a value until {@code done} accepts it, for up to {@link #CONDITION}, and returns it; fails with
   * {@code what} and the last value read if none was accepted.
   */
  public static <T> T poll(String what, Read<T> read, Predicate<T> done) throws Exception {
    return poll(what, CONDITION, read, done);
  }

  public static <T> T poll(String what, Duration timeout, Read<T> read, Predicate<T> done) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      T value = read.get();
      if (done.test(value)) {
        return value;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not within " + timeout.toMillis() + " ms: " + what + "; last read: " + value);
      }
      Thread.sleep(POLL_MS);
    }
  }

  /** Like {@link #poll(String, Read, Predicate)}, for a value read by a request: each read awaits a new future. */
  public static <T> T until(String what, Supplier<Future<T>> read, Predicate<T> done) throws Exception {
    return poll(what, CONDITION, () -> await(read.get()), done);
  }

  /** A read that may throw, e.g. an HTTP request awaited with {@link #await(Future)}. */
  @FunctionalInterface
  public interface Read<T> {
    T get() throws Exception;
  }
}
