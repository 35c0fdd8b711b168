package io.footfall.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The watcher the load checks rely on sees a blocked event loop, so that its silence under load means something. */
class BlockedThreadWarningsTest {

  @Test
  void seesAnEventLoopThatIsBlockedOnPurpose() throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions()
        .setBlockedThreadCheckInterval(20).setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
        .setMaxEventLoopExecuteTime(50).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS));
    try (BlockedThreadWarnings watcher = BlockedThreadWarnings.watch()) {
      // the one place a test blocks an event loop: deliberately, until the checker has spoken
      vertx.runOnContext(v -> {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (watcher.warnings().isEmpty() && System.nanoTime() < deadline) {
          Thread.onSpinWait();
        }
      });
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      while (watcher.warnings().isEmpty() && System.nanoTime() < deadline) {
        TimeUnit.MILLISECONDS.sleep(10);
      }

      assertThat(watcher.warnings()).isNotEmpty().first().asString().contains("has been blocked");
    } finally {
      vertx.close().await();
    }
  }
}
