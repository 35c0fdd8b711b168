package io.footfall.fault;

/** footfall could not do its part (database down, engine overloaded); the caller may retry later. */
public final class ServerFault extends FootfallException {

  private final boolean retryable;

  public ServerFault(String reason, String message, boolean retryable, Throwable cause) {
    super(reason, message, cause);
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }
}
