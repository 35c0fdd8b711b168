package io.footfall.analytics;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Arrays written to a snapshot as their non-zero entries: an origin-destination matrix or an hour's silences is
 * mostly zeros. Reading checks every index against the array it fills, so a damaged snapshot fails rather than
 * writing out of place.
 */
final class SparseArrays {

  private SparseArrays() {
  }

  static void write(DataOutput out, int[] values) throws IOException {
    out.writeInt(nonZero(values));
    for (int i = 0; i < values.length; i++) {
      if (values[i] != 0) {
        out.writeInt(i);
        out.writeInt(values[i]);
      }
    }
  }

  static void read(DataInput in, int[] into) throws IOException {
    int n = count(in, into.length);
    for (int k = 0; k < n; k++) {
      into[index(in, into.length)] = in.readInt();
    }
  }

  static void write(DataOutput out, double[] values) throws IOException {
    out.writeInt(nonZero(values));
    for (int i = 0; i < values.length; i++) {
      if (values[i] != 0) {
        out.writeInt(i);
        out.writeDouble(values[i]);
      }
    }
  }

  static void read(DataInput in, double[] into) throws IOException {
    int n = count(in, into.length);
    for (int k = 0; k < n; k++) {
      into[index(in, into.length)] = in.readDouble();
    }
  }

  /** A count of entries, at most {@code bound}. */
  static int count(DataInput in, int bound) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > bound) {
      throw new IOException("count " + n + " outside 0.." + bound);
    }
    return n;
  }

  /** An index into an array of {@code length}. */
  static int index(DataInput in, int length) throws IOException {
    int i = in.readInt();
    if (i < 0 || i >= length) {
      throw new IOException("index " + i + " outside 0.." + (length - 1));
    }
    return i;
  }

  private static int nonZero(int[] values) {
    int n = 0;
    for (int v : values) {
      n += v != 0 ? 1 : 0;
    }
    return n;
  }

  private static int nonZero(double[] values) {
    int n = 0;
    for (double v : values) {
      n += v != 0 ? 1 : 0;
    }
    return n;
  }
}
