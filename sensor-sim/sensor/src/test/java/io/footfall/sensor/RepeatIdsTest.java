package io.footfall.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.wire.DevicePseudonyms;
import io.footfall.wire.RepeatIds;
import io.footfall.wire.SightingBatch;
import io.footfall.wire.WireDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepeatIdsTest {

  private static final byte[] MAC = Frames.GLOBAL_MAC;
  private static final byte[] OTHER_MAC = {0x00, 0x11, 0x22, 0x33, 0x44, 0x56};
  /** A day key each for three days of 2024-01, all in the 30-day period 2023-12-19 to 2024-01-17. */
  private static final String DAILY_KEYS = """
      2024-01-01 000102030405060708090a0b0c0d0e0f
      2024-01-02 101112131415161718191a1b1c1d1e1f
      2024-01-03 202122232425262728292a2b2c2d2e2f
      """;

  @TempDir
  Path tmp;

  @Test
  void aPhoneKeepsItsRepeatIdWhileItsDeviceIdChangesWithTheDailyKey() throws Exception {
    DevicePseudonyms keys = keys(DAILY_KEYS);
    RepeatIds ids = new RepeatIds(keys, 30);
    long day1 = at("2024-01-01T10:00:00Z");
    long day3 = at("2024-01-03T18:00:00Z");

    assertThat(keys.pseudonym(MAC, day1)).isNotEqualTo(keys.pseudonym(MAC, day3));
    assertThat(ids.rid(MAC, day1)).isEqualTo(ids.rid(MAC, day3)).matches("[0-9a-f]{16}")
        .isNotEqualTo(keys.pseudonym(MAC, day1));
    assertThat(ids.rid(OTHER_MAC, day1)).isNotEqualTo(ids.rid(MAC, day1));
  }

  @Test
  void theRepeatIdChangesWhenTheRotationPeriodEnds() throws Exception {
    RepeatIds ids = new RepeatIds(keys(DAILY_KEYS), 30);
    // 30-day periods count from 1970-01-01: period 658 runs from 2024-01-18 to 2024-02-16
    long lastOfPeriod = at("2024-01-17T23:59:59Z");
    long firstOfNext = at("2024-01-18T00:00:00Z");

    assertThat(ids.rid(MAC, lastOfPeriod)).isNotEqualTo(ids.rid(MAC, firstOfNext));
    assertThat(ids.rid(MAC, firstOfNext)).isEqualTo(ids.rid(MAC, at("2024-02-16T23:00:00Z")));
  }

  @Test
  void sensorsWithTheSameKeyFileAgreeAndAnotherSitesKeyGivesOtherIds() throws Exception {
    long t = at("2024-01-02T12:00:00Z");
    String other = "2024-01-01 ffeeddccbbaa99887766554433221100\n";

    assertThat(new RepeatIds(keys(DAILY_KEYS), 30).rid(MAC, t)).isEqualTo(new RepeatIds(keys(DAILY_KEYS), 30).rid(MAC, t));
    assertThat(new RepeatIds(keys(other), 30).rid(MAC, t)).isNotEqualTo(new RepeatIds(keys(DAILY_KEYS), 30).rid(MAC, t));
    assertThat(new RepeatIds(keys(DAILY_KEYS), 7).rid(MAC, t)).isNotEqualTo(new RepeatIds(keys(DAILY_KEYS), 30).rid(MAC, t));
  }

  @Test
  void givesNoRepeatIdBeforeTheFirstKey() throws Exception {
    assertThat(new RepeatIds(keys(DAILY_KEYS), 30).rid(MAC, at("2023-12-31T23:00:00Z"))).isNull();
  }

  @Test
  void onlyGloballyAdministeredAddressesGetARepeatIdOnTheWire() throws Exception {
    List<String> payloads = new ArrayList<>();
    SightingPipeline pipeline = new SightingPipeline(keys(DAILY_KEYS), new RepeatIds(keys(DAILY_KEYS), 30),
        new SensorCounters(), new Batcher("s-01", 1000, 100, 0, (seq, json) -> payloads.add(json), new SensorCounters()));
    long t = at("2024-01-02T12:00:00Z");

    frame(pipeline, t, MAC);
    frame(pipeline, t + 10, Frames.RANDOM_MAC);
    pipeline.finish();

    SightingBatch batch = new WireDecoder(100).decode(payloads.get(0).getBytes(StandardCharsets.UTF_8));
    assertThat(batch.size).isEqualTo(2);
    assertThat(batch.isRandom(0)).isFalse();
    assertThat(batch.rid(0)).isNotEqualTo(SightingBatch.NO_RID);
    assertThat(batch.isRandom(1)).isTrue();
    assertThat(batch.rid(1)).isEqualTo(SightingBatch.NO_RID);
    assertThat(payloads.get(0)).doesNotContain("001122334455");
  }

  private static void frame(SightingPipeline pipeline, long t, byte[] mac) {
    byte[] header = Frames.radiotap(0, -50);
    byte[] frame = Frames.probeRequest(mac, 7, Frames.phoneElements("home", 6));
    byte[] packet = new byte[header.length + frame.length];
    System.arraycopy(header, 0, packet, 0, header.length);
    System.arraycopy(frame, 0, packet, header.length, frame.length);
    pipeline.frame(t, FrameParser.DLT_IEEE802_11_RADIO, packet, packet.length);
  }

  private DevicePseudonyms keys(String lines) throws Exception {
    Path file = Files.createTempFile(tmp, "site", ".keys");
    Files.writeString(file, lines);
    return DevicePseudonyms.fromKeyFile(file);
  }

  private static long at(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }
}
