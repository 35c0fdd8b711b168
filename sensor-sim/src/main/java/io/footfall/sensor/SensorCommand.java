package io.footfall.sensor;

import picocli.CommandLine.Command;

/** {@code footfall sensor}: the WiFi probe-request sensor agent. */
@Command(name = "sensor", mixinStandardHelpOptions = true, description = "Capture or replay probe requests and publish them.")
public final class SensorCommand implements Runnable {

  @Override
  public void run() {
    throw new UnsupportedOperationException("sensor agent not built yet");
  }
}
