package io.footfall.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/**
 * The figures of one run, printed as a human table followed by one JSON line (always the last line of output) with
 * the headline figures: {@code sightingsPerSec} (highest sustained, full pipeline), {@code p99Ms} (publish to
 * WebSocket at half that rate), {@code bytesPerDevice}, {@code brokerPublishesPerSec} and {@code ratioVsBroker}
 * (null without a broker).
 */
final class BenchResult {

  private final Builder b;

  private BenchResult(Builder b) {
    this.b = b;
  }

  /** Collects the phases' figures as they come. */
  static final class Builder {
    private final BenchOptions options;
    private final double loadAtStart = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    private List<Step> footfall = List.of();
    private List<Step> broker = List.of();
    private String brokerUri;
    private Step held;
    private Histogram ws;
    private int dashboards;
    private long frames;
    private long liveDevices = -1;
    private double liveBytesPerDevice = Double.NaN;
    private JsonObject engineCounters;
    private long ingestAccepted = -1;
    private MemoryPhase.Result memory;
    private final List<IdleConnections.Result> idle = new ArrayList<>();
    private RollupPhase.Result rollups;

    Builder(BenchOptions options) {
      this.options = options;
    }

    void footfallSteps(List<Step> steps) {
      footfall = steps;
    }

    void brokerSteps(String uri, List<Step> steps) {
      brokerUri = uri;
      broker = steps;
    }

    void webSocket(Step step, Histogram latency, int sockets, long frameCount) {
      held = step;
      ws = latency;
      dashboards = sockets;
      frames = frameCount;
    }

    void live(long devices, double bytesPerDevice, JsonObject counters, long accepted) {
      liveDevices = devices;
      liveBytesPerDevice = bytesPerDevice;
      engineCounters = counters;
      ingestAccepted = accepted;
    }

    void idle(IdleConnections.Result result) {
      idle.add(result);
    }

    void memory(MemoryPhase.Result result) {
      memory = result;
    }

    void rollups(RollupPhase.Result result) {
      rollups = result;
    }

    BenchResult build() {
      return new BenchResult(this);
    }
  }

