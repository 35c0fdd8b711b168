package io.footfall.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.fault.ClientFault;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireDecoderTest {

  private static final long TS = 1_732_838_400_123L;
  private final WireDecoder decoder = new WireDecoder(100);

  private SightingBatch decode(String json) {
    return decoder.decode(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void decodesEveryFieldIntoColumnsAndIgnoresUnknownOnes() {
    SightingBatch b = decode("{\"sensor\":\"s-01\",\"seq\":42,\"fw\":{\"v\":[1,2]},\"sightings\":["
        + "{\"dev\":\"00000000000000ff\",\"rssi\":-61,\"ts\":" + TS + ",\"rand\":true,\"sn\":4095,\"fp\":\"abc\",\"n\":3,\"x\":1},"
        + "{\"dev\":\"phone-b\",\"ts\":" + (TS + 1) + "}]}");

    assertThat(b.sensor).isEqualTo("s-01");
    assertThat(b.seq).isEqualTo(42);
    assertThat(b.size).isEqualTo(2);
    assertThat(b.dev[0]).isEqualTo(0xffL);
    assertThat(b.rssi[0]).isEqualTo((short) -61);
    assertThat(b.ts[0]).isEqualTo(TS);
    assertThat(b.isRandom(0)).isTrue();
    assertThat(b.sn[0]).isEqualTo((short) 4095);
    assertThat(b.fp[0]).isEqualTo(DeviceKeys.of("abc"));
    assertThat(b.count[0]).isEqualTo(3);
    assertThat(b.dev[1]).isEqualTo(DeviceKeys.of("phone-b"));
    assertThat(b.rssi[1]).isEqualTo(SightingBatch.NO_RSSI);
    assertThat(b.sn[1]).isEqualTo(SightingBatch.NO_SN);
    assertThat(b.isRandom(1)).isFalse();
    assertThat(b.count[1]).isEqualTo(1);
  }

  @Test
  void roundTripsWhatTheEncoderWrites() {
    List<Sighting> sent = List.of(new Sighting("0123456789abcdef", -70, TS, false, 12, "00000000000000aa", 1),
        new Sighting("fedcba9876543210", null, TS + 5, true, null, null, 2));
    SightingBatch b = decode(WireEncoder.batch("s-\"7\"", 9, sent, 1));

    assertThat(b.sensor).isEqualTo("s-\"7\"");
    assertThat(b.size).isEqualTo(2);
    assertThat(DeviceKeys.hex(b.dev[0])).isEqualTo("0123456789abcdef");
    assertThat(b.rssi[1]).isEqualTo(SightingBatch.NO_RSSI);
    assertThat(b.count[1]).isEqualTo(2);
  }

  @Test
  void keepsTheRepeatVisitIdOfEachSightingThatHasOne() {
    List<Sighting> sent = List.of(new Sighting("0123456789abcdef", -70, TS, false, 12, null, 1, "00000000000000a1"),
        new Sighting("fedcba9876543210", -60, TS + 5, true, null, null, 1),
        new Sighting("1111111111111111", -65, TS + 9, null, null, null, 1, "FFFFFFFFFFFFFFFF"));
    SightingBatch b = decode(WireEncoder.batch("s-01", 3, sent));

    assertThat(b.rid(0)).isEqualTo(0xa1L);
    assertThat(b.rid(1)).isEqualTo(SightingBatch.NO_RID);
    assertThat(b.rid(2)).isEqualTo(-1L);
  }

  @Test
  void allocatesNoRepeatVisitColumnWhenNoSightingHasAnId() {
    SightingBatch b = decode("{\"sensor\":\"s\",\"seq\":1,\"sightings\":[{\"dev\":\"a\",\"ts\":" + TS + "}]}");

    assertThat(b.rid).isNull();
    assertThat(b.rid(0)).isEqualTo(SightingBatch.NO_RID);
    assertThat(b.resolved("site", 0, 1).rid).isNull();
  }

  @Test
  void aBatchDecodedAfterALargerOneWithIdsHoldsOnlyItsOwnSightingsAndNoIdOfTheOther() {
    // the decoder reads into columns it reuses batch after batch on a thread
    List<Sighting> many = new java.util.ArrayList<>();
    for (int i = 0; i < 90; i++) {
      many.add(new Sighting(String.format("%016x", i + 1), -50, TS + i, false, i, null, 1, "00000000000000a1"));
    }
    SightingBatch first = decode(WireEncoder.batch("s-1", 1, many, 1));
    SightingBatch second = decode("{\"sensor\":\"s-2\",\"seq\":2,\"sightings\":["
        + "{\"dev\":\"00000000000000ff\",\"ts\":" + TS + "},{\"dev\":\"00000000000000fe\",\"ts\":" + TS + ",\"rid\":\"00000000000000b2\"}]}");

    assertThat(first.size).isEqualTo(90);
    assertThat(first.rid(89)).isEqualTo(0xa1L);
    assertThat(second.size).isEqualTo(2);
    assertThat(second.dev).containsExactly(0xffL, 0xfeL);
    assertThat(second.rid(0)).isEqualTo(SightingBatch.NO_RID);
    assertThat(second.rid(1)).isEqualTo(0xb2L);
    assertThat(second.sn[0]).isEqualTo(SightingBatch.NO_SN);
    // and the first batch's arrays are its own, untouched by the second
    assertThat(first.dev[0]).isEqualTo(1L);
    assertThat(first.rid(0)).isEqualTo(0xa1L);
  }

  @Test
  void rejectsMalformedRepeatVisitIdsAsSchemaErrors() {
    String head = "{\"sensor\":\"s\",\"seq\":1,\"sightings\":[{\"dev\":\"a\",\"ts\":" + TS + ",";
    assertSchema(head + "\"rid\":\"abc\"}]}", "sightings[0].rid: must be 16 hex digits");
    assertSchema(head + "\"rid\":\"0123456789abcdeg\"}]}", "sightings[0].rid");
    assertSchema(head + "\"rid\":\"0000000000000000\"}]}", "not all zero");
    assertSchema(head + "\"rid\":12}]}", "sightings[0].rid");
    assertSchema(head + "\"rid\":null}]}", "sightings[0].rid");
    assertSchema(head + "\"rid\":\"0123456789abcdef\",\"rand\":true}]}", "not allowed with rand=true");
  }

  @Test
  void rejectsTextThatIsNotJsonAsJson() {
    assertThatThrownBy(() -> decode("{\"sensor\":")).isInstanceOf(ClientFault.class)
        .extracting(e -> ((ClientFault) e).reason()).isEqualTo("json");
  }

  @Test
  void rejectsEachSchemaViolationNamingTheField() {
    String ok = "{\"dev\":\"a\",\"ts\":" + TS + "}";
    assertSchema("[]", "must be a JSON object");
    assertSchema("{\"seq\":1,\"sightings\":[]}", "sensor: missing");
    assertSchema("{\"sensor\":\"s\",\"sightings\":[]}", "seq: missing");
    assertSchema("{\"sensor\":\"s\",\"seq\":-1,\"sightings\":[]}", "seq");
    assertSchema("{\"sensor\":\"s\",\"seq\":1}", "sightings: missing");
    assertSchema("{\"sensor\":\"s\",\"seq\":1,\"sightings\":[" + ok + ",{\"ts\":" + TS + "}]}", "sightings[1].dev: missing");
    assertSchema("{\"sensor\":\"s\",\"seq\":1,\"sightings\":[{\"dev\":\"a\"}]}", "sightings[0].ts: missing");
    assertSchema("{\"sensor\":\"s\",\"seq\":1,\"sightings\":[{\"dev\":\"a\",\"ts\":12}]}", "sightings[0].ts");
    assertSchema("{\"sensor\":\"s\",\"seq\":1,\"sightings\":[{\"dev\":\"a\",\"ts\":" + TS + ",\"rssi\":5000}]}", "rssi");
    assertSchema("{\"sensor\":\"s\",\"seq\":1,\"sightings\":[{\"dev\":\"a\",\"ts\":" + TS + ",\"sn\":4096}]}", "sn");
    assertSchema("{\"sensor\":\"s\",\"seq\":1,\"sightings\":[{\"dev\":7,\"ts\":" + TS + "}]}", "dev");
    assertSchema("{\"sensor\":\"s\",\"seq\":1,\"sightings\":[{\"dev\":\"a\",\"ts\":" + TS + ",\"rand\":1}]}", "rand");
    assertSchema("{\"sensor\":\"s\",\"seq\":1,\"sightings\":[" + ok + "]} {}", "trailing");
  }

  @Test
  void rejectsMoreSightingsThanTheLimit() {
    String one = "{\"dev\":\"a\",\"ts\":" + TS + "}";
    String many = String.join(",", java.util.Collections.nCopies(101, one));
    assertSchema("{\"sensor\":\"s\",\"seq\":1,\"sightings\":[" + many + "]}", "more than 100");
  }

  private void assertSchema(String json, String messagePart) {
    assertThatThrownBy(() -> decode(json))
        .isInstanceOf(ClientFault.class)
        .hasMessageContaining(messagePart)
        .extracting(e -> ((ClientFault) e).reason()).isEqualTo("schema");
  }
}
