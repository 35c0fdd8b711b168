package io.footfall.fault;

/** The caller sent something footfall refuses: bad JSON, a wrong schema, bad credentials, a forbidden topic. */
public final class ClientFault extends FootfallException {

  private final Kind kind;

  /**
   * What sort of refusal this is; decides the protocol code. {@code UNSUPPORTED}: a protocol feature footfall does
   * not offer (MQTT subscriptions, retained messages, QoS 2 under MQTT 5); its reason names the feature.
   */
  public enum Kind { BAD_INPUT, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, TOO_LARGE, RATE_LIMITED, UNSUPPORTED }

  public ClientFault(Kind kind, String reason, String message) {
    super(reason, message, null);
    this.kind = kind;
  }

  public static ClientFault badInput(String reason, String message) {
    return new ClientFault(Kind.BAD_INPUT, reason, message);
  }

  public static ClientFault forbidden(String message) {
    return new ClientFault(Kind.FORBIDDEN, "forbidden", message);
  }

  public static ClientFault notFound(String message) {
    return new ClientFault(Kind.NOT_FOUND, "not-found", message);
  }

  public Kind kind() {
    return kind;
  }
}
