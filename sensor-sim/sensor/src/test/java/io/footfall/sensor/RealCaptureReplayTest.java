package io.footfall.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.wire.SightingBatch;
import io.footfall.wire.WireDecoder;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays every real capture of the shared manifest through {@code footfall sensor --stdout} and checks the
 * published sightings against what Wireshark found in the file.
 */
class RealCaptureReplayTest {

  @TempDir
  Path tmp;

  @TestFactory
  Stream<DynamicTest> reproducesTheManifestCountsForEveryRealCapture() throws IOException {
    Path dir = RealCaptures.dir();
    Path key = StdoutReplay.keyFile(tmp);
    return RealCaptures.manifest().stream().map(expected -> DynamicTest.dynamicTest(expected.file(), () -> {
      StdoutReplay.Result result = StdoutReplay.run(dir.resolve(expected.file()), key);

      assertThat(result.exitCode()).isZero();
      List<JsonObject> sightings = result.sightings();
      int frames = sightings.stream().mapToInt(s -> s.getInteger("n", 1)).sum();
      Set<String> devices = new HashSet<>();
      Set<String> randomized = new HashSet<>();
      long withRssi = 0;
      for (JsonObject s : sightings) {
        devices.add(s.getString("dev"));
        if (s.getBoolean("rand")) {
          randomized.add(s.getString("dev"));
        }
        if (s.containsKey("rssi")) {
          withRssi++;
        }
      }
      assertThat(frames).as("probe requests").isEqualTo(expected.probeRequests());
      assertThat(devices).as("distinct sources").hasSize(expected.distinctSources());
      assertThat(randomized).as("locally administered sources").hasSize(expected.locallyAdministered());
      assertThat(withRssi).as("probe requests with rssi").isEqualTo(expected.withRssi());
    }));
  }

  @TestFactory
  Stream<DynamicTest> printsOnlyBatchesTheServerAccepts() throws IOException {
    Path dir = RealCaptures.dir();
    Path key = StdoutReplay.keyFile(tmp);
    WireDecoder decoder = new WireDecoder(5000);
    return RealCaptures.manifest().stream().map(expected -> DynamicTest.dynamicTest(expected.file(), () -> {
      StdoutReplay.Result result = StdoutReplay.run(dir.resolve(expected.file()), key);

      long previousSeq = -1;
      for (String line : result.lines()) {
        SightingBatch batch = decoder.decode(line.getBytes(StandardCharsets.UTF_8));
        assertThat(batch.sensor).isEqualTo("s-01");
        assertThat(batch.seq).isEqualTo(previousSeq + 1);
        assertThat(batch.size).isPositive();
        previousSeq = batch.seq;
      }
    }));
  }
}
