package io.footfall.ingest;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Vert.x MQTT gives a connection an exception handler only once its CONNECT is decoded; until then Vert.x logs every
 * error of the connection itself, at ERROR, with the codec's message (which may quote the client's bytes). A client
 * sending malformed packets could so fill the log with unthrottled ERROR lines it partly wrote. This filter hands
 * those lines of the ingest's own connections, recognised by running on the ingest's context, to the ingest, which
 * counts them and logs them escaped and rate-limited; lines of every other connection pass untouched.
 */
final class EarlyConnectionErrors extends TurboFilter {

  /** The logger Vert.x reports connection errors without a handler on. */
  static final String VERTX_CONNECTION_LOGGER = "io.vertx.core.net.impl.ConnectionBase";

  private final ContextInternal context;
  private final Consumer<String> sink;

  private EarlyConnectionErrors(Context context, Consumer<String> sink) {
    this.context = ((ContextInternal) context).unwrap();
    this.sink = sink;
  }

  /**
   * Routes the early connection errors of {@code context} to {@code sink} until {@link #uninstall}; does nothing
   * (returns null) when logging is not logback, where the lines stay as Vert.x writes them.
   */
  static EarlyConnectionErrors install(Context context, Consumer<String> sink) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext logging)) {
      return null;
    }
    EarlyConnectionErrors filter = new EarlyConnectionErrors(context, sink);
    filter.setName("footfall-mqtt-early-connection-errors");
    filter.start();
    logging.addTurboFilter(filter);
    return filter;
  }

  void uninstall() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logging) {
      logging.getTurboFilterList().remove(this);
    }
    stop();
  }

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (level != Level.ERROR || logger == null || !VERTX_CONNECTION_LOGGER.equals(logger.getName())) {
      return FilterReply.NEUTRAL;
    }
    Context current = Vertx.currentContext();
    if (current == null || ((ContextInternal) current).unwrap() != context) {
      return FilterReply.NEUTRAL;
    }
    sink.accept(t != null ? String.valueOf(t) : format);
    return FilterReply.DENY;
  }
}
