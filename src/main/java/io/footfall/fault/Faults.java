package io.footfall.fault;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;

/**
 * The one place where failures become protocol codes. Anything that is not a {@link FootfallException}
 * is an unexpected server fault: its details stay in the log, never in a response.
 */
public final class Faults {

  private Faults() {
  }

  /** HTTP status for a failure. */
  public static int httpStatus(Throwable failure) {
    if (failure instanceof ClientFault client) {
      return switch (client.kind()) {
        case BAD_INPUT -> 400;
        case UNAUTHENTICATED -> 401;
        case FORBIDDEN -> 403;
        case NOT_FOUND -> 404;
        case TOO_LARGE -> 413;
        case RATE_LIMITED -> 429;
      };
    }
    if (failure instanceof ServerFault server && server.retryable()) {
      return 503;
    }
    return 500;
  }

  /** The message safe to show a client: a client fault's own words, otherwise nothing internal. */
  public static String publicMessage(Throwable failure) {
    if (failure instanceof ClientFault) {
      return failure.getMessage();
    }
    if (failure instanceof ServerFault server && server.retryable()) {
      return "temporarily unavailable, retry later";
    }
    return "internal error";
  }

  /** Short reason token for counters. */
  public static String reason(Throwable failure) {
    return failure instanceof FootfallException f ? f.reason() : "internal";
  }

  /** MQTT CONNACK code for a refused connection. */
  public static MqttConnectReturnCode connectCode(Throwable failure) {
    if (failure instanceof ClientFault client) {
      return switch (client.kind()) {
        case UNAUTHENTICATED -> MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD;
        case FORBIDDEN -> MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED;
        case BAD_INPUT -> MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED;
        case RATE_LIMITED -> MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE;
        default -> MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED;
      };
    }
    return MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE;
  }

  /**
   * MQTT CONNACK code for a refused connection in the client's protocol version: MQTT 5 has codes of its own
   * (0x80 and up), and a 3.1.1 code such as 0x04 is not a valid MQTT 5 reason code.
   */
  public static MqttConnectReturnCode connectCode(Throwable failure, int protocolVersion) {
    MqttConnectReturnCode code = connectCode(failure);
    if (protocolVersion < 5) {
      return code;
    }
    return switch (code) {
      case CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD ->
          MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD;
      case CONNECTION_REFUSED_IDENTIFIER_REJECTED ->
          MqttConnectReturnCode.CONNECTION_REFUSED_CLIENT_IDENTIFIER_NOT_VALID;
      case CONNECTION_REFUSED_SERVER_UNAVAILABLE -> MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE_5;
      default -> MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5;
    };
  }
}
