package io.footfall.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * An MQTT 5 sensor for tests: the Vert.x MQTT client speaks only 3.1.1, so this one writes and reads real MQTT 5
 * packets with Netty's MQTT codec (the one Vert.x uses) over a plain blocking socket.
 */
final class Mqtt5Probe implements AutoCloseable {

  private final Socket socket;
  private final InputStream in;
  /** Encodes outgoing packets and decodes incoming ones; it learns the protocol version from the CONNECT it encodes. */
  private final EmbeddedChannel codec = new EmbeddedChannel(new MqttDecoder(), MqttEncoder.INSTANCE);

  private Mqtt5Probe(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
  }

  /** Opens a TCP connection to footfall's MQTT port; nothing is sent yet. */
  static Mqtt5Probe open(int port) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    socket.setSoTimeout(10_000);
    return new Mqtt5Probe(socket);
  }

  /** Sends an MQTT 5 CONNECT as {@code user} and returns the CONNACK. */
  MqttConnAckMessage connect(String user, String password) throws IOException {
    return connect(login(user, password));
  }

  /** An MQTT 5 CONNECT as {@code user} with a clean start, to adjust before {@link #connect(MqttMessageBuilders.ConnectBuilder)}. */
  static MqttMessageBuilders.ConnectBuilder login(String user, String password) {
    return MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_5).clientId(user + "-v5")
        .cleanSession(true).keepAlive(30).hasUser(true).username(user).hasPassword(true)
        .password(password.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends the CONNECT and returns the CONNACK. */
  MqttConnAckMessage connect(MqttMessageBuilders.ConnectBuilder connect) throws IOException {
    send(connect.build());
    return (MqttConnAckMessage) receive();
  }

  /** Publishes QoS 1 and returns the reason code of the PUBACK. */
  byte publish(String topic, String payload, int packetId) throws IOException {
    send(MqttMessageBuilders.publish().topicName(topic).qos(MqttQoS.AT_LEAST_ONCE).retained(false)
        .messageId(packetId).payload(Unpooled.copiedBuffer(payload, StandardCharsets.UTF_8)).build());
    MqttMessage ack = receive();
    MqttPubReplyMessageVariableHeader header = (MqttPubReplyMessageVariableHeader) ack.variableHeader();
    if (header.messageId() != packetId) {
      throw new IllegalStateException("PUBACK for packet " + header.messageId() + ", expected " + packetId);
    }
    return header.reasonCode();
  }

  @Override
  public void close() throws IOException {
    codec.finishAndReleaseAll();
    socket.close();
  }

  /** Sends raw bytes, whatever they are. */
  void sendBytes(byte[] bytes) throws IOException {
    socket.getOutputStream().write(bytes);
    socket.getOutputStream().flush();
  }

  /** Closes the TCP connection without DISCONNECT, as a sensor losing power would. */
  void drop() throws IOException {
    socket.setSoLinger(true, 0);
    socket.close();
  }

  /** Whether footfall closed the connection (end of stream) within the socket timeout, packets before it skipped. */
  boolean closedByServer() throws IOException {
    try {
      while (true) {
        receive();
      }
    } catch (IOException e) {
      return "footfall closed the connection".equals(e.getMessage()) || e instanceof java.net.SocketException;
    }
  }

  void send(MqttMessage message) throws IOException {
    codec.writeOutbound(message);
    for (ByteBuf encoded = codec.readOutbound(); encoded != null; encoded = codec.readOutbound()) {
      byte[] bytes = new byte[encoded.readableBytes()];
      encoded.readBytes(bytes);
      encoded.release();
      socket.getOutputStream().write(bytes);
    }
    socket.getOutputStream().flush();
  }

  /** Reads until the codec decoded one whole packet; a silent server fails it after the socket timeout. */
  MqttMessage receive() throws IOException {
    byte[] chunk = new byte[4096];
    MqttMessage message = codec.readInbound();
    while (message == null) {
      int read = in.read(chunk);
      if (read < 0) {
        throw new IOException("footfall closed the connection");
      }
      codec.writeInbound(Unpooled.copiedBuffer(chunk, 0, read));
      message = codec.readInbound();
    }
    if (message.decoderResult().isFailure()) {
      throw new IOException("undecodable packet", message.decoderResult().cause());
    }
    return message;
  }
}
