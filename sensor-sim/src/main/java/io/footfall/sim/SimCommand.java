package io.footfall.sim;

import picocli.CommandLine.Command;

/** {@code footfall sim}: the mall simulator. */
@Command(name = "sim", mixinStandardHelpOptions = true, description = "Simulate a mall and publish its sensors' sightings.")
public final class SimCommand implements Runnable {

  @Override
  public void run() {
    throw new UnsupportedOperationException("simulator not built yet");
  }
}
