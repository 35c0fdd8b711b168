package io.footfall.ingest;

/**
 * The MQTT endpoint sensors publish to, and the limits that keep a hostile or broken client from hurting others.
 *
 * @param port                        0 picks a free port (the bound one is logged)
 * @param maxPayloadBytes             larger publishes are refused and counted (reason {@code too-large})
 * @param maxSightings                most sightings accepted in one batch
 * @param maxInFlightBatches          most batches of one site handed to the engine and not yet taken; beyond it
 *                                    QoS 0 batches are dropped and QoS 1 ones refused unacknowledged (reason
 *                                    {@code overload})
 * @param publishesPerSecond          sustained publish rate of one connection; faster publishes are held back
 * @param publishBurst                publishes a connection may send at once before the rate applies
 * @param maxConnectionsPerIp         most open connections from one address
 * @param connectAttemptsPerIpPerMinute most connection attempts from one address per minute
 * @param idleTimeoutSeconds          a connection silent this long is closed (keep-alive is enforced as well)
 * @param connectTimeoutSeconds       a connection that sends no CONNECT within this is closed
 * @param authThreads                 threads of the pool of its own that checks sensor passwords (slow hashes)
 * @param maxPendingAuth              most password checks waiting or running; a connection beyond it is refused
 *                                    with "server unavailable" (reason {@code auth-busy}) before any hashing
 * @param tlsCertPath                 PEM certificate chain; with {@code tlsKeyPath} the endpoint speaks TLS only
 * @param tlsKeyPath                  PEM private key (PKCS#8 or PKCS#1)
 * @param tlsClientCaPath             PEM CA certificates; when set, sensors must present a certificate it signed
 */
public record MqttConfig(String host, int port, int maxPayloadBytes, int maxSightings, int maxInFlightBatches,
                         int publishesPerSecond, int publishBurst, int maxConnectionsPerIp,
                         int connectAttemptsPerIpPerMinute, int idleTimeoutSeconds, int connectTimeoutSeconds,
                         int authThreads, int maxPendingAuth, String tlsCertPath, String tlsKeyPath,
                         String tlsClientCaPath) {

  public MqttConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("mqtt.port must be 0-65535, got " + port);
    }
    if (maxPayloadBytes < 1024) {
      throw new IllegalArgumentException("mqtt.maxPayloadBytes must be at least 1024, got " + maxPayloadBytes);
    }
    positive("maxSightings", maxSightings);
    positive("maxInFlightBatches", maxInFlightBatches);
    positive("publishesPerSecond", publishesPerSecond);
    positive("publishBurst", publishBurst);
    positive("maxConnectionsPerIp", maxConnectionsPerIp);
    positive("connectAttemptsPerIpPerMinute", connectAttemptsPerIpPerMinute);
    positive("idleTimeoutSeconds", idleTimeoutSeconds);
    positive("connectTimeoutSeconds", connectTimeoutSeconds);
    positive("authThreads", authThreads);
    positive("maxPendingAuth", maxPendingAuth);
    if (blank(tlsCertPath) != blank(tlsKeyPath)) {
      throw new IllegalArgumentException("mqtt.tlsCertPath and mqtt.tlsKeyPath must be given together");
    }
    if (!blank(tlsClientCaPath) && blank(tlsCertPath)) {
      throw new IllegalArgumentException("mqtt.tlsClientCaPath needs mqtt.tlsCertPath and mqtt.tlsKeyPath");
    }
  }

  /** The endpoint with the default limits of {@code footfall-defaults.yaml} and no TLS. */
  public MqttConfig(String host, int port, int maxPayloadBytes, int maxSightings) {
    this(host, port, maxPayloadBytes, maxSightings, 256, 20, 100, 100, 120, 180, 10, 2, 256, "", "", "");
  }

  /** A copy with other overload and rate limits. */
  public MqttConfig withLimits(int maxInFlightBatches, int publishesPerSecond, int publishBurst,
                               int maxConnectionsPerIp, int connectAttemptsPerIpPerMinute) {
    return new MqttConfig(host, port, maxPayloadBytes, maxSightings, maxInFlightBatches, publishesPerSecond,
        publishBurst, maxConnectionsPerIp, connectAttemptsPerIpPerMinute, idleTimeoutSeconds, connectTimeoutSeconds,
        authThreads, maxPendingAuth, tlsCertPath, tlsKeyPath, tlsClientCaPath);
  }

  /** A copy with another password-check pool and bound. */
  public MqttConfig withAuth(int authThreads, int maxPendingAuth) {
    return new MqttConfig(host, port, maxPayloadBytes, maxSightings, maxInFlightBatches, publishesPerSecond,
        publishBurst, maxConnectionsPerIp, connectAttemptsPerIpPerMinute, idleTimeoutSeconds, connectTimeoutSeconds,
        authThreads, maxPendingAuth, tlsCertPath, tlsKeyPath, tlsClientCaPath);
  }

  /** A copy speaking TLS with these PEM files; {@code clientCaPath} may be empty (no client certificates). */
  public MqttConfig withTls(String certPath, String keyPath, String clientCaPath) {
    return new MqttConfig(host, port, maxPayloadBytes, maxSightings, maxInFlightBatches, publishesPerSecond,
        publishBurst, maxConnectionsPerIp, connectAttemptsPerIpPerMinute, idleTimeoutSeconds, connectTimeoutSeconds,
        authThreads, maxPendingAuth, certPath, keyPath, clientCaPath);
  }

  public boolean tls() {
    return !blank(tlsCertPath);
  }

  public boolean mutualTls() {
    return !blank(tlsClientCaPath);
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException("mqtt." + name + " must be positive, got " + value);
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
