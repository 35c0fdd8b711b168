package io.footfall.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes sightings batches in the wire format ({@code docs/wire-format.md}) straight into a byte array, the way
 * {@link io.footfall.wire.WireEncoder} would but without a string or object per sighting, so that the generator
 * costs little next to the server it measures. Every sighting carries the fields a real sensor sends (dev, rssi,
 * ts, rand, sn, fp). Not thread-safe: one per lane.
 */
final class BatchWriter {

  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SEQ = b(",\"seq\":");
  private static final byte[] SIGHTINGS = b(",\"sightings\":[");
  private static final byte[] DEV = b("{\"dev\":\"");
  private static final byte[] RSSI = b("\",\"rssi\":");
  private static final byte[] TS = b(",\"ts\":");
  private static final byte[] RAND_TRUE = b(",\"rand\":true,\"sn\":");
  private static final byte[] RAND_FALSE = b(",\"rand\":false,\"sn\":");
  private static final byte[] FP = b(",\"fp\":\"");
  private static final byte[] END_SIGHTING = b("\"}");

  private byte[] out = new byte[4096];
  private int pos;

  /** Starts a batch of a sensor; {@code sensorPrefix} is {@code {"sensor":"<id>"} as bytes. */
  void begin(byte[] sensorPrefix, long seq) {
    pos = 0;
    put(sensorPrefix);
    put(SEQ);
    number(seq);
    put(SIGHTINGS);
  }

  /** Adds a sighting; call between {@link #begin} and {@link #end}. */
  void sighting(boolean first, long dev, int rssi, long ts, boolean random, int sn, long fp) {
    ensure(160);
    if (!first) {
      out[pos++] = ',';
    }
    put(DEV);
    hex(dev, 16);
    put(RSSI);
    number(rssi);
    put(TS);
    number(ts);
    put(random ? RAND_TRUE : RAND_FALSE);
    number(sn);
    put(FP);
    hex(fp, 8);
    put(END_SIGHTING);
  }

  /** Closes the batch and returns its bytes (a copy the caller owns). */
  byte[] end() {
    ensure(2);
    out[pos++] = ']';
    out[pos++] = '}';
    return Arrays.copyOf(out, pos);
  }

  /** {@code {"sensor":"<id>"} as bytes, computed once per sensor. */
  static byte[] sensorPrefix(String sensorId) {
    return b("{\"sensor\":\"" + sensorId + "\"");
  }

  private void hex(long v, int digits) {
    for (int i = digits - 1; i >= 0; i--) {
      out[pos + i] = HEX[(int) (v & 0xf)];
      v >>>= 4;
    }
    pos += digits;
  }

  private void number(long v) {
    ensure(21);
    if (v < 0) {
      out[pos++] = '-';
      v = -v;
    }
    int start = pos;
    do {
      out[pos++] = (byte) ('0' + (v % 10));
      v /= 10;
    } while (v != 0);
    for (int i = start, j = pos - 1; i < j; i++, j--) {
      byte t = out[i];
      out[i] = out[j];
      out[j] = t;
    }
  }

  private void put(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, out, pos, bytes.length);
    pos += bytes.length;
  }

  private void ensure(int more) {
    if (pos + more > out.length) {
      out = Arrays.copyOf(out, Math.max(out.length * 2, pos + more));
    }
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
