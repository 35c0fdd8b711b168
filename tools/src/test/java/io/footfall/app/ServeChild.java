package io.footfall.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.cli.Main;
import io.footfall.site.SensorSecrets;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/**
 * {@code footfall serve} in a child JVM on a data directory with its embedded PostgreSQL, so that a test can kill it
 * with SIGKILL and start it again on the same directory, as an operator would after a crash.
 */
public final class ServeChild {

  /** The password of the {@code admin} user every configuration written here has. */
  public static final String ADMIN_PASSWORD = "an admin passphrase";

  private final Process process;
  private final Path dataDir;
  private final Path log;

  private ServeChild(Process process, Path dataDir, Path log) {
    this.process = process;
    this.dataDir = dataDir;
    this.log = log;
  }

  /**
   * Writes a site file (its sensors' {@code secret} set to the hash of {@code sensorPassword} wherever the text says
   * {@code %SECRET%}), a users file with the admin, and {@code footfall.yaml} with the given extra settings.
   */
  public static Path writeConfig(Path dir, String siteId, String siteYaml, String sensorPassword, String settings)
      throws IOException {
    Path site = dir.resolve(siteId + ".yaml");
    Files.writeString(site, siteYaml.replace("%SECRET%", SensorSecrets.hash(sensorPassword)));
    Path users = dir.resolve("users.yaml");
    InputStream stdin = System.in;
    System.setIn(new ByteArrayInputStream((ADMIN_PASSWORD + "\n").getBytes(StandardCharsets.UTF_8)));
    try {
      assertThat(new CommandLine(new Main()).execute("user", "add", "--file", users.toString(), "--name", "admin",
          "--role", "admin")).as("footfall user add").isZero();
    } finally {
      System.setIn(stdin);
    }
    Path config = dir.resolve("footfall.yaml");
    Files.writeString(config, """
        dataDir: %s
        sites: [%s]
        users: %s
        http: {host: 127.0.0.1, port: 0, pushIntervalMs: 100}
        mqtt: {host: 127.0.0.1, port: 0}
        """.formatted(dir.resolve("unused-data"), site, users) + settings);
    return config;
  }

  /**
   * Starts {@code footfall serve --config CONFIG [args]} on the data directory and ports given, its output in
   * {@code <dir>/child-<name>.log}, once it says it started (60 s at most).
   */
  public static ServeChild start(Path dir, Path config, Path dataDir, int httpPort, int mqttPort, String name,
                                 String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-Xmx384m", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve", "--config",
        config.toString()));
    command.addAll(List.of(args));
    Path log = dir.resolve("child-" + name + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
    builder.environment().put("FOOTFALL_DATA_DIR", dataDir.toString());
    builder.environment().put("FOOTFALL_HTTP_PORT", Integer.toString(httpPort));
    builder.environment().put("FOOTFALL_MQTT_PORT", Integer.toString(mqttPort));
    Process process = builder.start();
    long deadline = System.currentTimeMillis() + 60_000;
    while (!Files.readString(log).contains("footfall node started")) {
      if (!process.isAlive()) {
        keepLogs(dir, "serve-child");
        List<String> lines = Files.readAllLines(log);
        throw new AssertionError("child " + name + " died [exit " + process.exitValue() + "]; its log ends:\n"
            + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size())));
      }
      assertThat(System.currentTimeMillis()).as("child " + name + " started within 60 s").isLessThan(deadline);
      Thread.sleep(100);
    }
    return new ServeChild(process, dataDir, log);
  }

  public Path log() {
    return log;
  }

  /** SIGKILL: nothing of the node's own shutdown runs. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("killed child gone").isTrue();
  }

  /** SIGTERM, so that it stops its PostgreSQL; SIGKILL and the orphaned PostgreSQL after 20 s. */
  public void stop() throws Exception {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    Path pid = dataDir.resolve("pg").resolve("postmaster.pid");
    if (Files.exists(pid)) {
      Optional<ProcessHandle> postgres = ProcessHandle.of(Long.parseLong(Files.readAllLines(pid).get(0).strip()));
      postgres.ifPresent(ProcessHandle::destroy);
    }
  }

  /** The batches the node kept as dead letters under its data directory. */
  public static List<Path> deadLetters(Path dataDir) throws IOException {
    Path letters = dataDir.resolve("dead-letter");
    if (!Files.exists(letters)) {
      return List.of();
    }
    try (var files = Files.walk(letters)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }

  /** The children's logs of a directory, kept under {@code target/<name>} for a look after it is gone. */
  public static void keepLogs(Path dir, String name) throws IOException {
    Path kept = Path.of("target", name);
    Files.createDirectories(kept);
    try (var logs = Files.list(dir)) {
      for (Path log : logs.filter(p -> p.getFileName().toString().endsWith(".log")).toList()) {
        Files.copy(log, kept.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
