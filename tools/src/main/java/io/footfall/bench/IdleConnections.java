package io.footfall.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Heap held by footfall per idle sensor connection: {@code count} MQTT connections that only keep alive, opened by a
 * child JVM ({@link IdleClients}), so that the heap of this JVM (the node's) grows by the server's end alone; the
 * heap after a full GC is compared before the clients connect and while they are connected. (Measured both ends in
 * one JVM and the client end against Mosquitto, the difference of two large figures came out negative once.)
 *
 * <p>Each connection takes one file descriptor here and one in the child. The child raises its soft open-file limit
 * to the hard one before starting; no process can raise its hard limit without {@code CAP_SYS_RESOURCE}, so a count
 * the limits cannot hold is lowered to what they can, and the result says so.
 */
final class IdleConnections {

  private static final Logger LOG = LoggerFactory.getLogger(IdleConnections.class);
  static final int PARALLEL = 200;
  /** Descriptors kept free in each process for everything else (jars, sockets, PostgreSQL, the child's JVM). */
  private static final int SPARE_DESCRIPTORS = 200;

  /**
   * @param requested   connections asked for
   * @param opened      connections the child held open while the heap was measured
   * @param bytesPerConnection footfall's heap per connection, NaN when none opened or the growth was lost in noise
   * @param limit       why fewer than requested were opened (the open-file limit), or null
   */
  record Result(int requested, long opened, double bytesPerConnection, String limit) {
  }

  private IdleConnections() {
  }

  /** Opens {@code count} idle connections from a child JVM to the server at {@code host:port} and measures them. */
  static Result serverEnd(String host, int port, int requested, String username, String password) throws Exception {
    long limit = openFileLimit(Path.of("/proc/self/limits")).orElse(Long.MAX_VALUE);
    long inUse = openDescriptors();
    // the server's ends are here beside what is open already; the child starts with at least this limit
    long fits = limit - inUse - SPARE_DESCRIPTORS;
    int count = (int) Math.max(0, Math.min(requested, fits));
    String capped = count < requested ? "open-file limit " + limit + " (" + inUse + " in use by the node and the"
        + " bench; raising a hard limit needs CAP_SYS_RESOURCE)" : null;
    if (capped != null) {
      LOG.warn("idle connections lowered [requested: {}, opened: {}, reason: {}]", requested, count, capped);
    }
    long before = MemoryPhase.usedAfterGc();
    Process child = startChild(host, port, count, username, password);
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line = out.readLine();
      long opened = line == null || !line.startsWith("connected ") ? 0 : Long.parseLong(line.split(" ")[1]);
      if (opened < count) {
        LOG.warn("idle clients did not all connect [requested: {}, connected: {}, child said: {}]", count, opened,
            line);
      }
      long after = MemoryPhase.usedAfterGc();
      child.getOutputStream().close();
      return new Result(requested, opened, MemoryPhase.growthPer(before, after, opened), capped);
    } finally {
      if (!child.waitFor(60, TimeUnit.SECONDS)) {
        child.destroyForcibly();
      }
    }
  }

  /** The child: this JVM's classpath, its soft open-file limit raised to the hard one, its logs discarded. */
  private static Process startChild(String host, int port, int count, String username, String password)
      throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String command = "ulimit -n \"$(ulimit -Hn)\" 2>/dev/null; exec \"$0\" \"$@\"";
    ProcessBuilder builder = new ProcessBuilder("sh", "-c", command, java, "-Xmx1g", "-cp",
        System.getProperty("java.class.path"), IdleClients.class.getName(), host, Integer.toString(port),
        Integer.toString(count), username)
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put(IdleClients.PASSWORD_ENV, password);
    return builder.start();
  }

  /** Opens {@code count} keep-alive-only connections, {@link #PARALLEL} at a time. */
  static List<MqttClient> open(Vertx vertx, String host, int port, int count, String username, String password) {
    List<MqttClient> clients = new ArrayList<>(count);
    for (int from = 0; from < count; from += PARALLEL) {
      List<Future<?>> connected = new ArrayList<>();
      for (int i = from; i < Math.min(count, from + PARALLEL); i++) {
        MqttClient client = MqttClient.create(vertx, new MqttClientOptions().setClientId(String.format("idle-%06d", i))
            .setUsername(username).setPassword(password).setKeepAliveInterval(300).setCleanSession(true));
        clients.add(client);
        connected.add(client.connect(port, host));
      }
      try {
        Future.join(connected).await(60, TimeUnit.SECONDS);
      } catch (Exception e) {
        // some did not connect (the server's or this process's descriptors ran out): counted by the caller
        break;
      }
    }
    return clients;
  }

  /** The soft "Max open files" of a {@code /proc/<pid>/limits} file, if it names one. */
  static Optional<Long> openFileLimit(Path limits) {
    try (Stream<String> lines = Files.lines(limits)) {
      return lines.filter(l -> l.startsWith("Max open files")).findFirst()
          .map(l -> l.substring("Max open files".length()).trim().split("\\s+")[0])
          .filter(v -> v.chars().allMatch(Character::isDigit))
          .map(Long::parseLong);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static long openDescriptors() {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
