package io.footfall.bench;

import io.footfall.auth.DemoUsers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code footfall bench}: an open-loop MQTT load against footfall (in this JVM by default) and, with
 * {@code --against}, the same load against another broker as a publish-to-subscribe relay. Prints a table and, as
 * its last line, one JSON object with the headline figures. {@code docs/performance.md} explains every figure.
 * {@code --quick} is the side-by-side check of a change to the hot path (short steps against a Mosquitto it starts);
 * {@code --update-docs} writes the run's figures into the tables of the README and {@code docs/performance.md}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Load-test footfall (and optionally an MQTT broker) and print the figures, JSON last.")
public final class BenchCommand implements Callable<Integer> {

  @Option(names = "--sensors", defaultValue = "200", description = "Sensor connections. Default: ${DEFAULT-VALUE}")
  int sensors;

  @Option(names = "--batch", defaultValue = "20", description = "Sightings per publish. Default: ${DEFAULT-VALUE}")
  int batch;

  @Option(names = "--qos", defaultValue = "0", description = "0 or 1. Default: ${DEFAULT-VALUE}")
  int qos;

  @Option(names = "--window", defaultValue = "32",
      description = "Publishes in flight per connection before the generator skips (counted as lost). Default: ${DEFAULT-VALUE}")
  int window;

  @Option(names = "--devices", defaultValue = "200000", description = "Active devices of the load. Default: ${DEFAULT-VALUE}")
  int devices;

  @Option(names = "--dwell-sightings", defaultValue = "50",
      description = "About how many sightings a device stays near one sensor before moving. Default: ${DEFAULT-VALUE}")
  int dwellSightings;

  @Option(names = "--rate", defaultValue = "20000", description = "First step, sightings/s. Default: ${DEFAULT-VALUE}")
  double rate;

  @Option(names = "--max-rate", defaultValue = "1000000", description = "Last step at most, sightings/s. Default: ${DEFAULT-VALUE}")
  double maxRate;

  @Option(names = "--step-factor", defaultValue = "1.5", description = "Rate multiplier between steps. Default: ${DEFAULT-VALUE}")
  double stepFactor;

  @Option(names = "--refine-steps", defaultValue = "2", description = "Steps between the last sustained rate and the"
      + " first that was not, each halving the interval, so the highest sustained rate is known closer than"
      + " --step-factor. Default: ${DEFAULT-VALUE}")
  int refineSteps;

  @Option(names = "--confirm-steps", defaultValue = "1", description = "Times a step that was not sustained is run"
      + " again before the search takes it as the limit; every run is in the table. Default: ${DEFAULT-VALUE}")
  int confirmSteps;

  @Option(names = "--duration", defaultValue = "10", description = "Seconds per step. Default: ${DEFAULT-VALUE}")
  int duration;

  @Option(names = "--warmup", defaultValue = "5", description = "Seconds of warm-up before the first step. Default: ${DEFAULT-VALUE}")
  int warmup;

  @Option(names = "--dashboards", defaultValue = "50", description = "WebSocket dashboard clients. Default: ${DEFAULT-VALUE}")
  int dashboards;

  @Option(names = "--lanes", defaultValue = "1", description = "Generator event loops. Default: ${DEFAULT-VALUE}")
  int lanes;

  @Option(names = "--probe-period-ms", defaultValue = "1500",
      description = "How often the probe device changes zone; above the node's engine.burstMs (1000), or the"
          + " switches fall into one burst and are not decided. Default: ${DEFAULT-VALUE}")
  long probePeriodMs;

  @Option(names = "--lateness-ms", defaultValue = "100",
      description = "engine.allowedLatenessMs of the node under test. Default: ${DEFAULT-VALUE}")
  long latenessMs;

  @Option(names = "--no-analytics", description = "Ingest only: no engine, web or rollups (the transport comparison).")
  boolean noAnalytics;

  @Option(names = "--memory-devices", defaultValue = "1000000",
      description = "Devices of the heap-per-device phase. Default: ${DEFAULT-VALUE}")
  int memoryDevices;

  @Option(names = "--rollup-zones", defaultValue = "10000", description = "Zones per rollup minute. Default: ${DEFAULT-VALUE}")
  int rollupZones;

  @Option(names = "--rollup-minutes", defaultValue = "5", description = "Rollup minutes written. Default: ${DEFAULT-VALUE}")
  int rollupMinutes;

  @Option(names = "--idle-connections", defaultValue = "5000,20000", split = ",",
      description = "Idle sensor connections whose heap is measured (0 skips; in-process each takes 2 file descriptors)."
          + " Default: ${DEFAULT-VALUE}")
  List<Integer> idleConnections;

  @Option(names = "--max-p99-ms", defaultValue = "50",
      description = "A step is sustained only with p99 latency at most this. Default: ${DEFAULT-VALUE}")
  double maxP99Ms;

  @Option(names = "--min-delivered", defaultValue = "99.9",
      description = "A step is sustained only with at least this %% delivered. Default: ${DEFAULT-VALUE}")
  double minDelivered;

  @Option(names = "--against", description = "Also load this broker as a publish -> subscribe relay: mqtt://host:port")
  String against;

  @Option(names = "--start-mosquitto",
      description = "Start /usr/sbin/mosquitto on a free port for the run and compare against it.")
  boolean startMosquitto;

  @Option(names = "--server", description = "Load an already running footfall at mqtt://host:port instead of one in this JVM"
      + " (it must serve the site of --write-site; QoS 1, a PUBACK is the delivery).")
  String server;

