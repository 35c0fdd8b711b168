package io.footfall.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.bus.Addresses;
import io.footfall.bus.Codecs;
import io.footfall.bus.NodeHealth;
import io.footfall.wire.Sighting;
import io.footfall.wire.SightingBatch;
import io.footfall.wire.Topics;
import io.footfall.wire.WireEncoder;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Sensors speaking MQTT 5 to footfall's own endpoint: accepted, acknowledged, and told why with v5 reason codes. */
@ExtendWith(VertxExtension.class)
class IngestMqtt5Test {

  private static final long TS = 1_732_838_400_000L;

  private final List<SightingBatch> engineReceived = new CopyOnWriteArrayList<>();
  private int port;

  @BeforeEach
  void deploy(Vertx vertx) throws Exception {
    Codecs.register(vertx);
    vertx.eventBus().<SightingBatch>consumer(Addresses.ENGINE_SIGHTINGS, m -> {
      engineReceived.add(m.body());
      m.reply(null);
    });
    IngestVerticle ingest = new IngestVerticle(new MqttConfig("127.0.0.1", 0, 2048, 100),
        List.of(IngestVerticleTest.site()), false, new NodeHealth(), new IngestCounters());
    vertx.deployVerticle(ingest).await(10, TimeUnit.SECONDS);
    port = ingest.actualPort();
  }

  @Test
  void acceptsAnMqtt5SensorAndAcknowledgesItsBatchOnceTheEngineTookIt() throws Exception {
    try (Mqtt5Probe sensor = Mqtt5Probe.open(port)) {
      MqttConnAckMessage connack = sensor.connect("s-01", "pw-one");
      assertThat(connack.variableHeader().connectReturnCode()).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);

      byte reason = sensor.publish(Topics.sightings("mall-a", "s-01"), batch("s-01", 1), 1);

      assertThat(reason).isEqualTo(MqttPubAckReasonCode.SUCCESS.value());
      assertThat(engineReceived).singleElement().satisfies(b -> {
        assertThat(b.sensor).isEqualTo("s-01");
        assertThat(b.size).isEqualTo(2);
      });
    }
  }

  @Test
  void tellsAnMqtt5SensorWhyABatchWasRefusedInThePuback() throws Exception {
    try (Mqtt5Probe sensor = Mqtt5Probe.open(port)) {
      sensor.connect("s-01", "pw-one");

      byte otherSensorsTopic = sensor.publish(Topics.sightings("mall-a", "s-02"), batch("s-02", 1), 1);
      byte notJson = sensor.publish(Topics.sightings("mall-a", "s-01"), "{not json", 2);

      assertThat(otherSensorsTopic).isEqualTo(MqttPubAckReasonCode.NOT_AUTHORIZED.value());
      assertThat(notJson).isEqualTo(MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID.value());
      assertThat(engineReceived).isEmpty();
    }
  }

  @Test
  void refusesAnMqtt5SensorWithAWrongPasswordWithTheMqtt5ReasonCode() throws Exception {
    try (Mqtt5Probe sensor = Mqtt5Probe.open(port)) {
      MqttConnAckMessage connack = sensor.connect("s-01", "wrong");

      assertThat(connack.variableHeader().connectReturnCode())
          .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD);
    }
  }

  private static String batch(String sensor, long seq) {
    return WireEncoder.batch(sensor, seq, List.of(Sighting.of("00000000000000a1", -60, TS),
        Sighting.of("00000000000000a2", -61, TS + 1)));
  }
}
