package io.footfall.fault;

/** A configuration footfall refuses to start with; the message names the setting. */
public final class InvalidConfigException extends RuntimeException {

  public InvalidConfigException(String message) {
    super(message);
  }
}
