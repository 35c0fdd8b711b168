package io.footfall.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.mqtt.MqttClient;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The client end of {@link IdleConnections}, in a JVM of its own: opens the connections, prints
 * {@code connected N} on one line, holds them until its standard input is closed, then exits. Arguments: host,
 * port, count, username; the password comes in the environment ({@link #PASSWORD_ENV}), out of the process list.
 */
public final class IdleClients {

  static final String PASSWORD_ENV = "FOOTFALL_BENCH_PASSWORD";

  private IdleClients() {
  }

  public static void main(String[] args) throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    List<MqttClient> clients = IdleConnections.open(vertx, args[0], Integer.parseInt(args[1]),
        Integer.parseInt(args[2]), args[3], System.getenv(PASSWORD_ENV));
    System.out.println("connected " + clients.stream().filter(MqttClient::isConnected).count());
    System.out.flush();
    while (System.in.read() >= 0) {
      // held open until the parent has measured and closes our input
    }
    vertx.close().await(30, TimeUnit.SECONDS);
    System.exit(0);
  }
}
