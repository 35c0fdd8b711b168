package io.footfall.auth;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.encoder.Encoder;
import io.footfall.fault.LogSafe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The audit trail: logins, refused logins, the failures that make {@link LoginLimiter} throttle a name and address
 * (attempts refused unchecked while it waits are not logged, which bounds the trail's growth under attack),
 * logouts, changes of users and API tokens, alert acknowledgements and changes of the calibration's headcounts, on
 * the SLF4J logger {@value #LOGGER}. Each line reads {@code event [key: value, ...]} and carries the same pairs as
 * key-values (fields of the JSON log format). Never a password, a token or a session id: tokens appear by their
 * public id only. Values are escaped ({@link LogSafe}), so a crafted name cannot forge a line. {@link #writeTo}
 * adds a file (on a node: {@code <dataDir>/audit.log}) beside the ordinary log. Thread-safe.
 */
public final class Audit {

  public static final String LOGGER = "footfall.audit";
  /** The environment variable (or system property) choosing the log format: {@code text} (default) or {@code json}. */
  public static final String FORMAT = "FOOTFALL_LOG_FORMAT";
  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
  private static final int MAX_VALUE = 120;

  private Audit() {
  }

  /** A successful login; {@code method} is {@code form} (the login page); Basic and tokens are not logged per request. */
  public static void login(User user, String address, String method) {
    log("login", "user", user.name(), "role", user.role().token(), "address", address, "method", method);
  }

  /**
   * A refused login. The name is logged only when it is a user's (someone typing their password into the name
   * field must not find it in the log).
   */
  public static void loginRefused(String knownName, String address, String method) {
    log("login refused", "user", knownName == null ? "(unknown)" : knownName, "address", address, "method", method);
  }

  /**
   * A failed login that makes its name and address ({@code user} {@code (any)}: the address, whatever the name)
   * wait before the next try; the name is logged only when it is a user's, as for refusals.
   */
  public static void loginThrottled(String knownName, String address, String method, int failures, long waitMs) {
    log("login throttled", "user", knownName == null ? "(unknown)" : knownName, "address", address, "method", method,
        "failures", Integer.toString(failures), "waitSeconds", Long.toString(Math.max(1, (waitMs + 999) / 1000)));
  }

  /** An admin lifted every login throttle ({@code DELETE /api/login/throttles}). */
  public static void throttlesLifted(String user, String address, int tracked) {
    log("login throttles lifted", "user", user, "address", address, "tracked", Integer.toString(tracked));
  }

  public static void logout(String user, String address) {
    log("logout", "user", user, "address", address);
  }

  /** An API token that matches no user's (like refused logins, at most a few per address and window). */
  public static void tokenRefused(String address) {
    log("api token refused", "address", address);
  }

  public static void alertAcknowledged(String user, String site, String alert) {
    log("alert acknowledged", "user", user, "site", site, "alert", alert);
  }

  /**
   * A headcount of the calibration added, replaced or deleted ({@code action}); {@code count} is its id, or what
   * it counted when it is new.
   */
  public static void calibrationCount(String action, String user, String site, String count) {
    log("calibration count " + action, "user", user, "site", site, "count", count);
  }

  /** A user written by {@code footfall user add}. */
  public static void userWritten(User user, String file) {
    log("user written", "user", user.name(), "role", user.role().token(), "file", file);
  }

  public static void tokenIssued(String user, String tokenId, String file) {
    log("api token issued", "user", user, "token", tokenId, "file", file);
  }

  public static void tokenRevoked(String user, String tokenId, String file) {
    log("api token revoked", "user", user, "token", tokenId, "file", file);
  }

  /** What changed between two versions of the users file, as the server sees it when it re-reads the file. */
  public static void usersChanged(List<User> before, List<User> after) {
    Map<String, User> old = new HashMap<>();
    before.forEach(u -> old.put(u.name(), u));
    for (User u : after) {
      User was = old.remove(u.name());
      if (was == null) {
        log("user added", "user", u.name(), "role", u.role().token());
        tokenIds(u).forEach(id -> log("api token added", "user", u.name(), "token", id));
        continue;
      }
      if (!was.passwordHash().equals(u.passwordHash()) || was.role() != u.role() || !was.sites().equals(u.sites())
          || !was.zones().equals(u.zones())) {
        log("user changed", "user", u.name(), "role", u.role().token(),
            "password", was.passwordHash().equals(u.passwordHash()) ? "same" : "changed");
      }
      Set<String> oldIds = tokenIds(was);
      Set<String> newIds = tokenIds(u);
      newIds.stream().filter(id -> !oldIds.contains(id)).forEach(id -> log("api token added", "user", u.name(), "token", id));
      oldIds.stream().filter(id -> !newIds.contains(id)).forEach(id -> log("api token removed", "user", u.name(), "token", id));
    }
    old.keySet().forEach(name -> log("user removed", "user", name));
  }

  private static Set<String> tokenIds(User u) {
    return u.tokens().stream().map(ApiToken::id).collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  private static void log(String event, String... pairs) {
    StringBuilder message = new StringBuilder(event).append(" [");
    LoggingEventBuilder builder = LOG.atInfo().addKeyValue("event", event);
    for (int i = 0; i < pairs.length; i += 2) {
      String value = clean(pairs[i + 1]);
      message.append(i == 0 ? "" : ", ").append(pairs[i]).append(": ").append(value);
      builder = builder.addKeyValue(pairs[i], value);
    }
    builder.log(message.append(']').toString());
  }

  private static String clean(String value) {
    return LogSafe.escape(Objects.toString(value, ""), MAX_VALUE);
  }

  /**
   * Also writes the audit trail to {@code file} (appended; created owner-only), in the format {@link #FORMAT}
   * chooses. Does nothing when SLF4J is not backed by logback, or when the file is already written.
   *
   * @throws IllegalArgumentException when {@value #FORMAT} names no known format
   */
  public static void writeTo(Path file) throws IOException {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    ch.qos.logback.classic.Logger logger = context.getLogger(LOGGER);
    String name = appenderName(file);
    if (logger.getAppender(name) != null) {
      return;
    }
    createOwnerOnly(file);
    FileAppender<ILoggingEvent> appender = new FileAppender<>();
    appender.setContext(context);
    appender.setName(name);
    appender.setFile(file.toString());
    appender.setAppend(true);
    appender.setEncoder(encoder(context));
    appender.start();
    logger.addAppender(appender);
  }

  /** Stops writing the audit trail to {@code file} (the node stopped). */
  public static void stopWritingTo(Path file) {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      ch.qos.logback.classic.Logger logger = context.getLogger(LOGGER);
      Appender<ILoggingEvent> appender = logger.getAppender(appenderName(file));
      if (appender != null) {
        logger.detachAppender(appender);
        appender.stop();
      }
    }
  }

  private static String appenderName(Path file) {
    return "audit:" + file.toAbsolutePath().normalize();
  }

  private static Encoder<ILoggingEvent> encoder(LoggerContext context) {
    String format = context.getProperty(FORMAT);
    format = format != null ? format : System.getProperty(FORMAT, System.getenv(FORMAT));
    if (format != null && !format.equals("text") && !format.equals("json")) {
      // logback found no appender for it, so nothing at all would be logged
      throw new IllegalArgumentException(FORMAT + " must be 'text' or 'json', got '" + format + "'");
    }
    Encoder<ILoggingEvent> encoder;
    if ("json".equals(format)) {
      encoder = jsonEncoder();
    } else {
      PatternLayoutEncoder pattern = new PatternLayoutEncoder();
      pattern.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX,UTC} %msg%n");
      encoder = pattern;
    }
    encoder.setContext(context);
    encoder.start();
    return encoder;
  }

  /** The JSON of {@code footfall-log-json.xml}: without logback's sequence numbers and context, with the formatted message. */
  private static JsonEncoder jsonEncoder() {
    JsonEncoder json = new JsonEncoder();
    json.setWithSequenceNumber(false);
    json.setWithNanoseconds(false);
    json.setWithContext(false);
    json.setWithFormattedMessage(true);
    return json;
  }

  private static void createOwnerOnly(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    if (Files.notExists(file)) {
      try {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(file);
      }
    }
  }
}
