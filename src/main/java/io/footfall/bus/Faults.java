package io.footfall.bus;

import io.footfall.fault.ClientFault;
import io.footfall.fault.FootfallException;
import io.footfall.fault.ServerFault;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
import io.vertx.mqtt.messages.codes.MqttSubAckReasonCode;

/**
 * The one place where failures become protocol codes. Anything that is not a {@link FootfallException}
 * is an unexpected server fault: its details stay in the log, never in a response.
 */
public final class Faults {

  /** Reasons of {@link ClientFault.Kind#UNSUPPORTED} faults that MQTT 5 has a code of its own for. */
  public static final String RETAIN = "retain";
  public static final String QOS = "qos";
  public static final String SHARED_SUBSCRIPTION = "shared-subscription";
  public static final String WILDCARD_SUBSCRIPTION = "wildcard-subscription";
  public static final String SUBSCRIPTION_IDENTIFIER = "subscription-identifier";

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
        case UNSUPPORTED -> 400;
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
    if (failure instanceof ClientFault client && client.kind() == ClientFault.Kind.UNSUPPORTED) {
      return switch (client.reason()) {
        case RETAIN -> MqttConnectReturnCode.CONNECTION_REFUSED_RETAIN_NOT_SUPPORTED;
        case QOS -> MqttConnectReturnCode.CONNECTION_REFUSED_QOS_NOT_SUPPORTED;
        default -> MqttConnectReturnCode.CONNECTION_REFUSED_IMPLEMENTATION_SPECIFIC;
      };
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

  /** MQTT 5 PUBACK reason for a refused publish (3.1.1 acknowledgements carry none). */
  public static MqttPubAckReasonCode pubAckCode(Throwable failure) {
    if (failure instanceof ClientFault client) {
      return switch (client.kind()) {
        case FORBIDDEN, UNAUTHENTICATED -> MqttPubAckReasonCode.NOT_AUTHORIZED;
        case TOO_LARGE, RATE_LIMITED -> MqttPubAckReasonCode.QUOTA_EXCEEDED;
        default -> MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID;
      };
    }
    return MqttPubAckReasonCode.UNSPECIFIED_ERROR;
  }

  /**
   * PUBACK code of a batch the engine took ({@code SUCCESS}) or kept as a dead letter because its analytics failed
   * on it ({@code 0x83} implementation specific error: kept, and re-sending it would fail the same way).
   */
  public static MqttPubAckReasonCode pubAckCodeOfTaken(boolean deadLetter) {
    return deadLetter ? MqttPubAckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR : MqttPubAckReasonCode.SUCCESS;
  }

  /**
   * SUBACK code for a refused subscription in the client's protocol version: MQTT 3.1.1 knows only 0x80 (failure);
   * MQTT 5 says why (shared or wildcard subscriptions not supported, otherwise not authorized).
   */
  public static MqttSubAckReasonCode subAckCode(Throwable failure, int protocolVersion) {
    if (protocolVersion < 5) {
      return MqttSubAckReasonCode.UNSPECIFIED_ERROR;
    }
    if (failure instanceof ClientFault client && client.kind() == ClientFault.Kind.UNSUPPORTED) {
      return switch (client.reason()) {
        case SHARED_SUBSCRIPTION -> MqttSubAckReasonCode.SHARED_SUBSCRIPTIONS_NOT_SUPPORTED;
        case WILDCARD_SUBSCRIPTION -> MqttSubAckReasonCode.WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED;
        default -> MqttSubAckReasonCode.NOT_AUTHORIZED;
      };
    }
    return MqttSubAckReasonCode.NOT_AUTHORIZED;
  }

  /** MQTT 5 DISCONNECT reason when footfall closes a connection because of a failure. */
  public static MqttDisconnectReasonCode disconnectCode(Throwable failure) {
    if (failure instanceof ClientFault client) {
      return switch (client.kind()) {
        case TOO_LARGE -> MqttDisconnectReasonCode.PACKET_TOO_LARGE;
        case RATE_LIMITED -> MqttDisconnectReasonCode.MESSAGE_RATE_TOO_HIGH;
        case UNSUPPORTED -> switch (client.reason()) {
          case RETAIN -> MqttDisconnectReasonCode.RETAIN_NOT_SUPPORTED;
          case QOS -> MqttDisconnectReasonCode.QOS_NOT_SUPPORTED;
          case SUBSCRIPTION_IDENTIFIER -> MqttDisconnectReasonCode.SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED;
          default -> MqttDisconnectReasonCode.IMPLEMENTATION_SPECIFIC_ERROR;
        };
        case FORBIDDEN, UNAUTHENTICATED -> MqttDisconnectReasonCode.NOT_AUTHORIZED;
        case BAD_INPUT -> MqttDisconnectReasonCode.MALFORMED_PACKET;
        default -> MqttDisconnectReasonCode.PROTOCOL_ERROR;
      };
    }
    if (failure instanceof ServerFault server && server.retryable()) {
      return MqttDisconnectReasonCode.SERVER_BUSY;
    }
    return MqttDisconnectReasonCode.UNSPECIFIED_ERROR;
  }
}
