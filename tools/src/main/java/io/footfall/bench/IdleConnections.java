package io.footfall.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Heap held per idle sensor connection: {@code count} MQTT connections that only keep alive, opened in batches,
 * with the heap after a full GC compared before and after. In one JVM this counts both ends; measured against a
 * broker in another process (Mosquitto) it counts the client end alone, and the difference is the server's.
 * Each in-process connection takes two file descriptors.
 */
final class IdleConnections {

  private static final int PARALLEL = 200;

  private IdleConnections() {
  }

  /**
   * Heap bytes per connection (both ends when the server is in this JVM), or NaN if none connected or the growth is
   * lost in the noise of the rest of the heap (a few dozen connections beside a running node).
   */
  static double bytesPerConnection(Vertx vertx, String host, int port, int count, String username, String password)
      throws Exception {
    long before = MemoryPhase.usedAfterGc();
    List<MqttClient> clients = new ArrayList<>(count);
    for (int from = 0; from < count; from += PARALLEL) {
      List<Future<?>> connected = new ArrayList<>();
      for (int i = from; i < Math.min(count, from + PARALLEL); i++) {
        MqttClient client = MqttClient.create(vertx, new MqttClientOptions().setClientId(String.format("idle-%06d", i))
            .setUsername(username).setPassword(password).setKeepAliveInterval(300).setCleanSession(true));
        clients.add(client);
        connected.add(client.connect(port, host));
      }
      Future.join(connected).await(60, TimeUnit.SECONDS);
    }
    long open = clients.stream().filter(MqttClient::isConnected).count();
    long after = MemoryPhase.usedAfterGc();
    List<Future<?>> closed = new ArrayList<>();
    clients.stream().filter(MqttClient::isConnected).forEach(c -> closed.add(c.disconnect()));
    Future.join(closed).await(60, TimeUnit.SECONDS);
    return MemoryPhase.growthPer(before, after, open);
  }
}
