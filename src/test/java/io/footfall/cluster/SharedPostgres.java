package io.footfall.cluster;

import io.footfall.store.EmbeddedDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real PostgreSQL for a whole test class, as the nodes of a cluster share one: started before the first test,
 * stopped after the last. Register it with {@code @RegisterExtension static final SharedPostgres POSTGRES}.
 */
final class SharedPostgres implements BeforeAllCallback, AfterAllCallback {

  private Path dir;
  private EmbeddedDatabase postgres;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    dir = Files.createTempDirectory("footfall-cluster-pg");
    postgres = new EmbeddedDatabase(dir.resolve("pg"));
    postgres.start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    postgres.stop();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    }
  }

  /** The nodes' {@code database.url}. */
  String url() {
    return "postgresql://postgres@localhost:" + postgres.port() + "/postgres";
  }
}
