package io.footfall.wire;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;

/**
 * A resolved {@link SightingBatch} as compact bytes and back, every field kept (site, sensor, number, sensor index,
 * arrival), for what must read a batch again exactly as the engine took it: the engine's journal.
 */
public final class BatchBytes {

  private static final int PER_SIGHTING = 8 + 8 + 2 + 2 + 8 + 1 + 4 + 8;

  private BatchBytes() {
  }

  public static byte[] encode(SightingBatch b) {
    ByteSink out = new ByteSink(64 + b.size * PER_SIGHTING);
    encode(b, out);
    return out.toByteArray();
  }

  /** Appends the batch to {@code out}: the engine's journal writes records back to back into one buffer. */
  public static void encode(SightingBatch b, ByteSink out) {
    out.writeUTF(b.site == null ? "" : b.site);
    out.writeUTF(b.sensor);
    out.writeLong(b.seq);
    out.writeInt(b.sensorIndex);
    out.writeLong(b.receivedAt);
    out.writeInt(b.size);
    out.writeBoolean(b.rid != null);
    for (int i = 0; i < b.size; i++) {
      out.writeLong(b.dev[i]);
      out.writeLong(b.ts[i]);
      out.writeShort(b.rssi[i]);
      out.writeShort(b.sn[i]);
      out.writeLong(b.fp[i]);
      out.writeByte(b.flags[i]);
      out.writeInt(b.count[i]);
      if (b.rid != null) {
        out.writeLong(b.rid[i]);
      }
    }
  }

  /** @throws IOException when the bytes are not a whole batch */
  public static SightingBatch decode(byte[] bytes) throws IOException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      String site = in.readUTF();
      String sensor = in.readUTF();
      long seq = in.readLong();
      int sensorIndex = in.readInt();
      long receivedAt = in.readLong();
      int size = in.readInt();
      boolean rids = in.readBoolean();
      if (size < 0 || (long) size * (rids ? PER_SIGHTING : PER_SIGHTING - 8) > bytes.length) {
        throw new IOException("batch of " + size + " sightings in " + bytes.length + " bytes");
      }
      long[] dev = new long[size];
      long[] ts = new long[size];
      short[] rssi = new short[size];
      short[] sn = new short[size];
      long[] fp = new long[size];
      byte[] flags = new byte[size];
      int[] count = new int[size];
      long[] rid = rids ? new long[size] : null;
      for (int i = 0; i < size; i++) {
        dev[i] = in.readLong();
        ts[i] = in.readLong();
        rssi[i] = in.readShort();
        sn[i] = in.readShort();
        fp[i] = in.readLong();
        flags[i] = in.readByte();
        count[i] = in.readInt();
        if (rid != null) {
          rid[i] = in.readLong();
        }
      }
      return new SightingBatch(site.isEmpty() ? null : site, sensor, seq, size, dev, ts, rssi, sn, fp, flags, count,
          rid, sensorIndex, receivedAt);
    }
  }
}
