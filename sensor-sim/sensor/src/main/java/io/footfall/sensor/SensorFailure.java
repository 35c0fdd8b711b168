package io.footfall.sensor;

/** A condition that stops the agent with a message meant for the operator (printed, not logged with a trace). */
public final class SensorFailure extends RuntimeException {

  public SensorFailure(String message) {
    super(message);
  }

  public SensorFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
