package io.footfall.app;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The node of an end-to-end test: a {@link LiveNode} on a data directory of the test's own, stopped after the test
 * and its directory deleted. Register it as a non-static {@code @RegisterExtension} field; each test starts the node
 * with the settings it is about, and may restart it on the same data directory.
 */
final class LiveNodes implements BeforeEachCallback, AfterEachCallback {

  private Path dataDir;
  private LiveNode node;

  @Override
  public void beforeEach(ExtensionContext test) throws IOException {
    dataDir = Files.createTempDirectory("footfall-" + test.getRequiredTestMethod().getName());
  }

  /** The test's data directory, for what must be there before the node starts. */
  Path dataDir() {
    return dataDir;
  }

  /** Starts the demo node on the test's data directory with these settings (see {@link LiveNode#start}). */
  LiveNode start(Vertx vertx, Map<String, String> settings) throws Exception {
    node = LiveNode.start(vertx, dataDir, settings);
    return node;
  }

  /** Stops the node gracefully and starts a new one on the same data directory, as a restart does. */
  LiveNode restart(Vertx vertx, Map<String, String> settings) throws Exception {
    stop();
    return start(vertx, settings);
  }

  @Override
  public void afterEach(ExtensionContext test) throws Exception {
    stop();
    try (Stream<Path> files = Files.walk(dataDir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  private void stop() throws Exception {
    if (node != null) {
      LiveNode stopping = node;
      node = null;
      stopping.close();
    }
  }
}
