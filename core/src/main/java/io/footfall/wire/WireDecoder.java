package io.footfall.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.footfall.fault.ClientFault;
import java.io.IOException;
import java.util.Arrays;

/**
 * Decodes a sightings batch ({@code docs/wire-format.md}) straight from the payload bytes into a
 * {@link SightingBatch}, with a streaming parser and no object per sighting. Every violation is a
 * {@link ClientFault} whose reason is {@code json} (not JSON at all) or {@code schema} (JSON of the wrong
 * shape), and whose message names the offending field.
 */
public final class WireDecoder {

  /** Earliest and latest accepted {@code ts}: 2000-01-01 and 2100-01-01 UTC. */
  static final long MIN_TS = 946_684_800_000L;
  static final long MAX_TS = 4_102_444_800_000L;
  static final int MAX_ID_CHARS = 64;

  private static final JsonFactory JSON = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).maxStringLength(1024).build())
      .build();

  /**
   * Per thread, the columns a batch is read into: reused, so that a batch allocates its own arrays once, at their
   * size, instead of columns that start small, grow by copying and are copied again to size.
   */
  private static final int SCRATCH_INITIAL = 64;
  private static final ThreadLocal<Columns> SCRATCH = ThreadLocal.withInitial(() -> new Columns(SCRATCH_INITIAL));
  /** Columns grown past this by one huge batch are not kept for the next. */
  private static final int SCRATCH_KEPT = 8192;

  private final int maxSightings;

  /** @param maxSightings largest number of sightings accepted in one batch */
  public WireDecoder(int maxSightings) {
    this.maxSightings = maxSightings;
  }

  public SightingBatch decode(byte[] payload) {
    try (JsonParser p = JSON.createParser(payload)) {
      return readBatch(p);
    } catch (JsonParseException e) {
      throw ClientFault.badInput("json", "not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ClientFault.badInput("json", "unreadable payload: " + e.getMessage());
    }
  }

  private SightingBatch readBatch(JsonParser p) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw schema("the batch must be a JSON object");
    }
    String sensor = null;
    long seq = -1;
    Columns cols = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "sensor" -> {
          if (value != JsonToken.VALUE_STRING || p.getTextLength() == 0 || p.getTextLength() > MAX_ID_CHARS) {
            throw schema("sensor: must be a string of 1-64 characters");
          }
          sensor = p.getText();
        }
        case "seq" -> {
          if (value != JsonToken.VALUE_NUMBER_INT || p.getLongValue() < 0) {
            throw schema("seq: must be a non-negative integer");
          }
          seq = p.getLongValue();
        }
        case "sightings" -> {
          if (value != JsonToken.START_ARRAY) {
            throw schema("sightings: must be an array");
          }
          cols = readSightings(p);
        }
        default -> p.skipChildren();
      }
    }
    if (p.nextToken() != null) {
      throw schema("trailing content after the batch object");
    }
    if (sensor == null) {
      throw schema("sensor: missing");
    }
    if (seq < 0) {
      throw schema("seq: missing");
    }
    if (cols == null) {
      throw schema("sightings: missing");
    }
    SightingBatch batch = cols.toBatch(sensor, seq);
    if (cols.dev.length > SCRATCH_KEPT) {
      SCRATCH.set(new Columns(SCRATCH_INITIAL));
    }
    return batch;
  }

  private Columns readSightings(JsonParser p) throws IOException {
    Columns c = SCRATCH.get();
    c.clear();
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (c.size == maxSightings) {
        throw schema("sightings: more than " + maxSightings + " in one batch");
      }
      if (t != JsonToken.START_OBJECT) {
        throw schema("sightings[" + c.size + "]: must be an object");
      }
      readSighting(p, c);
    }
    return c;
  }

  private void readSighting(JsonParser p, Columns c) throws IOException {
    int i = c.size;
    c.grow();
    long dev = 0;
    long ts = -1;
    short rssi = SightingBatch.NO_RSSI;
    short sn = SightingBatch.NO_SN;
    long fp = SightingBatch.NO_FP;
    byte flags = 0;
    int count = 1;
    long rid = SightingBatch.NO_RID;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken v = p.nextToken();
      switch (field) {
        case "dev" -> {
          if (v != JsonToken.VALUE_STRING || p.getTextLength() == 0 || p.getTextLength() > MAX_ID_CHARS) {
            throw schema("sightings[" + i + "].dev: must be a string of 1-64 characters");
          }
          dev = DeviceKeys.of(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        }
        case "ts" -> {
          if (v != JsonToken.VALUE_NUMBER_INT || p.getLongValue() < MIN_TS || p.getLongValue() >= MAX_TS) {
            throw schema("sightings[" + i + "].ts: must be epoch milliseconds between 2000 and 2100");
          }
          ts = p.getLongValue();
        }
        case "rssi" -> {
          if (v != JsonToken.VALUE_NUMBER_INT || p.getIntValue() < -127 || p.getIntValue() > 20) {
            throw schema("sightings[" + i + "].rssi: must be an integer dBm between -127 and 20");
          }
          rssi = (short) p.getIntValue();
        }
        case "sn" -> {
          if (v != JsonToken.VALUE_NUMBER_INT || p.getIntValue() < 0 || p.getIntValue() > 4095) {
            throw schema("sightings[" + i + "].sn: must be an 802.11 sequence number, 0-4095");
          }
          sn = (short) p.getIntValue();
        }
        case "fp" -> {
          if (v != JsonToken.VALUE_STRING || p.getTextLength() == 0 || p.getTextLength() > MAX_ID_CHARS) {
            throw schema("sightings[" + i + "].fp: must be a string of 1-64 characters");
          }
          fp = DeviceKeys.of(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        }
        case "rand" -> {
          if (v != JsonToken.VALUE_TRUE && v != JsonToken.VALUE_FALSE) {
            throw schema("sightings[" + i + "].rand: must be true or false");
          }
          flags = v == JsonToken.VALUE_TRUE ? SightingBatch.FLAG_RANDOM : 0;
        }
        case "n" -> {
          if (v != JsonToken.VALUE_NUMBER_INT || p.getIntValue() < 1 || p.getIntValue() > 100_000) {
            throw schema("sightings[" + i + "].n: must be a positive frame count");
          }
          count = p.getIntValue();
        }
        case "rid" -> {
          rid = v == JsonToken.VALUE_STRING ? rid(p.getTextCharacters(), p.getTextOffset(), p.getTextLength()) : 0;
          if (rid == SightingBatch.NO_RID) {
            throw schema("sightings[" + i + "].rid: must be 16 hex digits, not all zero");
          }
        }
        default -> p.skipChildren();
      }
    }
    if (rid != SightingBatch.NO_RID && flags == SightingBatch.FLAG_RANDOM) {
      throw schema("sightings[" + i + "].rid: not allowed with rand=true (locally administered addresses)");
    }
    if (dev == 0) {
      throw schema("sightings[" + i + "].dev: missing");
    }
    if (ts < 0) {
      throw schema("sightings[" + i + "].ts: missing");
    }
    c.dev[i] = dev;
    c.ts[i] = ts;
    c.rssi[i] = rssi;
    c.sn[i] = sn;
    c.fp[i] = fp;
    c.flags[i] = flags;
    c.count[i] = count;
    // written always: the columns are reused, and a slot holds the last batch's value until overwritten
    c.rid[i] = rid;
    c.anyRid |= rid != SightingBatch.NO_RID;
  }

  /** The value of a 16-hex-digit id, or 0 when it is not one. */
  private static long rid(char[] s, int offset, int length) {
    if (length != 16) {
      return 0;
    }
    long v = 0;
    for (int i = 0; i < 16; i++) {
      int d = Character.digit(s[offset + i], 16);
      if (d < 0) {
        return 0;
      }
      v = (v << 4) | d;
    }
    return v;
  }

  private static ClientFault schema(String message) {
    return ClientFault.badInput("schema", message);
  }

  /** Growable columns, reused batch after batch by one thread; copied to size once a batch is complete. */
  private static final class Columns {
    int size;
    long[] dev;
    long[] ts;
    short[] rssi;
    short[] sn;
    long[] fp;
    byte[] flags;
    int[] count;
    long[] rid;
    boolean anyRid;

    Columns(int capacity) {
      dev = new long[capacity];
      ts = new long[capacity];
      rssi = new short[capacity];
      sn = new short[capacity];
      fp = new long[capacity];
      flags = new byte[capacity];
      count = new int[capacity];
      rid = new long[capacity];
    }

    void clear() {
      size = 0;
      anyRid = false;
    }

    void grow() {
      if (size == dev.length) {
        int n = size * 2;
        dev = Arrays.copyOf(dev, n);
        ts = Arrays.copyOf(ts, n);
        rssi = Arrays.copyOf(rssi, n);
        sn = Arrays.copyOf(sn, n);
        fp = Arrays.copyOf(fp, n);
        flags = Arrays.copyOf(flags, n);
        count = Arrays.copyOf(count, n);
        rid = Arrays.copyOf(rid, n);
      }
      size++;
    }

    SightingBatch toBatch(String sensor, long seq) {
      return new SightingBatch(null, sensor, seq, size, Arrays.copyOf(dev, size), Arrays.copyOf(ts, size),
          Arrays.copyOf(rssi, size), Arrays.copyOf(sn, size), Arrays.copyOf(fp, size), Arrays.copyOf(flags, size),
          Arrays.copyOf(count, size), anyRid ? Arrays.copyOf(rid, size) : null, -1, 0L);
    }
  }
}
