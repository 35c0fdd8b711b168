package io.footfall.broker;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * One connection of a subscribing MQTT client, in MQTT 3.1.1 or 5, on Netty's MQTT codec over a Vert.x socket.
 * vertx-mqtt's client always connects as 3.1.1; this one does only what the broker bridge needs (connect with a
 * persistent session, subscribe at QoS 1, receive, acknowledge, keep alive, disconnect) in either version.
 *
 * <p>In MQTT 5 a session outlives the connection only for the session expiry interval given at connect; in 3.1.1
 * a session that is not clean lives until the broker drops it. Not thread-safe: used from its verticle's context.
 */
final class MqttSubscriber {

  /** A received PUBLISH; its payload is copied out of Netty's buffer. */
  record Message(String topic, byte[] payload, MqttQoS qos, boolean dup, int packetId) {
  }

  /** How to connect: the socket options (TLS...) and what goes into CONNECT. */
  record Settings(NetClientOptions socket, MqttVersion version, String clientId, String username, String password,
                  int keepAliveSec, long sessionExpirySec, int maxMessageBytes) {
  }

  private final Vertx vertx;
  private final Settings settings;
  private NetClient client;
  private NetSocketInternal socket;
  private Promise<Void> connected;
  private Promise<Void> subscribed;
  private int subscribeId;
  private int nextPacketId = 1;
  private long keepAliveTimer = -1;
  private long lastHeardMs;
  private boolean open;
  private boolean established;
  private Consumer<Message> messageHandler = m -> { };
  private Runnable closeHandler = () -> { };

  MqttSubscriber(Vertx vertx, Settings settings) {
    this.vertx = vertx;
    this.settings = settings;
  }

  MqttSubscriber messageHandler(Consumer<Message> handler) {
    this.messageHandler = handler;
    return this;
  }

  /** Called once when a connection the broker had accepted closes, for whatever reason. */
  MqttSubscriber closeHandler(Runnable handler) {
    this.closeHandler = handler;
    return this;
  }

  boolean isConnected() {
    return open;
  }

  /** Opens the socket and sends CONNECT; completes when the broker accepted it. */
  Future<Void> connect(int port, String host) {
    client = vertx.createNetClient(settings.socket());
    connected = Promise.promise();
    return client.connect(port, host)
        .compose(s -> {
          socket = (NetSocketInternal) s;
          open = true;
          lastHeardMs = System.currentTimeMillis();
          initPipeline();
          socket.messageHandler(this::received);
          socket.closeHandler(v -> closed());
          socket.exceptionHandler(e -> socket.close());
          socket.writeMessage(connectMessage());
          return connected.future();
        })
        .onFailure(failure -> closeQuietly());
  }

  /** Subscribes to one filter at QoS 1; fails when the broker refuses it. */
  Future<Void> subscribe(String filter) {
    subscribed = Promise.promise();
    subscribeId = packetId();
    socket.writeMessage(MqttMessageBuilders.subscribe().messageId(subscribeId)
        .addSubscription(MqttQoS.AT_LEAST_ONCE, filter).build());
    return subscribed.future();
  }

  /** Acknowledges a QoS 1 message, so that the broker does not send it again. */
  void acknowledge(Message message) {
    if (open && message.qos() == MqttQoS.AT_LEAST_ONCE) {
      socket.writeMessage(MqttMessageBuilders.pubAck().packetId(message.packetId()).build());
    }
  }

  /** A clean DISCONNECT: the broker keeps the session, and drops the will if there were one. */
  Future<Void> disconnect() {
    if (!open) {
      return Future.succeededFuture();
    }
    MqttMessage disconnect = settings.version() == MqttVersion.MQTT_5
        ? MqttMessageBuilders.disconnect().reasonCode((byte) 0).build()
        : new MqttMessage(new MqttFixedHeader(MqttMessageType.DISCONNECT, false, MqttQoS.AT_MOST_ONCE, false, 0));
    return socket.writeMessage(disconnect).compose(v -> socket.close());
  }

  private void initPipeline() {
    ChannelPipeline pipeline = socket.channelHandlerContext().pipeline();
    pipeline.addBefore("handler", "mqttEncoder", MqttEncoder.INSTANCE);
    // the encoder records the version of the CONNECT it writes; the decoder reads replies in that version
    pipeline.addBefore("handler", "mqttDecoder", new MqttDecoder(settings.maxMessageBytes()));
  }

