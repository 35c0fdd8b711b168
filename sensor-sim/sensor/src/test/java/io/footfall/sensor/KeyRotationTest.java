package io.footfall.sensor;

import static io.footfall.sensor.Frames.GLOBAL_MAC;
import static io.footfall.sensor.Frames.concat;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A capture during which the site key rotates, replayed through the whole agent: by default nothing a phone sends
 * under the new key ties it to what it sent under the old one; only {@code --repeat-visits} links them, through
 * the repeat-visit id, for the documented window.
 */
class KeyRotationTest {

  /** 2024-11-29T00:00:00Z; the second key takes over a minute later, mid-capture. */
  private static final long T0 = 1_732_838_400_000L;
  private static final long ROTATION = T0 + 60_000;
  private static final byte[] ELEMENTS = Frames.phoneElements("cafe", 1);

  @TempDir
  Path tmp;

  @Test
  void byDefaultAPhonesPseudonymsUnderTwoKeysShareNothingThatLinksThem() throws Exception {
    List<JsonObject> sightings = StdoutReplay.run(capture(), keys()).sightings();

    List<JsonObject> before = sightings.stream().filter(s -> s.getLong("ts") < ROTATION).toList();
    List<JsonObject> after = sightings.stream().filter(s -> s.getLong("ts") >= ROTATION).toList();
    assertThat(before).hasSize(2);
    assertThat(after).hasSize(3);
    assertThat(before).extracting(s -> s.getString("dev")).containsOnly(before.get(0).getString("dev"));
    assertThat(after).extracting(s -> s.getString("dev")).doesNotContain(before.get(0).getString("dev"));
    assertThat(sightings).allSatisfy(s -> assertThat(s.containsKey("rid")).as("no repeat-visit id").isFalse());
    // right after the change: neither the running sequence number nor the fingerprint
    assertThat(after.subList(0, 2)).allSatisfy(s -> assertThat(s.fieldNames())
        .isSubsetOf(Set.of("dev", "rssi", "ts", "rand", "n")));
    assertThat(before).allSatisfy(s -> assertThat(s.fieldNames()).contains("sn", "fp"));
    assertThat(after.get(2).fieldNames()).as("once the quiet window is over").contains("sn", "fp");
  }

  @Test
  void withRepeatVisitsOnThePhoneKeepsItsRepeatIdAcrossTheKeyChangeTheDocumentedLink() throws Exception {
    List<JsonObject> sightings = StdoutReplay.run(capture(), keys(), "--repeat-visits").sightings();

    assertThat(sightings).hasSize(5);
    assertThat(sightings).extracting(s -> s.getString("rid")).doesNotContainNull()
        .containsOnly(sightings.get(0).getString("rid"));
  }

  private Path keys() throws Exception {
    return Files.writeString(tmp.resolve("rotating.keys"), "# rotates a minute into the capture\n"
        + "2024-11-29T00:00:00Z 000102030405060708090a0b0c0d0e0f\n"
        + "2024-11-29T00:01:00Z f0e0d0c0b0a090807060504030201000\n");
  }

  private Path capture() throws Exception {
    PcapFile pcap = new PcapFile(FrameParser.DLT_IEEE802_11_RADIO);
    long[] times = {T0 + 20_000, T0 + 50_000, ROTATION + 2_000, ROTATION + 40_000,
        ROTATION + SightingPipeline.KEY_CHANGE_QUIET_MS + 5_000};
    for (int i = 0; i < times.length; i++) {
      pcap.add(times[i], concat(Frames.radiotap(0, -50), Frames.probeRequest(GLOBAL_MAC, 100 + i, ELEMENTS)));
    }
    return pcap.writeTo(tmp.resolve("rotation.pcap"));
  }
}
