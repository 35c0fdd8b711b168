package io.footfall.broker;

import io.netty.handler.codec.mqtt.MqttVersion;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mqtt.MqttClientOptions;

/**
 * An existing MQTT broker (Mosquitto, EMQX...) that footfall subscribes to as a client, in MQTT 3.1.1 or 5
 * ({@code docs/integrations.md}).
 *
 * @param enabled        whether to subscribe at all
 * @param exclusive      when true, footfall's own MQTT endpoint ({@code mqtt.*}) is not started: the broker is the
 *                       only way in for sensors
 * @param host           the broker's host name
 * @param port           its port (1883 plain, 8883 TLS by convention)
 * @param tls            whether to connect with TLS
 * @param trustFile      PEM file of the CA that signed the broker's certificate; empty trusts the JVM's CAs
 * @param username       MQTT username, empty for none
 * @param password       MQTT password, empty for none
 * @param clientId       fixed client id, so that the broker keeps the persistent session across reconnects
 * @param topic          subscription filter; matching topics must still be {@code footfall/v1/{site}/{sensor}/sightings}
 * @param reconnectMinMs first wait before reconnecting; doubles after every failed attempt
 * @param reconnectMaxMs longest wait between reconnect attempts
 * @param protocol       the MQTT version footfall subscribes with: {@code 3.1.1} or {@code 5}
 * @param sessionExpirySec MQTT 5: how long the broker keeps footfall's session, and queues its messages, while
 *                       footfall is away (3.1.1 sessions live until the broker drops them)
 */
public record BrokerConfig(boolean enabled, boolean exclusive, String host, int port, boolean tls, String trustFile,
                           String username, String password, String clientId, String topic, long reconnectMinMs,
                           long reconnectMaxMs, String protocol, long sessionExpirySec) {

  public BrokerConfig {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("broker.port must be 1-65535, got " + port);
    }
    if (enabled && (host == null || host.isBlank())) {
      throw new IllegalArgumentException("broker.host is required when broker.enabled is true");
    }
    if (exclusive && !enabled) {
      throw new IllegalArgumentException("broker.exclusive needs broker.enabled: sensors would have no way in");
    }
    if (clientId == null || clientId.isBlank() || clientId.length() > 23) {
      throw new IllegalArgumentException("broker.clientId must be 1-23 characters (MQTT 3.1.1), got '" + clientId + "'");
    }
    if (topic == null || !topic.startsWith("footfall/v1/")) {
      throw new IllegalArgumentException("broker.topic must be a filter under footfall/v1/, got '" + topic + "'");
    }
    if (!"3.1.1".equals(protocol) && !"5".equals(protocol)) {
      throw new IllegalArgumentException("broker.protocol must be 3.1.1 or 5, got '" + protocol + "'");
    }
    if (sessionExpirySec < 1 || sessionExpirySec > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("broker.sessionExpirySec must be 1-4294967295, got " + sessionExpirySec);
    }
    if (reconnectMinMs < 10 || reconnectMaxMs < reconnectMinMs) {
      throw new IllegalArgumentException("broker.reconnectMinMs must be at least 10 and at most broker.reconnectMaxMs");
    }
  }

  /**
   * How to reach this broker as an MQTT client under {@code id}: credentials, TLS with host-name verification and
   * the trust file, a 30 s keep-alive. Each client adds its own session and flow settings.
   */
  public MqttClientOptions clientOptions(String id) {
    MqttClientOptions options = new MqttClientOptions().setClientId(id).setKeepAliveInterval(30);
    if (!username.isEmpty()) {
      options.setUsername(username).setPassword(password);
    }
    if (tls) {
      options.setSsl(true).setHostnameVerificationAlgorithm("HTTPS");
      if (!trustFile.isEmpty()) {
        options.setTrustOptions(new PemTrustOptions().addCertPath(trustFile));
      }
    }
    return options;
  }

  /** The subscriber's connection: {@link #clientOptions}' socket and credentials, in {@link #protocol}. */
  MqttSubscriber.Settings subscriberSettings(int maxMessageBytes) {
    MqttClientOptions options = clientOptions(clientId);
    return new MqttSubscriber.Settings(options, "5".equals(protocol) ? MqttVersion.MQTT_5 : MqttVersion.MQTT_3_1_1,
        clientId, username, password, options.getKeepAliveInterval(), sessionExpirySec, maxMessageBytes);
  }
}
