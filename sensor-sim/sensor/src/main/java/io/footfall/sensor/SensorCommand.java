package io.footfall.sensor;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code footfall sensor}: the WiFi probe-request sensor agent. Captures on a monitor-mode interface (or
 * replays a capture file), turns each probe request into a pseudonymized sighting and publishes one batch per
 * second over MQTT through an on-disk queue, or prints the batches ({@code --stdout}). See docs/sensors.md.
 */
@Command(name = "sensor", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Capture or replay probe requests and publish them.")
public final class SensorCommand implements Callable<Integer> {

  /** The sensor's own jar (footfall-sensor.jar) starts here: the same command as {@code footfall sensor}. */
  public static void main(String[] args) {
    // set before the first logger exists; inside footfall.jar the server's logback.xml is used instead
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "footfall-sensor-log.xml");
    }
    System.exit(new picocli.CommandLine(new SensorCommand()).execute(args));
  }

  /** Where packets come from: exactly one. */
  static final class Source {
    @Option(names = "--iface", paramLabel = "IFACE", description = "Monitor-mode interface to capture on, e.g. wlan0mon.")
    String iface;

    @Option(names = "--read", paramLabel = "FILE", description = "Replay a pcap or pcapng file instead of capturing.")
    Path read;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  @Option(names = "--site", required = true, description = "Site id, e.g. demo-mall.")
  String site;

  @Option(names = "--sensor", required = true, description = "This sensor's id; also the MQTT user name.")
  String sensor;

  @Option(names = "--server", paramLabel = "URL", description = "MQTT server, mqtt://host[:port] (default port 1883).")
  URI server;

  @Option(names = "--password-file", paramLabel = "FILE", description = "File holding this sensor's MQTT password.")
  Path passwordFile;

  @Option(names = "--stdout", description = "Print each batch as one JSON line instead of publishing.")
  boolean stdout;

  @Option(names = "--key-file", paramLabel = "FILE", description = "Site keys for the device pseudonyms.")
  Path keyFile;

  @Option(names = "--repeat-visits", description = "Also send repeat-visit ids of globally administered addresses,"
      + " for first-time vs returning figures. Off by default: a phone's pseudonyms under successive site keys are"
      + " then linkable through its repeat-visit id for up to --repeat-key-days (docs/privacy.md).")
  boolean repeatVisits;

  @Option(names = "--repeat-key-days", defaultValue = "30", paramLabel = "DAYS",
      description = "With --repeat-visits: life of the key behind the repeat-visit ids, the window in which a phone"
          + " stays linkable; every sensor of a site must use the same (default: ${DEFAULT-VALUE}).")
  int repeatKeyDays;

  @Option(names = "--raw-macs", description = "Publish raw MAC addresses instead of pseudonyms (personal data!).")
  boolean rawMacs;

  @Option(names = "--speed", defaultValue = "1", paramLabel = "1|max",
      description = "Replay speed: 1 = original timing, max = as fast as possible (default: ${DEFAULT-VALUE}).")
  String speed;

  @Option(names = "--batch-ms", defaultValue = "1000", description = "Capture time per batch (default: ${DEFAULT-VALUE}).")
  long batchMs;

  @Option(names = "--max-batch", defaultValue = "1000", description = "Most sightings per batch (default: ${DEFAULT-VALUE}).")
  int maxBatch;

  @Option(names = "--queue-dir", defaultValue = "./sensor-queue", description = "On-disk queue (default: ${DEFAULT-VALUE}).")
  Path queueDir;

  @Option(names = "--queue-max-mb", defaultValue = "64", description = "Queue size limit; the oldest batches go first (default: ${DEFAULT-VALUE}).")
  long queueMaxMb;

  @Option(names = "--heartbeat-s", defaultValue = "30", description = "Status re-publish interval (default: ${DEFAULT-VALUE}).")
  int heartbeatS;

  @Spec
  CommandSpec spec;

  private final PrintStream out;

  public SensorCommand() {
    this(System.out);
  }

  /** @param out where {@code --stdout} prints batches */
  public SensorCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() {
    SensorSettings settings = settings();
    try {
      return new SensorAgent(settings, out).run();
    } catch (SensorFailure e) {
      System.err.println("footfall sensor: " + e.getMessage());
      return 1;
    }
  }

  private SensorSettings settings() {
    if (stdout == (server != null)) {
      throw usage("give either --server URL or --stdout");
    }
    if (server != null && passwordFile == null) {
      throw usage("--server needs --password-file");
    }
    if (server != null && !"mqtt".equals(server.getScheme())) {
      throw usage("--server must be mqtt://host[:port]");
    }
    if ((keyFile == null) == !rawMacs) {
      throw usage(rawMacs ? "--raw-macs and --key-file exclude each other"
          : "refusing to publish without a site key: give --key-file (or --raw-macs to publish raw MACs)");
    }
    if (!"1".equals(speed) && !"max".equals(speed)) {
      throw usage("--speed must be 1 or max");
    }
    if (source.read == null && "max".equals(speed)) {
      throw usage("--speed only applies to --read");
    }
    if (repeatVisits && rawMacs) {
      throw usage("--repeat-visits needs --key-file: raw addresses carry no repeat-visit ids");
    }
    if (repeatKeyDays < 1 || repeatKeyDays > 366) {
      throw usage("--repeat-key-days must be within 1..366");
    }
    if (batchMs < 1 || maxBatch < 1 || queueMaxMb < 1 || heartbeatS < 1) {
      throw usage("--batch-ms, --max-batch, --queue-max-mb and --heartbeat-s must be positive");
    }
    return new SensorSettings(source.iface, source.read, site, sensor, server, passwordFile, keyFile, rawMacs,
        "1".equals(speed), batchMs, maxBatch, queueDir, queueMaxMb * 1024 * 1024, heartbeatS * 1000L,
        repeatVisits ? repeatKeyDays : 0);
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
