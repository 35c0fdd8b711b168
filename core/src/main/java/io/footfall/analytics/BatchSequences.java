package io.footfall.analytics;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * The batch numbers each sensor of a site had taken lately, to take every batch once: the newest number and a
 * window of the {@link #WINDOW} below it, one bit each, and the newest sighting time of all it took. A number
 * within the window is a re-send when its bit is set, whatever the transport says, unless the batch holds a sighting
 * newer than any taken: a re-send holds only what was sent before, so that is a sensor counting afresh
 * (reinstalled, its queue wiped). A number below the window is a sensor counting afresh too, since re-sends are of
 * the few batches in flight when a connection broke.
 */
final class BatchSequences {

  static final int WINDOW = 1024;
  private static final int WORDS = WINDOW / 64;
  private static final long NONE = -1;

  private final long[] newest;
  private final long[] newestTs;
  private final long[] bits;

  BatchSequences(int sensors) {
    newest = new long[sensors];
    Arrays.fill(newest, NONE);
    newestTs = new long[sensors];
    Arrays.fill(newestTs, Long.MIN_VALUE);
    bits = new long[sensors * WORDS];
  }

  /**
   * Whether sensor's batch {@code seq}, whose newest sighting is dated {@code batchNewestTs} ({@link Long#MIN_VALUE}
   * when empty), was taken before; marks it taken.
   */
  boolean seen(int sensor, long seq, long batchNewestTs) {
    long top = newest[sensor];
    boolean newer = batchNewestTs > newestTs[sensor];
    newestTs[sensor] = Math.max(newestTs[sensor], batchNewestTs);
    if (top == NONE || seq > top + WINDOW || seq <= top - WINDOW || (newer && seq <= top && isSet(sensor, seq))) {
      clear(sensor);
      newest[sensor] = seq;
      set(sensor, seq);
      return false;
    }
    if (seq > top) {
      for (long s = top + 1; s <= seq; s++) {
        unset(sensor, s);
      }
      newest[sensor] = seq;
      set(sensor, seq);
      return false;
    }
    if (isSet(sensor, seq)) {
      return true;
    }
    set(sensor, seq);
    return false;
  }

  /** Lets a batch be taken again: it was not applied after all (the analytics failed on it). */
  void forget(int sensor, long seq) {
    long top = newest[sensor];
    if (top != NONE && seq <= top && seq > top - WINDOW) {
      unset(sensor, seq);
    }
  }

  void writeTo(DataOutput out) throws IOException {
    for (int s = 0; s < newest.length; s++) {
      out.writeLong(newest[s]);
      out.writeLong(newestTs[s]);
    }
    for (long word : bits) {
      out.writeLong(word);
    }
  }

  void readFrom(DataInput in) throws IOException {
    for (int s = 0; s < newest.length; s++) {
      newest[s] = in.readLong();
      newestTs[s] = in.readLong();
    }
    for (int w = 0; w < bits.length; w++) {
      bits[w] = in.readLong();
    }
  }

  private void clear(int sensor) {
    Arrays.fill(bits, sensor * WORDS, (sensor + 1) * WORDS, 0L);
  }

  private int word(int sensor, long seq) {
    return sensor * WORDS + (int) (Math.floorMod(seq, (long) WINDOW) >>> 6);
  }

  private boolean isSet(int sensor, long seq) {
    return (bits[word(sensor, seq)] & (1L << (seq & 63))) != 0;
  }

  private void set(int sensor, long seq) {
    bits[word(sensor, seq)] |= 1L << (seq & 63);
  }

  private void unset(int sensor, long seq) {
    bits[word(sensor, seq)] &= ~(1L << (seq & 63));
  }
}