  /** The headline figures; NaN becomes null. */
  JsonObject json() {
    Optional<Step> ff = BenchRun.best(b.footfall);
    Optional<Step> br = BenchRun.best(b.broker);
    // footfall sustaining no step is a ratio of 0; a broker sustaining none leaves it undefined
    Double ratio = b.brokerUri == null || br.isEmpty() ? null
        : round(ff.map(Step::publishesPerSec).orElse(0.0) / br.get().publishesPerSec(), 3);
    return new JsonObject()
        .put("sightingsPerSec", ff.map(s -> round(s.deliveredPerSec(), 0)).orElse(0.0))
        .put("publishesPerSec", ff.map(s -> round(s.publishesPerSec(), 0)).orElse(0.0))
        .put("p50Ms", num(b.ws == null ? Double.NaN : Step.ms(b.ws, 50)))
        .put("p99Ms", num(b.ws == null ? Double.NaN : Step.ms(b.ws, 99)))
        .put("p999Ms", num(b.ws == null ? Double.NaN : Step.ms(b.ws, 99.9)))
        .put("wsRateSightingsPerSec", b.held == null ? null : round(b.held.rate(), 0))
        .put("ingestP99Ms", num(ff.map(Step::p99Ms).orElse(Double.NaN)))
        .put("bytesPerDevice", b.memory == null ? null : num(b.memory.heapBytesPerDevice()))
        .put("engineBytesPerDevice", b.memory == null ? null : num(b.memory.engineBytesPerDevice()))
        .put("memoryDevices", b.memory == null ? null : b.memory.devices())
        .put("liveDevices", b.liveDevices < 0 ? null : b.liveDevices)
        .put("liveHeapBytesPerDevice", num(b.liveBytesPerDevice))
        // against --server only the generator's CPU is seen, which is no figure of footfall's
        .put("cpuSecPerMillionSightings", b.options.server() != null ? null
            : num(ff.map(Step::cpuSecPerMillion).orElse(Double.NaN)))
        .put("brokerPublishesPerSec", b.brokerUri == null ? null : br.map(s -> round(s.publishesPerSec(), 0)).orElse(0.0))
        .put("brokerSightingsPerSec", b.brokerUri == null ? null : br.map(s -> round(s.deliveredPerSec(), 0)).orElse(0.0))
        .put("brokerP99Ms", num(br.map(Step::p99Ms).orElse(Double.NaN)))
        .put("brokerCpuSecPerMillionSightings", num(br.map(Step::cpuSecPerMillion).orElse(Double.NaN)))
        .put("ratioVsBroker", ratio)
        .put("idleConnections", b.idle.isEmpty() ? 0 : b.idle.get(0).opened())
        .put("idleBytesPerConnection", b.idle.isEmpty() ? null : num(b.idle.get(0).bytesPerConnection()))
        .put("idle", new JsonArray(b.idle.stream().map(r -> new JsonObject().put("requested", r.requested())
            .put("opened", r.opened()).put("bytesPerConnection", num(r.bytesPerConnection())).put("limit", r.limit()))
            .toList()))
        .put("rollupZones", b.rollups == null ? null : b.rollups.zones())
        .put("rollupWorstMs", b.rollups == null ? null : num(b.rollups.worstMs()))
        .put("rollupRowsPerSec", b.rollups == null ? null : num(b.rollups.rowsPerSec()))
        .put("engineCounters", b.engineCounters)
        .put("maxP99Ms", b.options.maxP99Ms())
        .put("minDeliveredPercent", b.options.minDeliveredPercent())
        .put("qos", b.options.qos())
        .put("sensors", b.options.sensors())
        .put("batchSize", b.options.batchSize())
        .put("devices", b.options.devices())
        .put("dashboards", b.dashboards)
        .put("analytics", b.options.analytics())
        .put("stepSec", b.options.durationSec())
        .put("cores", Runtime.getRuntime().availableProcessors())
        .put("loadAverageAtStart", num(b.loadAtStart))
        .put("loadAverageAtEnd", num(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
  }

  /** The table, then the JSON line last. */
  void print(PrintStream out) {
    out.println();
    out.printf("footfall bench: %d sensors, %d sightings/publish, QoS %d, %d devices, %d dashboards, %d s steps%s%n",
        b.options.sensors(), b.options.batchSize(), b.options.qos(), b.options.devices(), b.options.dashboards(),
        b.options.durationSec(), b.options.analytics() ? "" : ", analytics OFF (ingest only)");
    out.printf("machine: %d cores, load average %.2f at start (figures are low and noisy on a busy machine)%n",
        Runtime.getRuntime().availableProcessors(), b.loadAtStart);
    steps(out, "footfall" + (b.options.server() == null ? " (in-process, publish -> engine)" : " (publish -> PUBACK)"),
        b.footfall);
    if (b.brokerUri != null) {
      steps(out, "broker " + b.brokerUri + " (publish -> subscriber)", b.broker);
    }
    if (b.ws != null) {
      out.printf("%npublish -> WebSocket at %.0f sightings/s, %d dashboards, %d frames, %d probe switches timed:"
              + " p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms%n",
          b.held.rate(), b.dashboards, b.frames, b.ws.getTotalCount(), Step.ms(b.ws, 50), Step.ms(b.ws, 99),
          Step.ms(b.ws, 99.9), b.ws.getMaxValue() / 1000.0);
    }
    if (b.liveDevices >= 0) {
      out.printf("live node: %d devices present, %.0f heap bytes per device (whole node, after full GC), "
          + "ingest accepted %d sightings, engine counters %s%n", b.liveDevices, b.liveBytesPerDevice,
          b.ingestAccepted, b.engineCounters);
    }
    if (b.memory != null) {
      double heap = b.memory.heapBytesPerDevice();
      out.printf("heap per device at %d devices: %s (after full GC), engine estimate %.1f bytes%n",
          b.memory.devices(), Double.isNaN(heap) ? "lost in the heap's noise, use more --memory-devices"
              : String.format("%.1f bytes", heap), b.memory.engineBytesPerDevice());
    }
    for (IdleConnections.Result idle : b.idle) {
      out.printf("idle connections (%d of %d requested, clients in another process): footfall's end %s%s%n",
          idle.opened(), idle.requested(), Double.isNaN(idle.bytesPerConnection()) ? "lost in the heap's noise"
              : String.format("%.0f heap bytes each", idle.bytesPerConnection()),
          idle.limit() == null ? "" : "; lowered by the " + idle.limit());
    }
    if (b.rollups != null) {
      out.printf("rollups: %d minutes x %d zones through the writer: mean %.0f ms, worst %.0f ms per minute, %.0f rows/s%n",
          b.rollups.minutes(), b.rollups.zones(), b.rollups.meanMs(), b.rollups.worstMs(), b.rollups.rowsPerSec());
    }
    sideBySide(out);
    out.println(json().encode());
  }

  private static void steps(PrintStream out, String title, List<Step> steps) {
    out.printf("%n%s%n", title);
    out.printf("%12s %12s %12s %10s %9s %7s %8s %8s %8s %9s %8s  %s%n", "rate/s", "sent/s", "delivered/s", "pub/s",
        "deliv%", "late", "p50 ms", "p99 ms", "p99.9", "genlag99", "cpu s/M", "verdict");
    for (Step s : steps) {
      out.printf("%12.0f %12.0f %12.0f %10.0f %9.3f %7d %8.1f %8.1f %8.1f %9.1f %8.2f  %s%n", s.rate(), s.sentPerSec(),
          s.deliveredPerSec(), s.publishesPerSec(), s.deliveredRatio() * 100, s.late(), Step.ms(s.latencyMicros(), 50),
          s.p99Ms(), Step.ms(s.latencyMicros(), 99.9), s.lagMs(99), s.cpuSecPerMillion(), s.verdict());
    }
  }

  private void sideBySide(PrintStream out) {
    Optional<Step> ff = BenchRun.best(b.footfall);
    Optional<Step> br = BenchRun.best(b.broker);
    out.printf("%n%-48s %14s %14s %8s%n", String.format("highest sustained (>=%.1f%% delivered, p99<=%.0fms)",
        b.options.minDeliveredPercent(), b.options.maxP99Ms()), "footfall",
        b.brokerUri == null ? "-" : "broker", "ratio");
    double fp = ff.map(Step::publishesPerSec).orElse(0.0);
    double bp = br.map(Step::publishesPerSec).orElse(0.0);
    out.printf("%-48s %14.0f %14s %8s%n", "publishes/s", fp, b.brokerUri == null ? "-" : String.format("%.0f", bp),
        b.brokerUri == null || bp == 0 ? "-" : String.format("%.2f", fp / bp));
    out.printf("%-48s %14.0f %14s%n", "sightings/s", ff.map(Step::deliveredPerSec).orElse(0.0),
        b.brokerUri == null ? "-" : String.format("%.0f", br.map(Step::deliveredPerSec).orElse(0.0)));
    out.printf("%-48s %14.2f %14s%n", "CPU s per million sightings", ff.map(Step::cpuSecPerMillion).orElse(Double.NaN),
        b.brokerUri == null ? "-" : String.format("%.2f", br.map(Step::cpuSecPerMillion).orElse(Double.NaN)));
  }

  private static Double num(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? null : round(v, 2);
  }

  private static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }
}
