package io.footfall.fault;

/**
 * Root of footfall's two kinds of failure: {@link ClientFault} (the caller sent something wrong and
 * retrying the same thing will not help) and {@link ServerFault} (footfall could not do its part).
 * {@link Faults} maps both to MQTT and HTTP codes in one place.
 */
public abstract sealed class FootfallException extends RuntimeException permits ClientFault, ServerFault {

  private final String reason;

  protected FootfallException(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /** A short stable token for counters and logs, such as {@code schema} or {@code auth}. */
  public String reason() {
    return reason;
  }
}
