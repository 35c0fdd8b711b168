package io.footfall.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench --update-docs}: the figures of one run, stamped, replace the marked tables and nothing else. */
class DocsUpdateTest {

  private static final DocsUpdate.Stamp STAMP = new DocsUpdate.Stamp("2026-12-08", "abc1234", 2, "Test CPU",
      "java -jar target/footfall.jar bench --start-mosquitto --update-docs");

  private static JsonObject figures() {
    return new JsonObject().put("sightingsPerSec", 262_144.0).put("brokerSightingsPerSec", 640_640.0)
        .put("ratioVsBroker", 0.409).put("cpuSecPerMillionSightings", 4.25).put("brokerCpuSecPerMillionSightings", 2.77)
        .put("p99Ms", 21.4).put("bytesPerDevice", 70.3).put("memoryDevices", 1_000_000).put("rollupZones", 10_000)
        .put("rollupWorstMs", 193.0).put("idle", new JsonArray()
            .add(new JsonObject().put("requested", 5000).put("opened", 5000).put("bytesPerConnection", 8660.0))
            .add(new JsonObject().put("requested", 20_000).put("opened", 19_600).put("bytesPerConnection", 8120.0)
                .put("limit", "open-file limit 20000")))
        .put("maxP99Ms", 50.0).put("loadAverageAtStart", 0.31).put("loadAverageAtEnd", 0.92);
  }

  @Test
  void theRunsFiguresAndItsStampReplaceTheMarkedBlocksAndTheProseAroundStays(@TempDir Path repo) throws Exception {
    Files.createDirectories(repo.resolve("docs"));
    Files.writeString(repo.resolve("README.md"), "# footfall\nintro\n<!-- bench:readme:start -->\nold table\n"
        + "<!-- bench:readme:end -->\noutro\n");
    Files.writeString(repo.resolve("docs/performance.md"), "why\n<!-- bench:targets:start -->\nold targets\n"
        + "<!-- bench:targets:end -->\nreading\n<!-- bench:latest:start -->\nold run\n<!-- bench:latest:end -->\nend\n");

    DocsUpdate.write(repo, figures(), "footfall bench: the printed tables\n", STAMP);

    String readme = Files.readString(repo.resolve("README.md"));
    assertThat(readme).startsWith("# footfall\nintro\n<!-- bench:readme:start -->\n").endsWith(
        "<!-- bench:readme:end -->\noutro\n").doesNotContain("old table")
        .contains("2026-12-08", "`abc1234`", "load average 0.31 at the start and 0.92 at the end", "Test CPU",
            "bench --start-mosquitto --update-docs", "| 262.1k |", "(640.6k sightings/s) | 0.409x |",
            "(Mosquitto: 2.77) | 4.3 |", "| 21 ms |", "at 1M devices | 70.3 bytes |", "for 10k zones",
            "| 8.7 KB at 5000; 8.1 KB at 19600 of 20000 asked (open-file limit 20000) | 10 KB |");
    String performance = Files.readString(repo.resolve("docs/performance.md"));
    assertThat(performance).startsWith("why\n").contains("\nreading\n").endsWith("<!-- bench:latest:end -->\nend\n")
        .doesNotContain("old targets", "old run").contains("footfall bench: the printed tables")
        .contains("| 262.1k/s | met |", "| 0.409x | **missed** |", "| 4.3 s | met |", "| 70.3 bytes | **missed** |",
            "open-file limit 20000) | **missed** |");
  }

  @Test
  void aFigureTheRunDidNotMeasureSaysSoAndMissesItsTarget() {
    JsonObject figures = figures();
    figures.putNull("ratioVsBroker");
    figures.put("idle", new JsonArray());

    String targets = DocsUpdate.targetsTable(figures, STAMP);

    assertThat(targets).contains("| >= 0.5x | not measured | **missed** |", "| <= 10 KB heap each | not measured |");
  }

  @Test
  void aFileWithoutItsMarkersIsRefusedBeforeAnythingIsWritten(@TempDir Path repo) throws Exception {
    Files.createDirectories(repo.resolve("docs"));
    Files.writeString(repo.resolve("README.md"), "<!-- bench:readme:start -->\nold\n<!-- bench:readme:end -->\n");
    Files.writeString(repo.resolve("docs/performance.md"), "no markers here\n");

    assertThatThrownBy(() -> DocsUpdate.write(repo, figures(), "", STAMP)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("bench:targets");
    assertThat(Files.readString(repo.resolve("README.md"))).contains("old");
  }

  @Test
  void theProjectsReadmeAndPerformancePageCarryTheMarkersTheCommandWritesBetween() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    String performance = Files.readString(Path.of("docs/performance.md"));

    assertThat(DocsUpdate.replace(readme, DocsUpdate.README_TABLE, "x\n")).isNotEqualTo(readme);
    assertThat(DocsUpdate.replace(performance, DocsUpdate.TARGETS_TABLE, "x\n")).isNotEqualTo(performance);
    assertThat(DocsUpdate.replace(performance, DocsUpdate.LATEST_RUN, "x\n")).isNotEqualTo(performance);
  }
}
