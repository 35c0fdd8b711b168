package io.footfall.bus;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * Runs an asynchronous exchange (an HTTP request and its response body, a WebSocket and its handlers) on a Vert.x
 * context. Vert.x delivers a response's head and body on the request's context; a callback chained from a plain
 * thread (the command line, a test) runs on that thread when the head has already arrived, and the body may then
 * go by before {@code body()} is asked for, leaving its future for ever incomplete. On a context the callbacks run
 * in the order the events arrive.
 */
public final class OnContext {

  private OnContext() {
  }

  /** Starts {@code exchange} on the caller's context, or on a new one when the caller is not on a Vert.x thread. */
  public static <T> Future<T> run(Vertx vertx, Supplier<Future<T>> exchange) {
    Promise<T> done = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> {
      try {
        exchange.get().onComplete(done);
      } catch (RuntimeException e) {
        done.fail(e);
      }
    });
    return done.future();
  }
}
