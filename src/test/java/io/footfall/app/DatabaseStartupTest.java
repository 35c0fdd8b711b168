package io.footfall.app;

import static io.footfall.testkit.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.footfall.bus.NodeHealth;
import io.footfall.store.Database;
import io.footfall.store.DatabaseProbeVerticle;
import io.footfall.store.EmbeddedDatabase;
import io.footfall.testkit.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A node whose PostgreSQL does not answer yet when it starts (started alongside it, still recovering). */
@ExtendWith(VertxExtension.class)
class DatabaseStartupTest {

  private static final Logger ROOT = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

  @TempDir
  Path dataDir;
  @TempDir
  Path postgresDir;
  private EmbeddedDatabase postgres;
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private FootfallNode node;

  @BeforeEach
  void givenAPostgresThatIsDownOnAKnownPort() throws IOException {
    postgres = new EmbeddedDatabase(postgresDir);
    postgres.start();
    postgres.stop();
    log.start();
    ROOT.addAppender(log);
  }

  @AfterEach
  void stopEverything() throws Exception {
    ROOT.detachAppender(log);
    if (node != null) {
      await(node.stop());
    }
    postgres.stop();
  }

  @Test
  void aNodeStartsOncePostgresAnswersSecondsAfterItBeganConnectingLoggingEachRetryWithItsReason(Vertx vertx)
      throws Exception {
    // WHEN a node starts against it, and PostgreSQL comes up on that port only after the node tried twice
    Future<FootfallNode> starting = FootfallNode.start(vertx, FootfallConfig.load(null, Map.of(), Map.of(
        "dataDir", dataDir.toString(), "http.port", "0", "mqtt.port", "0",
        "database.url", "postgresql://postgres@localhost:" + postgres.port() + "/postgres")), true);
    Await.eventually("two attempts to connect", () -> retries().size() >= 2);
    assertThat(starting.isComplete()).as("started without its database").isFalse();
    postgres.start();

    // THEN the node starts, its database healthy, and every retry was logged at INFO with its reason
    node = await(starting);
    Await.eventually("postgresql reported up",
        () -> node.health().state(DatabaseProbeVerticle.HEALTH_COMPONENT) == NodeHealth.State.UP);
    assertThat(retries()).allSatisfy(e -> {
      assertThat(e.getLevel()).isEqualTo(Level.INFO);
      assertThat(e.getFormattedMessage()).contains("localhost:" + postgres.port())
          .contains("reason: Connection refused");
    });
  }

  private List<ILoggingEvent> retries() {
    return List.copyOf(log.list).stream()
        .filter(e -> e.getLoggerName().equals(Database.class.getName())
            && e.getMessage().startsWith("database not ready"))
        .toList();
  }
}
