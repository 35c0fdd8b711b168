package io.footfall.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code footfall demo}: everything embedded, with a simulated mall publishing over MQTT. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run a live demo mall: MQTT, web dashboard, embedded PostgreSQL and a simulator, nothing to install.")
final class DemoCommand implements Callable<Integer> {

  @Option(names = "--http-port", defaultValue = "8080", description = "HTTP port (0 picks a free one). Default: ${DEFAULT-VALUE}")
  int httpPort;

  @Option(names = "--mqtt-port", defaultValue = "1883", description = "MQTT port (0 picks a free one). Default: ${DEFAULT-VALUE}")
  int mqttPort;

  @Option(names = "--data-dir", defaultValue = "./data", description = "Where the embedded PostgreSQL keeps its data. Default: ${DEFAULT-VALUE}")
  String dataDir;

  @Override
  public Integer call() {
    throw new UnsupportedOperationException("demo not assembled yet");
  }
}