  @Option(names = "--server-http", description = "That server's http://host:port, for the dashboards and the probe.")
  String serverHttp;

  @Option(names = "--sensor-password", description = "Password of the bench sensors on --server (default: demo).")
  String sensorPassword;

  @Option(names = "--login", defaultValue = "admin:" + DemoUsers.PASSWORD,
      description = "NAME:PASSWORD of a footfall user for the dashboards' WebSockets. Default: the demo admin.")
  String login;

  @Option(names = "--write-site", description = "Only write the bench site file (for --server) into this directory.")
  Path writeSite;

  @Option(names = "--quick", description = "A check in under two minutes of footfall's sustained rate and its ratio"
      + " to Mosquitto (started for the run): short steps, doubling, few dashboards, small memory, rollup and idle"
      + " phases; an option given explicitly still wins.")
  boolean quick;

  @Option(names = "--update-docs", arity = "0..1", fallbackValue = ".", paramLabel = "REPO",
      description = "After the run, write its figures, stamped with date, commit, machine and load, into the tables"
          + " of REPO/README.md and REPO/docs/performance.md (REPO: the checkout, default the current directory)."
          + " Needs a broker to compare with (--start-mosquitto or --against).")
  Path updateDocs;

  @Spec
  CommandSpec spec;

  /** What {@code --quick} sets, unless given on the command line. */
  static final Map<String, String> QUICK = Map.ofEntries(
      Map.entry("--rate", "40000"), Map.entry("--step-factor", "2"), Map.entry("--refine-steps", "1"),
      Map.entry("--confirm-steps", "0"), Map.entry("--duration", "4"), Map.entry("--warmup", "2"),
      Map.entry("--dashboards", "5"), Map.entry("--memory-devices", "100000"), Map.entry("--rollup-zones", "1000"),
      Map.entry("--rollup-minutes", "1"), Map.entry("--idle-connections", "0"));

  @Override
  public Integer call() throws Exception {
    if (writeSite != null) {
      Files.createDirectories(writeSite);
      SyntheticSite.write(writeSite, sensors, sensorPassword);
      System.out.println(SyntheticSite.file(writeSite));
      return 0;
    }
    if (quick) {
      applyQuickDefaults();
    }
    if (updateDocs != null && against == null && !startMosquitto) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--update-docs needs a broker to compare with: --start-mosquitto or --against");
    }
    if (updateDocs != null && !Files.isRegularFile(updateDocs.resolve("README.md"))) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--update-docs: no README.md in " + updateDocs.toAbsolutePath());
    }
    BenchOptions options = new BenchOptions(sensors, batch, server != null ? 1 : qos, window, devices, dwellSightings,
        rate, maxRate, stepFactor, refineSteps, confirmSteps, duration, warmup, dashboards, lanes, probePeriodMs, latenessMs, !noAnalytics,
        memoryDevices, rollupZones, rollupMinutes, idleConnections, maxP99Ms, minDelivered, server, serverHttp, against, startMosquitto);
    BenchResult result = new BenchRun(options, sensorPassword, login).run();
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    result.print(new PrintStream(printed, true, StandardCharsets.UTF_8));
    System.out.print(printed.toString(StandardCharsets.UTF_8));
    if (updateDocs != null) {
      DocsUpdate.write(updateDocs, result.json(), printed.toString(StandardCharsets.UTF_8), stamp());
      System.err.println("bench: figures written to " + updateDocs.resolve("README.md") + " and "
          + updateDocs.resolve("docs/performance.md"));
    }
    return 0;
  }

  /** Sets each option of {@link #QUICK} not given explicitly, through picocli so that it is converted as typed. */
  private void applyQuickDefaults() {
    CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
    QUICK.forEach((name, value) -> {
      if (!parsed.hasMatchedOption(name)) {
        Class<?> type = spec.findOption(name).type();
        spec.findOption(name).setValue(type == int.class ? (Object) Integer.parseInt(value)
            : type == List.class ? (Object) List.of(Integer.parseInt(value)) : (Object) Double.parseDouble(value));
      }
    });
    startMosquitto = startMosquitto || against == null;
  }

  private DocsUpdate.Stamp stamp() {
    // the heap limit changes the figures; the original arguments begin with the subcommand's name
    String jvm = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("-Xm") || a.startsWith("-XX:+Use")).collect(Collectors.joining(" "));
    String command = "java " + (jvm.isEmpty() ? "" : jvm + " ") + "-jar target/footfall.jar " + String.join(" ",
        spec.commandLine().getParseResult().originalArgs());
    return new DocsUpdate.Stamp(LocalDate.now(ZoneOffset.UTC).toString(), commit(updateDocs),
        Runtime.getRuntime().availableProcessors(), cpuModel(), command.strip());
  }

  /** The checkout's commit, marked when its tracked files differ from it: the figures are of what ran. */
  private static String commit(Path repo) {
    String head = git(repo, "rev-parse", "--short", "HEAD");
    if (head.isEmpty()) {
      return "unknown";
    }
    return git(repo, "status", "--porcelain", "--untracked-files=no").isEmpty() ? head
        : head + " with uncommitted changes";
  }

  private static String git(Path repo, String... args) {
    try {
      Process p = new ProcessBuilder(Stream.concat(Stream.of("git", "-C", repo.toString()), Stream.of(args)).toList())
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "";
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  private static String cpuModel() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).strip())
          .findFirst().orElse("cpu model unknown");
    } catch (IOException | RuntimeException e) {
      return "cpu model unknown";
    }
  }
}
