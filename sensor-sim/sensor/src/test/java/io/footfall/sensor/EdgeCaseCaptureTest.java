package io.footfall.sensor;

import static io.footfall.sensor.Frames.GLOBAL_MAC;
import static io.footfall.sensor.Frames.RANDOM_MAC;
import static io.footfall.sensor.Frames.concat;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replays small capture files written by the test, one per awkward case, through the whole agent. */
class EdgeCaseCaptureTest {

  private static final long T0 = 1_732_838_400_000L;
  private static final byte[] ELEMENTS = Frames.phoneElements("cafe", 1);

  @TempDir
  Path tmp;

  private StdoutReplay.Result replay(PcapFile pcap) throws Exception {
    return StdoutReplay.runAgent(pcap.writeTo(tmp.resolve("edge.pcap")), StdoutReplay.keyFile(tmp));
  }

  @Test
  void publishesOnlyTheGoodProbeRequestsAndCountsTheRest() throws Exception {
    byte[] good = Frames.probeRequest(RANDOM_MAC, 10, ELEMENTS);
    PcapFile pcap = new PcapFile(FrameParser.DLT_IEEE802_11_RADIO)
        .add(T0, concat(Frames.radiotap(Radiotap.FLAG_FCS_AT_END, -48), Frames.withFcs(good)))
        .add(T0 + 10, concat(Frames.radiotap(0, -50), Arrays.copyOf(good, 18)))
        .add(T0 + 20, concat(Frames.radiotap(Radiotap.FLAG_FCS_AT_END, -52), Frames.withBadFcs(good)))
        .add(T0 + 30, concat(Frames.radiotap(0, -54), Frames.beacon(GLOBAL_MAC)))
        .add(T0 + 40, concat(Frames.radiotapExtended(-56, -58), Frames.probeRequest(GLOBAL_MAC, 11, ELEMENTS)));

    StdoutReplay.Result result = replay(pcap);

    assertThat(result.exitCode()).isZero();
    List<JsonObject> sightings = result.sightings();
    assertThat(sightings).extracting(s -> s.getInteger("sn")).containsExactly(10, 11);
    assertThat(sightings).extracting(s -> s.getInteger("rssi")).containsExactly(-48, -56);
    assertThat(sightings).extracting(s -> s.getBoolean("rand")).containsExactly(true, false);
    assertThat(sightings).extracting(s -> s.getLong("ts")).containsExactly(T0, T0 + 40);
    assertThat(result.counters()).containsEntry("frames", 5L).containsEntry("probe-requests", 2L)
        .containsEntry("truncated", 1L).containsEntry("bad-fcs", 1L).containsEntry("not-probe", 1L);
  }

  @Test
  void marksBatchesWithSightingsThatHaveNoRssi() throws Exception {
    byte[] probe = Frames.probeRequest(GLOBAL_MAC, 5, ELEMENTS);
    PcapFile pcap = new PcapFile(FrameParser.DLT_IEEE802_11_RADIO)
        .add(T0, concat(Frames.radiotap(0, null), probe))
        .add(T0 + 5, concat(Frames.radiotap(0, -60), probe))
        .add(T0 + 1500, concat(Frames.radiotap(0, -61), probe));

    List<JsonObject> batches = replay(pcap).batches();

    assertThat(batches).hasSize(2);
    assertThat(batches.get(0).getInteger("rssiMissing")).isEqualTo(1);
    assertThat(batches.get(0).getJsonArray("sightings").getJsonObject(0).containsKey("rssi")).isFalse();
    assertThat(batches.get(1).containsKey("rssiMissing")).isFalse();
    assertThat(batches).extracting(b -> b.getLong("seq")).containsExactly(0L, 1L);
  }

  @Test
  void readsProbeRequestsWrappedInPpi() throws Exception {
    byte[] probe = Frames.withFcs(Frames.probeRequest(RANDOM_MAC, 77, ELEMENTS));
    PcapFile pcap = new PcapFile(FrameParser.DLT_PPI).add(T0, concat(Frames.ppi(true, -66), probe));

    List<JsonObject> sightings = replay(pcap).sightings();

    assertThat(sightings).singleElement().satisfies(s -> {
      assertThat(s.getInteger("rssi")).isEqualTo(-66);
      assertThat(s.getInteger("sn")).isEqualTo(77);
    });
  }

  @Test
  void countsPacketsOfOtherLinkTypes() throws Exception {
    PcapFile pcap = new PcapFile(1).add(T0, new byte[60]);

    StdoutReplay.Result result = replay(pcap);

    assertThat(result.lines()).isEmpty();
    assertThat(result.counters()).containsEntry("unsupported-linktype", 1L);
  }

  @Test
  void neverPublishesTheRawAddress() throws Exception {
    PcapFile pcap = new PcapFile(FrameParser.DLT_IEEE802_11_RADIO)
        .add(T0, concat(Frames.radiotap(0, -50), Frames.probeRequest(GLOBAL_MAC, 1, ELEMENTS)));

    List<String> lines = replay(pcap).lines();

    assertThat(String.join("\n", lines)).doesNotContain("001122334455").doesNotContain("00:11:22");
    assertThat(new JsonObject(lines.get(0)).getJsonArray("sightings").getJsonObject(0).getString("dev"))
        .matches("[0-9a-f]{16}");
  }
}
