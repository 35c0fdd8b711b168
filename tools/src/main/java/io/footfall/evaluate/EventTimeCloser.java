package io.footfall.evaluate;

import io.footfall.site.Site;
import io.footfall.wire.Sighting;
import io.footfall.wire.Topics;
import io.footfall.wire.WireEncoder;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes every minute of a replayed run final at once: each sensor publishes one last batch holding a single sighting
 * at {@code closingTs}, at -127 dBm, weaker than any RSSI floor. The engine drops it as weak, but its timestamp moves
 * the sensor's frontier, so the watermark passes the end of the run plus the absence timeout without waiting for
 * the idle clock (which follows the wall clock at real-time speed).
 */
final class EventTimeCloser {

  /** Never sent by a real sensor: the pseudonym of the closing batches' sighting. */
  private static final String CLOSING_DEVICE = "ffffffffffffffff";
  private static final long CLOSING_SEQ = 2_000_000_000L;
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private EventTimeCloser() {
  }

  static void close(Vertx vertx, Site site, URI mqtt, String password, long closingTs) throws Exception {
    for (var sensor : site.sensors()) {
      MqttClient client = MqttClient.create(vertx, new MqttClientOptions()
          .setClientId("footfall-close-" + sensor.id())
          .setUsername(sensor.id())
          .setPassword(password));
      await(client.connect(mqtt.getPort() < 0 ? 1883 : mqtt.getPort(), mqtt.getHost()));
      await(client.publish(Topics.sightings(site.id(), sensor.id()),
          Buffer.buffer(WireEncoder.batch(sensor.id(), CLOSING_SEQ,
              List.of(Sighting.of(CLOSING_DEVICE, -127, closingTs)))),
          MqttQoS.AT_LEAST_ONCE, false, false));
      await(client.disconnect());
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }
}
