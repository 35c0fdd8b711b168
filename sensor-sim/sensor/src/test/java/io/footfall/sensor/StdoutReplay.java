package io.footfall.sensor;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** Runs {@code footfall sensor --read FILE --stdout} in-process and collects what it printed. */
final class StdoutReplay {

  /** A fixed test key, valid since the epoch. */
  static final String TEST_KEY = "1970-01-01 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

  /** Exit code, stdout lines and final counters of one run. */
  record Result(int exitCode, List<String> lines, Map<String, Long> counters) {

    List<JsonObject> batches() {
      return lines.stream().map(JsonObject::new).toList();
    }

    List<JsonObject> sightings() {
      List<JsonObject> all = new ArrayList<>();
      for (JsonObject b : batches()) {
        b.getJsonArray("sightings").forEach(s -> all.add((JsonObject) s));
      }
      return all;
    }
  }

  private StdoutReplay() {
  }

  static Path keyFile(Path dir) throws IOException {
    Path key = dir.resolve("site.keys");
    Files.writeString(key, "# test key\n" + TEST_KEY + "\n");
    return key;
  }

  static Result run(Path capture, Path keyFile, String... extra) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    List<String> args = new ArrayList<>(List.of("--read", capture.toString(), "--site", "test-site",
        "--sensor", "s-01", "--key-file", keyFile.toString(), "--speed", "max", "--stdout"));
    args.addAll(List.of(extra));
    int code = new CommandLine(new SensorCommand(out)).execute(args.toArray(String[]::new));
    return new Result(code, lines(bytes), Map.of());
  }

  /** Runs the agent itself, so that its counters can be checked too. */
  static Result runAgent(Path capture, Path keyFile) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    SensorSettings settings = new SensorSettings(null, capture, "test-site", "s-01", null, null, keyFile, false,
        false, 1000, 1000, null, 1 << 20, 30_000, 0);
    SensorAgent agent = new SensorAgent(settings, out);
    int code = agent.run();
    return new Result(code, lines(bytes), agent.counters().snapshot());
  }

  private static List<String> lines(ByteArrayOutputStream bytes) {
    String text = bytes.toString(StandardCharsets.UTF_8);
    return text.isEmpty() ? List.of() : List.of(text.split("\n"));
  }
}
