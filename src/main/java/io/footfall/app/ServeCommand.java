package io.footfall.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code footfall serve}: a production node from a configuration file. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run a footfall node from a configuration file.")
final class ServeCommand implements Callable<Integer> {

  @Option(names = "--config", required = true, description = "YAML configuration file (see docs/configuration.md).")
  Path config;

  @Override
  public Integer call() {
    throw new UnsupportedOperationException("serve not assembled yet");
  }
}
