package io.footfall.app;

import static io.footfall.testkit.Await.await;

import io.footfall.sim.SimRun;
import io.vertx.core.Vertx;
import org.openqa.selenium.WebDriver;

/** What the browser tests start around Chromium — a node, its simulator, their Vert.x — and how they stop it. */
final class BrowserRun {

  private BrowserRun() {
  }

  /** Stops whatever of the run was started, browser first so that it sees no server going away. */
  static void stop(WebDriver browser, SimRun sim, FootfallNode node, Vertx vertx) throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (sim != null) {
      await(sim.stop());
    }
    if (node != null) {
      await(node.stop());
    }
    if (vertx != null) {
      await(vertx.close());
    }
  }

}
