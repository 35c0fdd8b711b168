package io.footfall.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.wire.SightingBatch;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/** A batch crosses to the node that owns its site whole, whatever its sensor's clock says. */
class SightingBatchCodecTest {

  private final SightingBatchCodec codec = new SightingBatchCodec();

  @Test
  void aBatchWithASightingDated2098BesideNormalOnesCrossesWhole() {
    SightingBatch sent = batch(new long[] {1_732_838_400_000L, 4_070_908_799_000L});

    SightingBatch received = roundTrip(sent);

    assertThat(received.ts).containsExactly(sent.ts);
    assertThat(received.dev).containsExactly(sent.dev);
    assertThat(received.receivedAt).isEqualTo(sent.receivedAt);
  }

  @Test
  void aBatchOfNearbyTimesCrossesWhole() {
    SightingBatch sent = batch(new long[] {1_732_838_400_000L, 1_732_838_401_500L});

    assertThat(roundTrip(sent).ts).containsExactly(sent.ts);
  }

  private SightingBatch roundTrip(SightingBatch sent) {
    Buffer buffer = Buffer.buffer().appendString("prefix");
    codec.encodeToWire(buffer, sent);
    return codec.decodeFromWire("prefix".length(), buffer);
  }

  private static SightingBatch batch(long[] ts) {
    int n = ts.length;
    long[] dev = new long[n];
    for (int i = 0; i < n; i++) {
      dev[i] = 1000 + i;
    }
    return new SightingBatch("mall-a", "s-01", 7, n, dev, ts, new short[n], new short[n], new long[n], new byte[n],
        new int[n], 0, 1_796_600_000_000L);
  }
}
