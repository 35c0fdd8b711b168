package io.footfall.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.cli.Main;
import io.footfall.wire.DeviceKeys;
import io.footfall.wire.Sighting;
import io.footfall.wire.SightingBatch;
import io.footfall.wire.WireDecoder;
import io.footfall.wire.WireEncoder;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code footfall bench} as an operator runs it, shrunk to seconds: a whole in-process node, a low rate, two
 * dashboards. Checks that the figures come out, not how fast anything is (benchmarks prove speed, tests do not),
 * and that the load never blocks an event loop (no warning of Vert.x's blocked-thread checker).
 */
class BenchCommandTest {

  @Test
  void shortRunEndsWithOneJsonLineOfSaneFigures() {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    int code;
    List<String> blocked;
    try (BlockedThreadWarnings watcher = BlockedThreadWarnings.watch()) {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      code = new CommandLine(new Main()).execute("bench", "--sensors", "10", "--rate", "400", "--max-rate", "400",
          "--duration", "1", "--warmup", "0", "--dashboards", "2", "--devices", "500", "--probe-period-ms", "300",
          "--memory-devices", "5000", "--rollup-zones", "50", "--rollup-minutes", "1", "--idle-connections", "200", "--max-p99-ms", "60000",
          "--min-delivered", "0");
      blocked = watcher.warnings();
    } finally {
      System.setOut(original);
    }
    String[] lines = captured.toString(StandardCharsets.UTF_8).strip().split("\n");
    JsonObject json = new JsonObject(lines[lines.length - 1]);

    assertThat(code).isZero();
    assertThat(blocked).as("blocked-thread warnings under load").isEmpty();
    assertThat(json.getDouble("sightingsPerSec")).isPositive();
    // 5 000 devices can be lost in the noise of the heap: then the figure is left out rather than made up
    assertThat(json.getDouble("bytesPerDevice")).satisfiesAnyOf(v -> assertThat(v).isNull(),
        v -> assertThat(v).isPositive());
    assertThat(json.getDouble("engineBytesPerDevice")).isPositive();
    assertThat(json.getInteger("memoryDevices")).isEqualTo(5000);
    assertThat(json.getDouble("rollupRowsPerSec")).isPositive();
    assertThat(json.containsKey("p99Ms")).isTrue();
    assertThat(json.containsKey("brokerPublishesPerSec")).isTrue();
    assertThat(json.getValue("ratioVsBroker")).isNull();
    assertThat(json.getJsonObject("engineCounters").getLong("accepted")).isPositive();
    // the idle clients run in a child JVM, so that the node's heap grows by its own end alone
    JsonObject idle = json.getJsonArray("idle").getJsonObject(0);
    assertThat(idle.getInteger("requested")).isEqualTo(200);
    assertThat(idle.getLong("opened")).isEqualTo(200);
    assertThat(json.getLong("idleConnections")).isEqualTo(200);
    assertThat(json.getDouble("idleBytesPerConnection")).satisfiesAnyOf(v -> assertThat(v).isNull(),
        v -> assertThat(v).isPositive());
  }

  @Test
  void generatedBatchesDecodeLikeThoseOfTheWireEncoder() {
    BatchWriter writer = new BatchWriter();
    writer.begin(BatchWriter.sensorPrefix("b-00007"), 42);
    writer.sighting(true, 0x0123456789abcdefL, -61, 1_732_874_400_123L, true, 4095, 0xa1b2c3d4L);
    writer.sighting(false, -2L, -80, 1_732_874_400_124L, false, 0, 0x1L);
    String expected = WireEncoder.batch("b-00007", 42, List.of(
        new Sighting("0123456789abcdef", -61, 1_732_874_400_123L, true, 4095, "a1b2c3d4", 1),
        new Sighting(DeviceKeys.hex(-2L), -80, 1_732_874_400_124L, false, 0, "00000001", 1)));

    SightingBatch ours = new WireDecoder(100).decode(writer.end());
    SightingBatch theirs = new WireDecoder(100).decode(expected.getBytes(StandardCharsets.UTF_8));

    assertThat(ours.sensor).isEqualTo(theirs.sensor);
    assertThat(ours.seq).isEqualTo(theirs.seq);
    assertThat(ours.dev).containsExactly(theirs.dev);
    assertThat(ours.ts).containsExactly(theirs.ts);
    assertThat(ours.rssi).containsExactly(theirs.rssi);
    assertThat(ours.sn).containsExactly(theirs.sn);
    assertThat(ours.fp).containsExactly(theirs.fp);
    assertThat(ours.flags).containsExactly(theirs.flags);
  }
}
