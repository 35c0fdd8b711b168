package io.footfall.ingest;

import static io.footfall.ingest.MqttTestClient.await;
import static io.footfall.ingest.MqttTestClient.login;
import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.bus.Addresses;
import io.footfall.bus.Codecs;
import io.footfall.bus.NodeHealth;
import io.footfall.wire.SightingBatch;
import io.footfall.wire.Topics;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;
import io.vertx.mqtt.messages.codes.MqttSubAckReasonCode;
import io.vertx.mqtt.messages.codes.MqttUnsubAckReasonCode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What an MQTT client that is not one of footfall's sensors meets on the ingest-only endpoint, over real MQTT 3.1.1
 * (Vert.x client) and MQTT 5 (raw packets): refused subscriptions that are answered, the limits stated in the CONNACK
 * and enforced, client ids assigned and taken over, and oversize frames answered and counted.
 */
@ExtendWith(VertxExtension.class)
class IngestMqttProtocolTest {

  private static final int MAX_PAYLOAD = 2048;

  private final IngestCounters counters = new IngestCounters();
  private int port;

  @BeforeEach
  void deploy(Vertx vertx) throws Throwable {
    Codecs.register(vertx);
    vertx.eventBus().<SightingBatch>consumer(Addresses.ENGINE_SIGHTINGS, m -> m.reply(null)).completion().await();
    IngestVerticle ingest = new IngestVerticle(new MqttConfig("127.0.0.1", 0, MAX_PAYLOAD, 100),
        List.of(IngestVerticleTest.site()), false, new NodeHealth(), counters);
    vertx.deployVerticle(ingest).await();
    port = ingest.actualPort();
  }

  @Test
  void anMqtt5SubscriptionIsRefusedInItsSubackWithTheReasonOfEachFilter() throws Exception {
    try (Mqtt5Probe sensor = Mqtt5Probe.open(port)) {
      sensor.connect("s-01", "pw-one");

      sensor.send(MqttMessageBuilders.subscribe().messageId(7)
          .addSubscription(MqttQoS.AT_LEAST_ONCE, "footfall/v1/mall-a/s-01/status")
          .addSubscription(MqttQoS.AT_MOST_ONCE, "footfall/v1/+/s-01/#")
          .addSubscription(MqttQoS.AT_MOST_ONCE, "$share/group/footfall/v1/mall-a/s-01/status").build());
      MqttSubAckMessage suback = (MqttSubAckMessage) sensor.receive();

      assertThat(suback.idAndPropertiesVariableHeader().messageId()).isEqualTo(7);
      assertThat(suback.payload().reasonCodes()).containsExactly(
          (int) MqttSubAckReasonCode.NOT_AUTHORIZED.value() & 0xff,
          (int) MqttSubAckReasonCode.WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED.value() & 0xff,
          (int) MqttSubAckReasonCode.SHARED_SUBSCRIPTIONS_NOT_SUPPORTED.value() & 0xff);
      assertThat(counters.sensor("mall-a/s-01").rejected("subscribe")).isEqualTo(1);
      assertThat(counters.sensor("mall-a/s-01").rejected("wildcard-subscription")).isEqualTo(1);
      assertThat(counters.sensor("mall-a/s-01").rejected("shared-subscription")).isEqualTo(1);

      sensor.send(MqttMessageBuilders.unsubscribe().messageId(8).addTopicFilter("footfall/v1/+/s-01/#").build());
      MqttUnsubAckMessage unsuback = (MqttUnsubAckMessage) sensor.receive();
      assertThat(unsuback.payload().unsubscribeReasonCodes())
          .containsExactly((short) MqttUnsubAckReasonCode.NO_SUBSCRIPTION_EXISTED.value());
    }
  }

  @Test
  void anMqtt5SubscriptionWithAnIdentifierIsDisconnectedSinceTheConnackSaidThereAreNone() throws Exception {
    try (Mqtt5Probe sensor = Mqtt5Probe.open(port)) {
      sensor.connect("s-01", "pw-one");
      MqttProperties withIdentifier = new MqttProperties();
      withIdentifier.add(new MqttProperties.IntegerProperty(
          MqttProperties.MqttPropertyType.SUBSCRIPTION_IDENTIFIER.value(), 1));

      sensor.send(MqttMessageBuilders.subscribe().messageId(3).properties(withIdentifier)
          .addSubscription(MqttQoS.AT_MOST_ONCE, "footfall/v1/mall-a/s-01/status").build());

      assertThat(disconnectReason(sensor.receive()))
          .isEqualTo(MqttDisconnectReasonCode.SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED.value());
      assertThat(counters.sensor("mall-a/s-01").rejected("subscription-identifier")).isEqualTo(1);
    }
  }

