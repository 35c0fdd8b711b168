package io.footfall.broker;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Mosquitto, started by a test on a free port with a generated configuration: password authentication
 * and on-disk persistence, so that a restart keeps persistent sessions and their queued messages; optionally with
 * TLS on its listener. Tests that need it are skipped when the binary is absent ({@code apt-get install -y
 * mosquitto}).
 */
final class Mosquitto implements AutoCloseable {

  static final String USER = "footfall";
  static final String PASSWORD = "bridge-pw";
  private static final List<Path> BINARIES = List.of(Path.of("/usr/sbin/mosquitto"), Path.of("/usr/bin/mosquitto"));

  private final Path binary;
  private final Path config;
  final int port;
  private Process process;

  private Mosquitto(Path binary, Path config, int port) {
    this.binary = binary;
    this.config = config;
    this.port = port;
  }

  /** Starts a broker keeping its files under {@code dir}; skips the calling test when Mosquitto is not installed. */
  static Mosquitto start(Path dir) throws Exception {
    return start(dir, List.of());
  }

  /** As {@link #start(Path)}, with TLS only on the listener, presenting {@code server}'s certificate. */
  static Mosquitto startTls(Path dir, TestCa.ServerPem server) throws Exception {
    return start(dir, List.of("certfile " + server.cert(), "keyfile " + server.key()));
  }

  private static Mosquitto start(Path dir, List<String> listenerOptions) throws Exception {
    Path binary = BINARIES.stream().filter(Files::isExecutable).findFirst().orElse(null);
    assumeTrue(binary != null, "mosquitto is not installed (apt-get install -y mosquitto): skipping broker tests");
    Path passwords = dir.resolve("passwords");
    Files.writeString(passwords, "");
    run(Path.of("/usr/bin/mosquitto_passwd"), "-b", passwords.toString(), USER, PASSWORD);
    int port = freePort();
    boolean root = "root".equals(System.getProperty("user.name"));
    Path config = Files.writeString(dir.resolve("mosquitto.conf"), String.join("\n",
        "listener " + port + " 127.0.0.1",
        String.join("\n", listenerOptions),
        "allow_anonymous false",
        "password_file " + passwords,
        "persistence true",
        "persistence_location " + dir + "/",
        "log_dest stderr",
        root ? "user root" : "",
        ""));
    Mosquitto broker = new Mosquitto(binary, config, port);
    broker.startProcess();
    return broker;
  }

  /** What the broker logged so far (connections, with each client's protocol version and session flags). */
  String log() throws IOException {
    return Files.readString(config.resolveSibling("mosquitto.log"));
  }

  /** Stops the broker the way an operator does (SIGTERM, which saves the persistence file) and starts it again. */
  void restart() throws Exception {
    stop();
    startProcess();
  }

  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      stop();
    }
  }

  private void startProcess() throws Exception {
    process = new ProcessBuilder(binary.toString(), "-c", config.toString())
        .redirectErrorStream(true)
        .redirectOutput(config.resolveSibling("mosquitto.log").toFile())
        .start();
    awaitListening();
  }

  /** Polls the port until the broker accepts connections; fails if it exits or is not up within 10 s. */
  private void awaitListening() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("mosquitto exited: " + Files.readString(config.resolveSibling("mosquitto.log")));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        TimeUnit.MILLISECONDS.sleep(20);
      }
    }
    throw new IllegalStateException("mosquitto did not listen on port " + port + " within 10 s");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void run(Path binary, String... args) throws Exception {
    String[] command = new String[args.length + 1];
    command[0] = binary.toString();
    System.arraycopy(args, 0, command, 1, args.length);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException(binary + " failed: " + output);
    }
  }
}
