package io.footfall.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Collects the warnings of Vert.x's blocked-thread checker (an event loop busy for longer than
 * {@code maxEventLoopExecuteTime}, 2 s by default; a worker for longer than 60 s) while open. A test opens it,
 * runs load, and expects none: the count does not depend on how fast the machine is, only on whether some code
 * blocks a thread that must not block.
 */
final class BlockedThreadWarnings extends AppenderBase<ILoggingEvent> implements AutoCloseable {

  /** The logger Vert.x 5's {@code BlockedThreadChecker} writes to. */
  static final String LOGGER = "io.vertx.core.impl.BlockedThreadChecker";

  private final Logger logger = (Logger) LoggerFactory.getLogger(LOGGER);
  private final Level levelBefore = logger.getLevel();
  private final List<String> warnings = new CopyOnWriteArrayList<>();

  private BlockedThreadWarnings() {
  }

  static BlockedThreadWarnings watch() {
    BlockedThreadWarnings watcher = new BlockedThreadWarnings();
    watcher.setContext(watcher.logger.getLoggerContext());
    watcher.setName("blocked-thread-warnings");
    watcher.start();
    watcher.logger.setLevel(Level.WARN);
    watcher.logger.addAppender(watcher);
    return watcher;
  }

  /** The warnings so far, each as its message. */
  List<String> warnings() {
    return List.copyOf(warnings);
  }

  @Override
  protected void append(ILoggingEvent event) {
    if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
      warnings.add(event.getFormattedMessage());
    }
  }

  @Override
  public void close() {
    logger.detachAppender(this);
    logger.setLevel(levelBefore);
    stop();
  }
}
