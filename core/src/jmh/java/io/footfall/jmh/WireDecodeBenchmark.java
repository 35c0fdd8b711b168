package io.footfall.jmh;

import io.footfall.wire.DeviceKeys;
import io.footfall.wire.Sighting;
import io.footfall.wire.SightingBatch;
import io.footfall.wire.WireDecoder;
import io.footfall.wire.WireEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Decoding one sensor batch from its MQTT payload bytes, as the ingest does for every publish. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WireDecodeBenchmark {

  /** Sightings per batch; 20 is the bench default. */
  @Param({"20", "500"})
  int sightings;

  private byte[] payload;
  private final WireDecoder decoder = new WireDecoder(5000);

  @Setup
  public void encode() {
    SplittableRandom random = new SplittableRandom(1);
    List<Sighting> list = new ArrayList<>();
    for (int i = 0; i < sightings; i++) {
      long dev = random.nextLong();
      list.add(new Sighting(DeviceKeys.hex(dev), -40 - random.nextInt(45), 1_732_874_400_000L + i, true,
          random.nextInt(4096), Long.toHexString(dev >>> 32), 1));
    }
    payload = WireEncoder.batch("s-01", 42, list).getBytes(StandardCharsets.UTF_8);
  }

  @Benchmark
  public SightingBatch decode() {
    return decoder.decode(payload);
  }
}
