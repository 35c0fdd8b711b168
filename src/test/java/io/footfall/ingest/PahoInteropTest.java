package io.footfall.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.footfall.bus.Addresses;
import io.footfall.bus.Codecs;
import io.footfall.bus.NodeHealth;
import io.footfall.wire.SightingBatch;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eclipse Paho's MQTT interoperability suite (client_test.py for 3.1.1, client_test5.py for 5) against the ingest.
 * The suite tests brokers, so most of its cases need subscriptions and cannot pass on an ingest-only endpoint;
 * docs/wire-format.md lists them and why. The cases that apply must pass; the others are printed.
 *
 * <p>Needs python3 and a checkout of https://github.com/eclipse/paho.mqtt.testing, which footfall does not ship:
 * {@code mvn -B verify -Pinterop -Dpaho.testing.dir=/path/to/paho.mqtt.testing} (or {@code PAHO_TESTING_DIR}).
 */
@Tag("interop")
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.MINUTES)
class PahoInteropTest {

  /** The cases of each suite that apply to an ingest-only endpoint. */
  private static final List<String> APPLY_311 = List.of("test_zero_length_clientid", "test_subscribe_failure");
  private static final List<String> APPLY_5 = List.of("test_assigned_clientid");
  private static final long CASE_TIMEOUT_S = 30;

  private Path suite;
  private int port;

  @BeforeEach
  void deploy(Vertx vertx) throws Throwable {
    String dir = System.getProperty("paho.testing.dir", System.getenv("PAHO_TESTING_DIR"));
    suite = dir == null ? null : Path.of(dir);
    assumeTrue(suite != null && Files.isRegularFile(suite.resolve("interoperability/client_test5.py")),
        "Paho interoperability suite not found: git clone https://github.com/eclipse/paho.mqtt.testing and pass "
            + "-Dpaho.testing.dir=<that directory> (or set PAHO_TESTING_DIR)");
    assumeTrue(runs("python3", "--version"), "python3 not found");
    Codecs.register(vertx);
    vertx.eventBus().<SightingBatch>consumer(Addresses.ENGINE_SIGHTINGS, m -> m.reply(null)).completion().await();
    IngestVerticle ingest = new IngestVerticle(
        new MqttConfig("127.0.0.1", 0, 2048, 100).withLimits(256, 1000, 1000, 1000, 10_000),
        // demo mode: the demo password skips the deliberately slow hash, which a busy machine could stretch past
        // the suite's half-second wait for a CONNACK
        List.of(IngestVerticleTest.site()), true, new NodeHealth(), new IngestCounters());
    vertx.deployVerticle(ingest).await();
    port = ingest.actualPort();
    // the first connection of a fresh JVM loads the MQTT codec; the suite waits only half a second for a CONNACK
    try (Mqtt5Probe warmUp = Mqtt5Probe.open(port)) {
      warmUp.connect("s-01", SensorAuthenticator.DEMO_PASSWORD);
    }
  }

  @Test
  void theMqtt311CasesThatApplyToAnIngestOnlyEndpointPass(@TempDir Path work) throws Exception {
    Map<String, String> results = run(work, "3", APPLY_311);

    assertThat(results).allSatisfy((name, outcome) -> assertThat(outcome).as(name).isEqualTo("PASS"));
  }

  @Test
  void theMqtt5CasesThatApplyToAnIngestOnlyEndpointPass(@TempDir Path work) throws Exception {
    Map<String, String> results = run(work, "5", APPLY_5);

    assertThat(results).allSatisfy((name, outcome) -> assertThat(outcome).as(name).isEqualTo("PASS"));
  }

  /**
   * Runs cases of one suite, one process each (a broker case can wait for a message forever), logged in as sensor
   * s-01; each case's name to PASS, FAIL or TIMEOUT. With {@code -Dpaho.all=true} every other case of the suite
   * runs too and is printed, not asserted.
   */
  private Map<String, String> run(Path work, String version, List<String> applying) throws Exception {
    Path runner = work.resolve("paho_interop.py");
    try (InputStream script = getClass().getResourceAsStream("/interop/paho_interop.py")) {
      Files.copy(script, runner);
    }
    Map<String, String> results = new TreeMap<>();
    for (String name : applying) {
      results.put(name, runCase(runner, version, name));
    }
    if (Boolean.getBoolean("paho.all")) {
      Map<String, String> others = new TreeMap<>();
      for (String name : List.of(runCase(runner, version, "--list").split(" "))) {
        if (!applying.contains(name)) {
          others.put(name, runCase(runner, version, name));
        }
      }
      System.out.println("paho interoperability, MQTT " + version + ", cases that do not apply: " + others);
    }
    System.out.println("paho interoperability, MQTT " + version + ": " + results);
    return results;
  }

  private String runCase(Path runner, String version, String name) throws Exception {
    Process process = new ProcessBuilder("python3", runner.toString(), suite.toString(), version,
        String.valueOf(port), "s-01", SensorAuthenticator.DEMO_PASSWORD, name).redirectErrorStream(true).start();
    if (!process.waitFor(CASE_TIMEOUT_S, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return "TIMEOUT";
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if ("--list".equals(name)) {
      return output.lines().filter(l -> l.startsWith("CASES ")).findFirst().orElseThrow().substring(6);
    }
    String outcome = output.lines().filter(l -> l.equals("PASS " + name) || l.equals("FAIL " + name))
        .map(l -> l.substring(0, 4)).findFirst()
        .orElseThrow(() -> new AssertionError("no outcome of " + name + ":\n" + output));
    if (!"PASS".equals(outcome)) {
      System.out.println("paho interoperability, MQTT " + version + ", " + name + ":\n" + output);
    }
    return outcome;
  }

  private static boolean runs(String... command) {
    try {
      return new ProcessBuilder(command).start().waitFor(10, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