  @Test
  void anMqtt311SubscriptionIsAnsweredWithTheFailureCode(Vertx vertx) throws Throwable {
    MqttTestClient sensor = await(MqttTestClient.connect(vertx, port, login("s-01", "pw-one")));
    Promise<List<Integer>> suback = Promise.promise();
    sensor.client.subscribeCompletionHandler(ack -> suback.tryComplete(ack.grantedQoSLevels()));

    await(sensor.client.subscribe("footfall/v1/mall-a/s-01/status", 1));

    assertThat(await(suback.future())).containsExactly(0x80);
    await(sensor.client.unsubscribe("footfall/v1/mall-a/s-01/status"));
    assertThat(sensor.client.isConnected()).isTrue();
  }

  @Test
  void theMqtt5ConnackStatesTheEndpointsLimits() throws Exception {
    try (Mqtt5Probe sensor = Mqtt5Probe.open(port)) {
      MqttProperties stated = sensor.connect("s-01", "pw-one").variableHeader().properties();

      assertThat(stated.getProperty(MqttProperties.MqttPropertyType.RETAIN_AVAILABLE.value()).value()).isEqualTo(0);
      assertThat(stated.getProperty(MqttProperties.MqttPropertyType.MAXIMUM_QOS.value()).value()).isEqualTo(1);
      assertThat(stated.getProperty(MqttProperties.MqttPropertyType.MAXIMUM_PACKET_SIZE.value()).value())
          .isEqualTo(MAX_PAYLOAD * 4);
      assertThat(stated.getProperty(MqttProperties.MqttPropertyType.WILDCARD_SUBSCRIPTION_AVAILABLE.value()).value())
          .isEqualTo(0);
      assertThat(stated.getProperty(MqttProperties.MqttPropertyType.SUBSCRIPTION_IDENTIFIER_AVAILABLE.value()).value())
          .isEqualTo(0);
      assertThat(stated.getProperty(MqttProperties.MqttPropertyType.SHARED_SUBSCRIPTION_AVAILABLE.value()).value())
          .isEqualTo(0);
      assertThat(stated.getProperty(MqttProperties.MqttPropertyType.ASSIGNED_CLIENT_IDENTIFIER.value())).isNull();
    }
  }

  @Test
  void anMqtt5ClientWithAnEmptyClientIdIsToldTheIdItWasGiven() throws Exception {
    try (Mqtt5Probe sensor = Mqtt5Probe.open(port)) {
      MqttConnAckMessage connack = sensor.connect(Mqtt5Probe.login("s-01", "pw-one").clientId(""));

      assertThat(connack.variableHeader().connectReturnCode()).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
      Object assigned = connack.variableHeader().properties()
          .getProperty(MqttProperties.MqttPropertyType.ASSIGNED_CLIENT_IDENTIFIER.value()).value();
      assertThat((String) assigned).startsWith("s-01-").hasSizeGreaterThan(10);
    }
  }

