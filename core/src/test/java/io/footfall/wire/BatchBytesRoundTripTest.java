package io.footfall.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The engine's journal keeps every batch it took as {@link BatchBytes}; after a crash it reads them back. A batch
 * must come back whole whether or not its sightings carry repeat-visit ids (found by KillDashNineTest).
 */
class BatchBytesRoundTripTest {

  private static final long T0 = 1_732_874_400_000L;

  @Test
  void aBatchWithRepeatIdsComesBackWhole() throws Exception {
    SightingBatch batch = batch(9, true);

    SightingBatch back = BatchBytes.decode(BatchBytes.encode(batch));

    assertThat(back.size).isEqualTo(9);
    assertThat(back.ts).containsExactly(batch.ts);
    assertThat(back.seq).isEqualTo(batch.seq);
  }

  @Test
  void aBatchWithoutRepeatIdsComesBackWhole() throws Exception {
    // GIVEN a batch of 9 sightings without repeat-visit ids (the default: sensors send them only with --repeat-visits)
    SightingBatch batch = batch(9, false);

    // WHEN it is written as the journal writes it and read back as a restart reads it
    SightingBatch back = BatchBytes.decode(BatchBytes.encode(batch));

    // THEN it is the same batch
    assertThat(back.size).isEqualTo(9);
    assertThat(back.ts).containsExactly(batch.ts);
  }

  private static SightingBatch batch(int n, boolean repeatIds) {
    List<Sighting> sightings = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String dev = String.format("%016x", 0x7e57_0000_0000L + i);
      sightings.add(new Sighting(dev, -50, T0 + i, false, null, null, 1, repeatIds ? "9" + dev.substring(1) : null));
    }
    byte[] json = WireEncoder.batch("s-west", 31, sightings).getBytes(StandardCharsets.UTF_8);
    return new WireDecoder(5000).decode(json).resolved("kill-mall", 0, T0 + 60_000);
  }
}
