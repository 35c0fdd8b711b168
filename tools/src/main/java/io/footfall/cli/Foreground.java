package io.footfall.cli;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a long-lived command in the foreground: starts it on a fresh Vert.x, keeps the JVM up, and on Ctrl-C or
 * SIGTERM stops it gracefully (so the last rollups are flushed) before Vert.x closes.
 */
final class Foreground {

  private static final Logger LOG = LoggerFactory.getLogger(Foreground.class);
  private static final long STOP_TIMEOUT_S = 30;

  private Foreground() {
  }

  /**
   * @param start starts the work and yields how to stop it
   * @return the process exit code: 0 after a clean stop, 1 when the start failed
   */
  static int run(Function<Vertx, Future<Supplier<Future<Void>>>> start) {
    return run(() -> Future.succeededFuture(Vertx.vertx()), start);
  }

  /**
   * @param vertxFactory creates the Vert.x to run on (a clustered one for a cluster node)
   */
  static int run(Supplier<Future<Vertx>> vertxFactory, Function<Vertx, Future<Supplier<Future<Void>>>> start) {
    Vertx vertx;
    try {
      vertx = vertxFactory.get().toCompletionStage().toCompletableFuture().get();
    } catch (Exception e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      System.err.println("footfall: cannot join the cluster: " + cause.getMessage());
      LOG.debug("cluster join failed", cause);
      return 1;
    }
    CountDownLatch done = new CountDownLatch(1);
    Supplier<Future<Void>> stop;
    try {
      stop = start.apply(vertx).toCompletionStage().toCompletableFuture().get();
    } catch (Exception e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      System.err.println("footfall: cannot start: " + cause.getMessage());
      LOG.debug("start failed", cause);
      vertx.close();
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("shutting down");
      // two waits from this thread: a continuation chained onto the stop would run on an event loop that
      // Vert.x's own close shuts down, and never report
      await(stop.get(), "graceful stop incomplete");
      await(vertx.close(), "vert.x close incomplete");
      done.countDown();
    }, "footfall-shutdown"));
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  private static void await(Future<Void> future, String failure) {
    try {
      future.toCompletionStage().toCompletableFuture().get(STOP_TIMEOUT_S, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.warn("{} [reason: {}]", failure, e.toString());
    }
  }
}
