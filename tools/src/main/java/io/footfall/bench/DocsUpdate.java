package io.footfall.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code footfall bench --update-docs}: writes the figures of the run just made into the tables of {@code README.md}
 * and {@code docs/performance.md}, between the markers {@code <!-- bench:NAME:start -->} and
 * {@code <!-- bench:NAME:end -->}, stamped with the date, the commit, the machine, its load at the start and the end,
 * the command and Mosquitto's figure of the same run, so that no table says more than one command measured.
 * Everything outside the markers (the prose that reads the figures) stays as written.
 */
final class DocsUpdate {

  static final String README_TABLE = "readme";
  static final String TARGETS_TABLE = "targets";
  static final String LATEST_RUN = "latest";

  /** Where and how the run was made. */
  record Stamp(String date, String commit, int cores, String cpu, String command) {
  }

  private DocsUpdate() {
  }

  /**
   * Rewrites the marked blocks of {@code README.md} and {@code docs/performance.md} under {@code root}.
   *
   * @throws IllegalStateException when a file lacks a marker, before anything is written
   */
  static void write(Path root, JsonObject figures, String printed, Stamp stamp) throws IOException {
    Path readme = root.resolve("README.md");
    Path performance = root.resolve("docs/performance.md");
    String readmeText = replace(Files.readString(readme), README_TABLE, readmeTable(figures, stamp));
    String performanceText = replace(Files.readString(performance), TARGETS_TABLE, targetsTable(figures, stamp));
    performanceText = replace(performanceText, LATEST_RUN, latestRun(figures, printed, stamp));
    Files.writeString(readme, readmeText, StandardCharsets.UTF_8);
    Files.writeString(performance, performanceText, StandardCharsets.UTF_8);
  }

  /** {@code text} with what lies between the block's two markers replaced by {@code content}. */
  static String replace(String text, String block, String content) {
    String start = "<!-- bench:" + block + ":start -->";
    String end = "<!-- bench:" + block + ":end -->";
    int from = text.indexOf(start);
    int to = text.indexOf(end);
    if (from < 0 || to < from) {
      throw new IllegalStateException("no block " + start + " ... " + end + " to update");
    }
    return text.substring(0, from + start.length()) + "\n" + content + text.substring(to);
  }

  static String readmeTable(JsonObject f, Stamp stamp) {
    return header(f, stamp) + " ([docs/performance.md](docs/performance.md) has the method and the full tables).\n\n"
        + "| | footfall | goal |\n"
        + "|---|---|---|\n"
        + "| sightings/s sustained, full pipeline (zones, live push, rollups), nothing dropped, p99 <= "
        + number(f.getDouble("maxP99Ms"), 0) + " ms | " + kilo(f.getDouble("sightingsPerSec")) + " | 250k (stretch 500k) |\n"
        + "| against Mosquitto's relay of the same load in the same run (" + kilo(f.getDouble("brokerSightingsPerSec"))
        + " sightings/s) | " + times(f.getDouble("ratioVsBroker")) + " | 0.5x |\n"
        + "| CPU s per million sightings at that rate (Mosquitto: " + number(f.getDouble("brokerCpuSecPerMillionSightings"), 2)
        + ") | " + number(f.getDouble("cpuSecPerMillionSightings"), 1) + " | 5 |\n"
        + "| publish -> dashboard p99, at half the sustained rate | " + ms(f.getDouble("p99Ms")) + " | 25 ms |\n"
        + "| heap per active device at " + count(f.getInteger("memoryDevices")) + " devices | "
        + bytes(f.getDouble("bytesPerDevice")) + " | 64 bytes |\n"
        + "| a minute of rollups for " + count(f.getInteger("rollupZones")) + " zones into PostgreSQL, worst | "
        + ms(f.getDouble("rollupWorstMs")) + " | 2 s |\n"
        + "| heap per idle sensor connection, footfall's end (clients in another process) | " + idle(f)
        + " | 10 KB |\n";
  }