  /**
   * MQTT 5 allows an empty client id with Clean Start 0, but Vert.x MQTT 5.0.7 refuses it before footfall sees the
   * connection (docs/wire-format.md, known deviation). When this fails, the library stopped doing so: assign an id
   * and drop the deviation from the docs.
   */
  @Test
  void anMqtt5EmptyClientIdWithoutCleanStartIsStillRefusedByVertxMqtt() throws Exception {
    try (Mqtt5Probe sensor = Mqtt5Probe.open(port)) {
      MqttConnAckMessage connack = sensor.connect(Mqtt5Probe.login("s-01", "pw-one").clientId("").cleanSession(false));

      assertThat(connack.variableHeader().connectReturnCode())
          .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_CLIENT_IDENTIFIER_NOT_VALID);
      assertThat(counters.rejected("client-id")).isEqualTo(1);
    }
  }

  @Test
  void aSecondMqtt5ConnectionWithTheSameClientIdTakesTheFirstOver() throws Exception {
    try (Mqtt5Probe first = Mqtt5Probe.open(port); Mqtt5Probe second = Mqtt5Probe.open(port)) {
      first.connect(Mqtt5Probe.login("s-01", "pw-one").clientId("s-01-uplink"));

      MqttConnAckMessage connack = second.connect(Mqtt5Probe.login("s-01", "pw-one").clientId("s-01-uplink"));

      assertThat(connack.variableHeader().connectReturnCode()).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
      assertThat(disconnectReason(first.receive())).isEqualTo(MqttDisconnectReasonCode.SESSION_TAKEN_OVER.value());
      assertThat(first.closedByServer()).isTrue();
      assertThat(second.publish(Topics.sightings("mall-a", "s-01"), MqttTestClient.batch("s-01", 1, 1), 1))
          .isZero();
    }
  }

  @Test
  void aSecondMqtt311ConnectionWithTheSameClientIdClosesTheFirst(Vertx vertx) throws Throwable {
    MqttTestClient first = await(MqttTestClient.connect(vertx, port, login("s-01", "pw-one").setClientId("uplink")));

    MqttTestClient second = await(MqttTestClient.connect(vertx, port, login("s-01", "pw-one").setClientId("uplink")));

    await(first.closed());
    assertThat(second.client.isConnected()).isTrue();
  }

  @Test
  void anotherSensorWithTheSameClientIdNeitherCutsTheFirstOffNorIsKeptOut(Vertx vertx) throws Throwable {
    MqttTestClient owner = await(MqttTestClient.connect(vertx, port, login("s-01", "pw-one").setClientId("uplink")));

    MqttTestClient other = await(MqttTestClient.connect(vertx, port, login("s-02", "pw-two").setClientId("uplink")));

    await(owner.publish(Topics.sightings("mall-a", "s-01"), Buffer.buffer(MqttTestClient.batch("s-01", 1, 1)),
        MqttQoS.AT_LEAST_ONCE));
    assertThat(owner.client.isConnected()).isTrue();
    assertThat(other.client.isConnected()).isTrue();
  }

  @Test
  void anMqtt5PublishBeyondTheStatedLimitsIsDisconnectedWithItsReason() throws Exception {
    try (Mqtt5Probe retaining = Mqtt5Probe.open(port); Mqtt5Probe qos2 = Mqtt5Probe.open(port)) {
      retaining.connect("s-01", "pw-one");
      qos2.connect(Mqtt5Probe.login("s-02", "pw-two"));

      retaining.send(MqttMessageBuilders.publish().topicName(Topics.status("mall-a", "s-01")).retained(true)
          .qos(MqttQoS.AT_LEAST_ONCE).messageId(1).payload(Unpooled.copiedBuffer("{}", StandardCharsets.UTF_8))
          .build());
      qos2.send(MqttMessageBuilders.publish().topicName(Topics.sightings("mall-a", "s-02")).retained(false)
          .qos(MqttQoS.EXACTLY_ONCE).messageId(1)
          .payload(Unpooled.copiedBuffer("{not json", StandardCharsets.UTF_8)).build());

      assertThat(disconnectReason(retaining.receive())).isEqualTo(MqttDisconnectReasonCode.RETAIN_NOT_SUPPORTED.value());
      assertThat(disconnectReason(qos2.receive())).isEqualTo(MqttDisconnectReasonCode.QOS_NOT_SUPPORTED.value());
      assertThat(counters.sensor("mall-a/s-01").rejected("retain")).isEqualTo(1);
      assertThat(counters.sensor("mall-a/s-02").rejected("qos")).isEqualTo(1);
    }
  }

  @Test
  void anMqtt5WillThatWouldBeRetainedIsRefusedAtConnect() throws Exception {
    try (Mqtt5Probe sensor = Mqtt5Probe.open(port)) {
      MqttConnAckMessage connack = sensor.connect(Mqtt5Probe.login("s-01", "pw-one").willFlag(true)
          .willTopic(Topics.status("mall-a", "s-01")).willMessage("{\"state\":\"offline\"}".getBytes())
          .willQoS(MqttQoS.AT_LEAST_ONCE).willRetain(true));

      assertThat(connack.variableHeader().connectReturnCode())
          .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_RETAIN_NOT_SUPPORTED);
    }
  }

  @Test
  void aFrameOverTheCodecLimitIsCountedAndAnMqtt5SensorToldThePacketWasTooLarge() throws Exception {
    try (Mqtt5Probe sensor = Mqtt5Probe.open(port)) {
      sensor.connect("s-01", "pw-one");

      sensor.send(MqttMessageBuilders.publish().topicName(Topics.sightings("mall-a", "s-01")).retained(false)
          .qos(MqttQoS.AT_LEAST_ONCE).messageId(1).payload(Unpooled.wrappedBuffer(new byte[MAX_PAYLOAD * 4 + 1]))
          .build());

      assertThat(disconnectReason(sensor.receive())).isEqualTo(MqttDisconnectReasonCode.PACKET_TOO_LARGE.value());
      assertThat(sensor.closedByServer()).isTrue();
      assertThat(counters.sensor("mall-a/s-01").rejected("frame-too-large")).isEqualTo(1);
    }
  }

  @Test
  void aMalformedPacketIsCountedAndAnMqtt5SensorToldWhy() throws Exception {
    try (Mqtt5Probe sensor = Mqtt5Probe.open(port)) {
      sensor.connect("s-01", "pw-one");

      // packet type 0 is reserved
      sensor.sendBytes(new byte[] {0x00, 0x00});

      assertThat(disconnectReason(sensor.receive())).isEqualTo(MqttDisconnectReasonCode.MALFORMED_PACKET.value());
      assertThat(counters.sensor("mall-a/s-01").rejected("protocol")).isEqualTo(1);
    }
  }

  private static byte disconnectReason(MqttMessage message) {
    assertThat(message.fixedHeader().messageType()).isEqualTo(MqttMessageType.DISCONNECT);
    return ((MqttReasonCodeAndPropertiesVariableHeader) message.variableHeader()).reasonCode();
  }
}
