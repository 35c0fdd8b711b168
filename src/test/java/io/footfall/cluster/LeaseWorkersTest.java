package io.footfall.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.testkit.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Lease renewal does not wait for the blocking work of the rest of the node (password checks, file IO). */
class LeaseWorkersTest {

  private static final String SITE = "demo-mall";
  /** Vert.x's default worker pool size. */
  private static final int SHARED_WORKERS = 20;

  @RegisterExtension
  static final SharedPostgres POSTGRES = new SharedPostgres();

  @TempDir
  Path dataDir;
  private ClusterHarness cluster;

  @AfterEach
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aNodeWhoseSharedWorkerPoolIsBusyForLongerThanALeaseKeepsItsSite() throws Exception {
    cluster = new ClusterHarness(2, POSTGRES.url(), dataDir,
        Map.of());
    cluster.start(0);
    cluster.start(1);
    waitFor(() -> cluster.owner(SITE) >= 0);
    int owner = cluster.owner(SITE);
    long leaseMs = cluster.config(owner).cluster().leaseMs();

    // WHEN every thread of the owner's shared worker pool is busy for twice the lease, as in a reconnect storm
    Vertx busy = cluster.vertxes.get(owner);
    List<Future<Object>> work = new ArrayList<>();
    for (int i = 0; i < 2 * SHARED_WORKERS; i++) {
      work.add(busy.executeBlocking(() -> {
        Thread.sleep(leaseMs);
        return null;
      }, false));
    }

    // THEN the site never leaves its node meanwhile
    long until = System.currentTimeMillis() + 2 * leaseMs;
    while (System.currentTimeMillis() < until) {
      assertThat(cluster.owner(SITE)).isEqualTo(owner);
      Thread.sleep(20);
    }
    Await.await(Future.all(work));
    assertThat(cluster.owner(SITE)).isEqualTo(owner);
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 20_000;
    while (!condition.getAsBoolean()) {
      assertThat(System.currentTimeMillis()).as("waiting for the site to run").isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