  static String targetsTable(JsonObject f, Stamp stamp) {
    Double sustained = f.getDouble("sightingsPerSec");
    Double ratio = f.getDouble("ratioVsBroker");
    Double cpu = f.getDouble("cpuSecPerMillionSightings");
    Double ws = f.getDouble("p99Ms");
    Double heap = f.getDouble("bytesPerDevice");
    Double rollup = f.getDouble("rollupWorstMs");
    return header(f, stamp) + ".\n\n"
        + "| target (2-core machine, generator on it) | goal | measured | status |\n"
        + "|---|---|---|---|\n"
        + "| sustained ingest, full pipeline, nothing dropped | >= 250k sightings/s (stretch 500k) | "
        + kilo(sustained) + "/s | " + status(sustained != null && sustained >= 250_000) + " |\n"
        + "| publishes/s vs Mosquitto, full pipeline | >= 0.5x | " + times(ratio) + " | "
        + status(ratio != null && ratio >= 0.5) + " |\n"
        + "| CPU per million sightings | <= 5 s | " + (cpu == null ? "not measured" : number(cpu, 1) + " s") + " | " + status(cpu != null && cpu <= 5) + " |\n"
        + "| publish -> WebSocket p99 at half that rate | <= 25 ms | " + ms(ws) + " | " + status(ws != null && ws <= 25)
        + " |\n"
        + "| heap per active device at " + count(f.getInteger("memoryDevices")) + " devices | <= 64 B | " + bytes(heap)
        + " | " + status(heap != null && heap <= 64) + " |\n"
        + "| a minute of rollups for " + count(f.getInteger("rollupZones")) + " zones | <= 2 s | " + ms(rollup) + " | "
        + status(rollup != null && rollup <= 2000) + " |\n"
        + "| 20k idle sensor connections, footfall's end | <= 10 KB heap each | " + idle(f) + " | "
        + status(idleMet(f)) + " |\n";
  }

  static String latestRun(JsonObject f, String printed, Stamp stamp) {
    return header(f, stamp) + ":\n\n```\n" + printed.strip() + "\n```\n";
  }

  private static String header(JsonObject f, Stamp stamp) {
    return "Measured on " + stamp.date() + " at commit `" + stamp.commit() + "` with `" + stamp.command() + "`, on "
        + stamp.cores() + " cores (" + stamp.cpu() + "), load average " + number(f.getDouble("loadAverageAtStart"), 2)
        + " at the start and " + number(f.getDouble("loadAverageAtEnd"), 2) + " at the end, the load generator, "
        + "footfall, PostgreSQL and Mosquitto on the same cores; Mosquitto relayed "
        + kilo(f.getDouble("brokerSightingsPerSec")) + " sightings/s in the same run. Written by the command";
  }

  /** Each idle-connection count measured: bytes at the count opened, and why fewer than asked, if so. */
  private static String idle(JsonObject f) {
    JsonArray runs = f.getJsonArray("idle", new JsonArray());
    if (runs.isEmpty()) {
      return "not measured";
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < runs.size(); i++) {
      JsonObject run = runs.getJsonObject(i);
      out.append(i == 0 ? "" : "; ").append(kb(run.getDouble("bytesPerConnection"))).append(" at ")
          .append(run.getLong("opened"));
      if (run.getLong("opened") < run.getInteger("requested")) {
        out.append(" of ").append(run.getInteger("requested")).append(" asked (")
            .append(run.getString("limit", "the rest did not connect")).append(")");
      }
    }
    return out.toString();
  }

  /** Every count measured within 10 KB a connection, and the largest asked for opened in full. */
  private static boolean idleMet(JsonObject f) {
    JsonArray runs = f.getJsonArray("idle", new JsonArray());
    boolean met = !runs.isEmpty();
    int largest = 0;
    for (int i = 0; i < runs.size(); i++) {
      JsonObject run = runs.getJsonObject(i);
      Double bytes = run.getDouble("bytesPerConnection");
      met &= bytes != null && bytes <= 10_000;
      largest = Math.max(largest, run.getInteger("requested"));
    }
    for (int i = 0; i < runs.size(); i++) {
      JsonObject run = runs.getJsonObject(i);
      met &= run.getInteger("requested") < largest || run.getLong("opened") == largest;
    }
    return met && largest >= 20_000;
  }

  private static String status(boolean met) {
    return met ? "met" : "**missed**";
  }

  private static String kilo(Double v) {
    return v == null ? "not measured" : String.format(Locale.ROOT, "%.1fk", v / 1000);
  }

  private static String times(Double v) {
    return v == null ? "not measured" : String.format(Locale.ROOT, "%.3fx", v);
  }

  private static String ms(Double v) {
    return v == null ? "not measured" : String.format(Locale.ROOT, "%.0f ms", v);
  }

  private static String bytes(Double v) {
    return v == null ? "not measured" : String.format(Locale.ROOT, "%.1f bytes", v);
  }

  private static String kb(Double v) {
    return v == null ? "not measured" : String.format(Locale.ROOT, "%.1f KB", v / 1000);
  }

  private static String number(Double v, int digits) {
    return v == null ? "not measured" : String.format(Locale.ROOT, "%." + digits + "f", v);
  }

  private static String count(Integer n) {
    if (n == null) {
      return "?";
    }
    return n >= 1_000_000 && n % 1_000_000 == 0 ? n / 1_000_000 + "M" : n >= 1000 && n % 1000 == 0 ? n / 1000 + "k"
        : Integer.toString(n);
  }
}
