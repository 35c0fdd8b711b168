package io.footfall.sensor;

import java.util.Arrays;

/**
 * A parsed 802.11 probe request. The source address stays inside the sensor process: it is turned into a
 * pseudonym by {@link DevicePseudonyms} before anything is published, and never logged.
 *
 * @param source      transmitter address (addr2), 6 bytes
 * @param sequence    802.11 sequence number, 0-4095
 * @param rssi        first antenna signal in dBm from radiotap or PPI, or null when the capture carries none
 * @param fingerprint 16 hex digits over the information elements that survive MAC rotation
 */
public record ProbeRequest(byte[] source, int sequence, Integer rssi, String fingerprint) implements ParsedFrame {

  /** Whether the source address is locally administered, which phones use for randomized MACs. */
  public boolean randomized() {
    return (source[0] & 0x02) != 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProbeRequest p && Arrays.equals(source, p.source) && sequence == p.sequence
        && java.util.Objects.equals(rssi, p.rssi) && java.util.Objects.equals(fingerprint, p.fingerprint);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(source) + sequence;
  }

  /** Never prints the address, so a record that ends up in a log line cannot leak it. */
  @Override
  public String toString() {
    return "ProbeRequest[sequence=" + sequence + ", rssi=" + rssi + ", fingerprint=" + fingerprint + "]";
  }
}