  private MqttMessage connectMessage() {
    MqttMessageBuilders.ConnectBuilder connect = MqttMessageBuilders.connect()
        .protocolVersion(settings.version())
        .clientId(settings.clientId())
        .cleanSession(false)
        .keepAlive(settings.keepAliveSec());
    if (settings.username() != null && !settings.username().isEmpty()) {
      connect.hasUser(true).username(settings.username())
          .hasPassword(true).password(settings.password().getBytes(StandardCharsets.UTF_8));
    }
    if (settings.version() == MqttVersion.MQTT_5) {
      MqttProperties properties = new MqttProperties();
      properties.add(new MqttProperties.IntegerProperty(MqttPropertyType.SESSION_EXPIRY_INTERVAL.value(),
          (int) Math.min(settings.sessionExpirySec(), 0xFFFF_FFFFL)));
      // the broker drops what is larger instead of sending it and having the decoder fail the connection
      properties.add(new MqttProperties.IntegerProperty(MqttPropertyType.MAXIMUM_PACKET_SIZE.value(),
          settings.maxMessageBytes()));
      connect.properties(properties);
    }
    return connect.build();
  }

  private void received(Object msg) {
    lastHeardMs = System.currentTimeMillis();
    try {
      if (msg instanceof MqttMessage message && message.decoderResult().isFailure()) {
        fail(new IllegalStateException("undecodable packet: " + message.decoderResult().cause().getMessage()));
      } else if (msg instanceof MqttPublishMessage publish) {
        ByteBuf payload = publish.payload();
        messageHandler.accept(new Message(publish.variableHeader().topicName(), ByteBufUtil.getBytes(payload),
            publish.fixedHeader().qosLevel(), publish.fixedHeader().isDup(), publish.variableHeader().packetId()));
      } else if (msg instanceof MqttConnAckMessage ack) {
        connAck(ack);
      } else if (msg instanceof MqttSubAckMessage ack) {
        subAck(ack);
      } else if (msg instanceof MqttMessage message
          && message.fixedHeader().messageType() == MqttMessageType.DISCONNECT) {
        // an MQTT 5 broker says why it closes (a session taken over, a server shutting down...)
        socket.close();
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void connAck(MqttConnAckMessage ack) {
    MqttConnectReturnCode code = ack.variableHeader().connectReturnCode();
    if (code != MqttConnectReturnCode.CONNECTION_ACCEPTED) {
      fail(new IllegalStateException(String.format("broker refused the connection (0x%02x %s)", code.byteValue(),
          code.name().replace("CONNECTION_REFUSED_", "").replaceAll("_5$", "").replace('_', ' ').toLowerCase())));
      return;
    }
    established = true;
    startKeepAlive();
    connected.tryComplete();
  }

  private void subAck(MqttSubAckMessage ack) {
    if (ack.variableHeader().messageId() != subscribeId || subscribed == null) {
      return;
    }
    int code = ack.payload().reasonCodes().get(0);
    if (code >= 0x80) {
      subscribed.tryFail(new IllegalStateException(String.format("broker refused the subscription (0x%02x)", code)));
    } else {
      subscribed.tryComplete();
    }
  }

  /** PINGREQ at the keep-alive interval; a broker silent for one and a half intervals is gone. */
  private void startKeepAlive() {
    long intervalMs = settings.keepAliveSec() * 1000L;
    if (intervalMs <= 0) {
      return;
    }
    keepAliveTimer = vertx.setPeriodic(intervalMs, id -> {
      if (System.currentTimeMillis() - lastHeardMs > intervalMs * 3 / 2) {
        fail(new IllegalStateException("no answer from the broker for " + intervalMs * 3 / 2 + " ms"));
      } else {
        socket.writeMessage(new MqttMessage(
            new MqttFixedHeader(MqttMessageType.PINGREQ, false, MqttQoS.AT_MOST_ONCE, false, 0)));
      }
    });
  }

  private void fail(Throwable failure) {
    connected.tryFail(failure);
    if (subscribed != null) {
      subscribed.tryFail(failure);
    }
    socket.close();
  }

  private void closed() {
    boolean wasEstablished = established;
    open = false;
    established = false;
    vertx.cancelTimer(keepAliveTimer);
    connected.tryFail("connection closed");
    if (subscribed != null) {
      subscribed.tryFail("connection closed");
    }
    client.close();
    if (wasEstablished) {
      closeHandler.run();
    }
  }

  private void closeQuietly() {
    if (socket != null && open) {
      socket.close();
    } else if (client != null) {
      client.close();
    }
  }

  private int packetId() {
    int id = nextPacketId;
    nextPacketId = nextPacketId == 0xFFFF ? 1 : nextPacketId + 1;
    return id;
  }
}
