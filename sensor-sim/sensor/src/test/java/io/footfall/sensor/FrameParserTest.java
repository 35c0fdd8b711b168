package io.footfall.sensor;

import static io.footfall.sensor.Frames.GLOBAL_MAC;
import static io.footfall.sensor.Frames.RANDOM_MAC;
import static io.footfall.sensor.Frames.concat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FrameParserTest {

  private static final byte[] ELEMENTS = Frames.phoneElements("home-wifi", 6);
  private static final byte[] PROBE = Frames.probeRequest(RANDOM_MAC, 1234, ELEMENTS);

  private static ParsedFrame radiotap(byte[] header, byte[] frame) {
    byte[] packet = concat(header, frame);
    return FrameParser.parse(FrameParser.DLT_IEEE802_11_RADIO, packet, packet.length);
  }

  private static ProbeRequest probe(ParsedFrame f) {
    assertThat(f).isInstanceOf(ProbeRequest.class);
    return (ProbeRequest) f;
  }

  @Test
  void readsSourceSequenceRssiAndRandomBitOfARadiotapProbeRequest() {
    ProbeRequest p = probe(radiotap(Frames.radiotap(0, -55), PROBE));

    assertThat(p.source()).containsExactly(RANDOM_MAC);
    assertThat(p.sequence()).isEqualTo(1234);
    assertThat(p.rssi()).isEqualTo(-55);
    assertThat(p.randomized()).isTrue();
    assertThat(p.fingerprint()).matches("[0-9a-f]{16}");
  }

  @Test
  void globallyAdministeredAddressIsNotRandomized() {
    assertThat(probe(radiotap(Frames.radiotap(0, -40), Frames.probeRequest(GLOBAL_MAC, 1, ELEMENTS)))
        .randomized()).isFalse();
  }

  @Test
  void checksAndStripsTheFcsWhenRadiotapSaysItIsThere() {
    ProbeRequest withFcs = probe(radiotap(Frames.radiotap(Radiotap.FLAG_FCS_AT_END, -55), Frames.withFcs(PROBE)));
    ProbeRequest without = probe(radiotap(Frames.radiotap(0, -55), PROBE));

    assertThat(withFcs.fingerprint()).isEqualTo(without.fingerprint());
  }

  @Test
  void skipsAFrameWhoseFcsDoesNotMatch() {
    ParsedFrame f = radiotap(Frames.radiotap(Radiotap.FLAG_FCS_AT_END, -55), Frames.withBadFcs(PROBE));

    assertThat(f).isEqualTo(new ParsedFrame.Skipped(SkipReason.BAD_FCS));
  }

  @Test
  void skipsAFrameTheRadioFlaggedAsBad() {
    ParsedFrame f = radiotap(Frames.radiotap(Radiotap.FLAG_FCS_AT_END | Radiotap.FLAG_BAD_FCS, -55),
        Frames.withFcs(PROBE));

    assertThat(f).isEqualTo(new ParsedFrame.Skipped(SkipReason.BAD_FCS));
  }

  @Test
  void doesNotCheckTheFcsOfAFrameTheSnapLengthCut() {
    byte[] packet = concat(Frames.radiotap(Radiotap.FLAG_FCS_AT_END, -55), Frames.withFcs(PROBE));
    byte[] snapped = Arrays.copyOf(packet, packet.length - 10);

    assertThat(FrameParser.parse(FrameParser.DLT_IEEE802_11_RADIO, snapped, packet.length))
        .isInstanceOf(ProbeRequest.class);
  }

  @Test
  void recognisesTheFcsOfPlain80211ByItsCrc() {
    ProbeRequest withFcs = probe(FrameParser.parse(FrameParser.DLT_IEEE802_11, Frames.withFcs(PROBE), PROBE.length + 4));
    ProbeRequest without = probe(FrameParser.parse(FrameParser.DLT_IEEE802_11, PROBE, PROBE.length));

    assertThat(withFcs.fingerprint()).isEqualTo(without.fingerprint());
    assertThat(without.rssi()).isNull();
  }

  @Test
  void radiotapWithoutAntennaSignalGivesNoRssi() {
    assertThat(probe(radiotap(Frames.radiotap(0, null), PROBE)).rssi()).isNull();
  }

  @Test
  void readsTheFirstAntennaSignalOfAnExtendedPresenceBitmap() {
    ProbeRequest p = probe(radiotap(Frames.radiotapExtended(-61, -67), PROBE));

    assertThat(p.rssi()).isEqualTo(-61);
    assertThat(p.sequence()).isEqualTo(1234);
  }

  @Test
  void skipsAVendorNamespaceByItsDeclaredLength() {
    assertThat(probe(radiotap(Frames.radiotapVendorNamespace(-70, 5), PROBE)).rssi()).isEqualTo(-70);
    assertThat(probe(radiotap(Frames.radiotapVendorNamespace(-71, 8), PROBE)).rssi()).isEqualTo(-71);
  }

  @Test
  void readsAProbeRequestInsidePpiWithItsSignal() {
    byte[] packet = concat(Frames.ppi(true, -63), Frames.withFcs(PROBE));

    ProbeRequest p = probe(FrameParser.parse(FrameParser.DLT_PPI, packet, packet.length));

    assertThat(p.rssi()).isEqualTo(-63);
    assertThat(p.source()).containsExactly(RANDOM_MAC);
  }

  @Test
  void skipsFramesThatAreNotProbeRequests() {
    assertThat(radiotap(Frames.radiotap(0, -50), Frames.beacon(GLOBAL_MAC)))
        .isEqualTo(new ParsedFrame.Skipped(SkipReason.NOT_PROBE));
  }

  @Test
  void skipsATruncatedHeaderAsTruncated() {
    byte[] cut = Arrays.copyOf(PROBE, 20);
    byte[] header = Frames.radiotap(0, -50);

    assertThat(radiotap(header, cut)).isEqualTo(new ParsedFrame.Skipped(SkipReason.TRUNCATED));
    assertThat(FrameParser.parse(FrameParser.DLT_IEEE802_11_RADIO, Arrays.copyOf(header, 12), 100))
        .isEqualTo(new ParsedFrame.Skipped(SkipReason.TRUNCATED));
  }

  @Test
  void skipsARadiotapHeaderOfAnotherVersionAsMalformed() {
    byte[] header = Frames.radiotap(0, -50);
    header[0] = 1;

    assertThat(radiotap(header, PROBE)).isEqualTo(new ParsedFrame.Skipped(SkipReason.MALFORMED));
  }

  @Test
  void skipsOtherLinkTypes() {
    assertThat(FrameParser.parse(1, PROBE, PROBE.length))
        .isEqualTo(new ParsedFrame.Skipped(SkipReason.UNSUPPORTED_LINKTYPE));
  }
}
