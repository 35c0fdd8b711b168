package io.footfall.cluster;

import io.footfall.wire.SightingBatch;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import java.nio.charset.StandardCharsets;

/**
 * Carries a {@link SightingBatch} between cluster nodes as its columns, about 29 bytes per sighting (33 when a time lies more than 24 days from the first): header (site,
 * sensor, sequence, sensor index, time of acceptance), then each column in one run, the repeat-visit ids (8 more
 * bytes each) only when the batch has any. Times are sent as int offsets
 * from the batch's first time. Within a node the batch is passed by reference, as with the local codec.
 */
public final class SightingBatchCodec implements MessageCodec<SightingBatch, SightingBatch> {

  public static final String NAME = "footfall-sighting-batch";

  @Override
  public void encodeToWire(Buffer buffer, SightingBatch b) {
    int start = buffer.length();
    buffer.appendInt(0);
    appendString(buffer, b.site);
    appendString(buffer, b.sensor);
    buffer.appendLong(b.seq).appendInt(b.sensorIndex).appendLong(b.receivedAt).appendInt(b.size);
    long base = b.size == 0 ? 0 : b.ts[0];
    // offsets from the first time in an int, unless a time far from it (a sensor's wrong clock) needs whole times:
    // the node that owns the site refuses such a sighting, and must get the batch to do so
    boolean wide = false;
    for (int i = 0; i < b.size && !wide; i++) {
      wide = b.ts[i] - base != (int) (b.ts[i] - base);
    }
    buffer.appendLong(base).appendByte((byte) (wide ? 1 : 0));
    for (int i = 0; i < b.size; i++) {
      buffer.appendLong(b.dev[i]);
    }
    for (int i = 0; i < b.size; i++) {
      if (wide) {
        buffer.appendLong(b.ts[i]);
      } else {
        buffer.appendInt((int) (b.ts[i] - base));
      }
    }
    for (int i = 0; i < b.size; i++) {
      buffer.appendShort(b.rssi[i]).appendShort(b.sn[i]);
    }
    for (int i = 0; i < b.size; i++) {
      buffer.appendLong(b.fp[i]);
    }
    for (int i = 0; i < b.size; i++) {
      buffer.appendByte(b.flags[i]).appendInt(b.count[i]);
    }
    buffer.appendByte((byte) (b.rid == null ? 0 : 1));
    for (int i = 0; b.rid != null && i < b.size; i++) {
      buffer.appendLong(b.rid[i]);
    }
    buffer.setInt(start, buffer.length() - start - 4);
  }

  @Override
  public SightingBatch decodeFromWire(int pos, Buffer buffer) {
    int[] at = {pos + 4};
    String site = readString(buffer, at);
    String sensor = readString(buffer, at);
    int p = at[0];
    long seq = buffer.getLong(p);
    int sensorIndex = buffer.getInt(p + 8);
    long receivedAt = buffer.getLong(p + 12);
    int size = buffer.getInt(p + 20);
    long base = buffer.getLong(p + 24);
    boolean wide = buffer.getByte(p + 32) != 0;
    p += 33;
    long[] dev = new long[size];
    long[] ts = new long[size];
    short[] rssi = new short[size];
    short[] sn = new short[size];
    long[] fp = new long[size];
    byte[] flags = new byte[size];
    int[] count = new int[size];
    for (int i = 0; i < size; i++, p += 8) {
      dev[i] = buffer.getLong(p);
    }
    for (int i = 0; i < size; i++, p += wide ? 8 : 4) {
      ts[i] = wide ? buffer.getLong(p) : base + buffer.getInt(p);
    }
    for (int i = 0; i < size; i++, p += 4) {
      rssi[i] = buffer.getShort(p);
      sn[i] = buffer.getShort(p + 2);
    }
    for (int i = 0; i < size; i++, p += 8) {
      fp[i] = buffer.getLong(p);
    }
    for (int i = 0; i < size; i++, p += 5) {
      flags[i] = buffer.getByte(p);
      count[i] = buffer.getInt(p + 1);
    }
    long[] rid = buffer.getByte(p++) == 0 ? null : new long[size];
    for (int i = 0; rid != null && i < size; i++, p += 8) {
      rid[i] = buffer.getLong(p);
    }
    return new SightingBatch(site, sensor, seq, size, dev, ts, rssi, sn, fp, flags, count, rid, sensorIndex,
        receivedAt);
  }

  @Override
  public SightingBatch transform(SightingBatch batch) {
    return batch;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }

  private static void appendString(Buffer buffer, String s) {
    byte[] bytes = s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
    buffer.appendInt(bytes.length).appendBytes(bytes);
  }

  private static String readString(Buffer buffer, int[] at) {
    int length = buffer.getInt(at[0]);
    String s = buffer.getString(at[0] + 4, at[0] + 4 + length, "UTF-8");
    at[0] += 4 + length;
    return s;
  }
}
