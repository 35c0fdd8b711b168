package io.footfall.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class AuditLogTest {

  private final Logger audit = (Logger) LoggerFactory.getLogger(Audit.LOGGER);
  private final ListAppender<ILoggingEvent> captured = new ListAppender<>();

  @BeforeEach
  void capture() {
    captured.start();
    audit.addAppender(captured);
  }

  @AfterEach
  void detach() {
    audit.detachAppender(captured);
  }

  @Test
  void recordsWhatChangedInTheUsersFileByTokenIdNeverByHash() {
    ApiToken.Issued kept = ApiToken.issue("kept", "");
    ApiToken.Issued revoked = ApiToken.issue("revoked", "");
    ApiToken.Issued issued = ApiToken.issue("issued", "");
    User alice = new User("alice", "pbkdf2-sha256$1$a$b", Role.ADMIN, null, null, List.of(kept.stored(), revoked.stored()));
    User bob = new User("bob", "pbkdf2-sha256$1$a$b", Role.CONTROL_ROOM, List.of("demo-mall"), null);
    User carol = new User("carol", "pbkdf2-sha256$1$a$b", Role.ADMIN, null, null);

    Audit.usersChanged(List.of(alice, bob), List.of(
        alice.withTokens(List.of(kept.stored(), issued.stored())),
        new User("bob", "pbkdf2-sha256$1$c$d", Role.CONTROL_ROOM, List.of("demo-mall"), null),
        carol));

    assertThat(messages()).containsExactlyInAnyOrder(
        "api token added [user: alice, token: " + issued.stored().id() + "]",
        "api token removed [user: alice, token: " + revoked.stored().id() + "]",
        "user changed [user: bob, role: control-room, password: changed]",
        "user added [user: carol, role: admin]");
    assertThat(String.join("\n", messages())).doesNotContain(issued.stored().sha256(), issued.token());
  }

  @Test
  void aCraftedValueCannotForgeAnotherLine() {
    Audit.logout("mallory\n12:00:00.000 INFO  audit - login [user: admin]", "10.0.0.1");

    assertThat(messages()).singleElement().asString().doesNotContain("\n").startsWith("logout [user: mallory\\n12:00");
  }

  @Test
  void writesTheTrailToAnOwnerOnlyFileUntilTold(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("audit.log");
    Audit.writeTo(file);
    Audit.writeTo(file);
    Audit.logout("alice", "10.0.0.1");
    Audit.stopWritingTo(file);
    Audit.logout("bob", "10.0.0.1");

    assertThat(Files.readAllLines(file)).singleElement().asString()
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z logout \\[user: alice, address: 10\\.0\\.0\\.1]");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
  }

  @Test
  void refusesAnUnknownLogFormatInsteadOfLoggingNothing(@TempDir Path dir) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.putProperty(Audit.FORMAT, "xml");
    try {
      assertThatThrownBy(() -> Audit.writeTo(dir.resolve("audit.log")))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FOOTFALL_LOG_FORMAT");
    } finally {
      context.putProperty(Audit.FORMAT, "text");
    }
  }

  @Test
  void theJsonLogFormatWritesOneJsonObjectPerLineWithTheAuditKeyValues() throws Exception {
    // GIVEN logback.xml as shipped, read with FOOTFALL_LOG_FORMAT=json, in a logging context of its own
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
    context.putProperty(Audit.FORMAT, "json");
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(getClass().getClassLoader().getResource("logback.xml"));
    OutputStreamAppender<ILoggingEvent> console =
        (OutputStreamAppender<ILoggingEvent>) context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("STDERR");

    // WHEN an audit line is encoded
    Logger logger = context.getLogger(Audit.LOGGER);
    LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, ch.qos.logback.classic.Level.INFO,
        "logout [user: alice]", null, null);
    event.addKeyValuePair(new org.slf4j.event.KeyValuePair("user", "alice"));
    String line = new String(console.getEncoder().encode(event), StandardCharsets.UTF_8);
    context.stop();

    // THEN it is one JSON object with the message and the key-values
    assertThat(console.getEncoder()).isInstanceOf(JsonEncoder.class);
    assertThat(line.strip()).doesNotContain("\n");
    JsonObject json = new JsonObject(line);
    assertThat(json.getString("loggerName")).isEqualTo(Audit.LOGGER);
    assertThat(json.getString("formattedMessage")).isEqualTo("logout [user: alice]");
    assertThat(json.containsKey("context")).isFalse();
    assertThat(json.getJsonArray("kvpList").getJsonObject(0).getString("user")).isEqualTo("alice");
  }

  private List<String> messages() {
    return captured.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }
}
