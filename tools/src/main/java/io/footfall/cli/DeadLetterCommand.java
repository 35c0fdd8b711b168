package io.footfall.cli;

import io.footfall.engine.DeadLetters;
import io.footfall.wire.Topics;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Lists the batches a node kept as dead letters (the analytics failed on them) and publishes them again, as their
 * sensors would, once the fault is fixed; a letter published and acknowledged moves to {@code replayed/}.
 */
@Command(name = "dead-letter", mixinStandardHelpOptions = true,
    description = "List the batches kept as dead letters under <dataDir>/dead-letter, or publish them again.")
final class DeadLetterCommand implements Callable<Integer> {

  @Parameters(index = "0", description = "list | replay")
  String action;

  @Option(names = "--data-dir", required = true, description = "The node's data directory.")
  Path dataDir;

  @Option(names = "--mqtt", defaultValue = "mqtt://127.0.0.1:1883",
      description = "The node's MQTT endpoint, for replay (default: ${DEFAULT-VALUE}).")
  URI mqtt;

  @Option(names = "--password-file", description = "For replay: the sensors' password, first line (the demo's is 'demo').")
  Path passwordFile;

  @Override
  public Integer call() throws Exception {
    DeadLetters letters = new DeadLetters(dataDir.resolve("dead-letter"));
    List<Path> files = letters.list().stream().filter(f -> !f.getParent().getFileName().toString().equals("replayed"))
        .toList();
    switch (action) {
      case "list" -> {
        for (Path file : files) {
          JsonObject letter = DeadLetters.read(file);
          System.out.printf("%s  %s/%s seq %d  %d sightings  received %s  %s%n", file.getFileName(),
              letter.getString("site"), letter.getString("sensor"), letter.getLong("seq"),
              letter.getJsonObject("batch").getJsonArray("sightings").size(),
              Instant.ofEpochMilli(letter.getLong("receivedAt")), letter.getString("failure"));
        }
        System.out.println(files.size() + " dead letters");
        return 0;
      }
      case "replay" -> {
        if (passwordFile == null) {
          System.err.println("footfall: replay needs --password-file");
          return 2;
        }
        return replay(files, Files.readAllLines(passwordFile, StandardCharsets.UTF_8).get(0).strip());
      }
      default -> {
        System.err.println("footfall: dead-letter takes list or replay, not " + action);
        return 2;
      }
    }
  }

  private int replay(List<Path> files, String password) throws Exception {
    Vertx vertx = Vertx.vertx();
    int replayed = 0;
    try {
      for (Path file : files) {
        JsonObject letter = DeadLetters.read(file);
        String sensor = letter.getString("sensor");
        MqttClient client = MqttClient.create(vertx, new MqttClientOptions().setClientId("footfall-dead-letter-"
            + sensor).setUsername(sensor).setPassword(password));
        Promise<Void> acknowledged = Promise.promise();
        client.publishCompletionHandler(id -> acknowledged.tryComplete());
        client.connect(mqtt.getPort() < 0 ? 1883 : mqtt.getPort(), mqtt.getHost())
            .compose(ack -> client.publish(Topics.sightings(letter.getString("site"), sensor),
                Buffer.buffer(letter.getJsonObject("batch").encode()), MqttQoS.AT_LEAST_ONCE, false, false))
            .compose(id -> acknowledged.future())
            .compose(v -> client.disconnect())
            .toCompletionStage().toCompletableFuture().get(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS);
        Path done = file.getParent().getParent().resolve("replayed");
        Files.createDirectories(done);
        Files.move(file, done.resolve(file.getFileName()));
        replayed++;
        System.out.println("replayed " + file.getFileName());
      }
    } finally {
      vertx.close();
    }
    System.out.println(replayed + " dead letters replayed");
    return 0;
  }
}
