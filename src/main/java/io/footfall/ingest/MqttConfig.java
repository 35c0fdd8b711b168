package io.footfall.ingest;

/**
 * The MQTT endpoint sensors publish to.
 *
 * @param port            0 picks a free port (the bound one is logged)
 * @param maxPayloadBytes larger publishes are refused and counted (reason {@code too-large})
 * @param maxSightings    most sightings accepted in one batch
 */
public record MqttConfig(String host, int port, int maxPayloadBytes, int maxSightings) {

  public MqttConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("mqtt.port must be 0-65535, got " + port);
    }
    if (maxPayloadBytes < 1024) {
      throw new IllegalArgumentException("mqtt.maxPayloadBytes must be at least 1024, got " + maxPayloadBytes);
    }
    if (maxSightings < 1) {
      throw new IllegalArgumentException("mqtt.maxSightings must be positive, got " + maxSightings);
    }
  }
}
