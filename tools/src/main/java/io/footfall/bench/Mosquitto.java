package io.footfall.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Mosquitto broker (Debian's {@code mosquitto} package) started for one run on a free localhost port with a
 * generated configuration: anonymous access, queues deep enough that a slow subscriber is measured rather than
 * silently dropped at 1 000 messages, no persistence. Stopped with the run.
 */
final class Mosquitto implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Mosquitto.class);
  private static final Path BINARY = Path.of("/usr/sbin/mosquitto");

  private final Process process;
  private final int port;

  private Mosquitto(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static Mosquitto start(Path dir) throws IOException, InterruptedException {
    if (!Files.isExecutable(BINARY)) {
      throw new IOException(BINARY + " not found: apt-get install -y mosquitto");
    }
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Path config = dir.resolve("mosquitto.conf");
    Files.writeString(config, String.join("\n",
        "listener " + port + " 127.0.0.1",
        "allow_anonymous true",
        "persistence false",
        "max_queued_messages 1000000",
        "max_inflight_messages 0",
        "log_type error",
        ""));
    Process process = new ProcessBuilder(BINARY.toString(), "-c", config.toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("mosquitto.log").toFile())
        .start();
    Mosquitto broker = new Mosquitto(process, port);
    broker.awaitPort();
    LOG.info("mosquitto started [port: {}, pid: {}]", port, process.pid());
    return broker;
  }

  int port() {
    return port;
  }

  /** The broker's process, for its CPU time. */
  Process process() {
    return process;
  }

  private void awaitPort() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("mosquitto exited with " + process.exitValue());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    close();
    throw new IOException("mosquitto did not listen on port " + port + " within 10 s");
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
