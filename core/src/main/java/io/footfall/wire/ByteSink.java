package io.footfall.wire;

import java.io.ByteArrayOutputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * A {@link DataOutput} into a growing array, big-endian like {@link DataOutputStream}, without its per-call
 * synchronisation: a snapshot is taken on the engine's event loop, and a million devices are a dozen million
 * small writes (a {@code DataOutputStream} over a {@code ByteArrayOutputStream} took about 60 ms for 200k devices,
 * this a small fraction of that).
 */
public final class ByteSink implements DataOutput {

  private byte[] bytes;
  private int size;

  public ByteSink(int initialCapacity) {
    bytes = new byte[Math.max(16, initialCapacity)];
  }

  /** Bytes written so far. */
  public int size() {
    return size;
  }

  /** Overwrites the four bytes at {@code at}, written before, with {@code v} (big-endian): a length known later. */
  public void setInt(int at, int v) {
    if (at < 0 || at + 4 > size) {
      throw new IndexOutOfBoundsException("no int written at " + at);
    }
    bytes[at] = (byte) (v >>> 24);
    bytes[at + 1] = (byte) (v >>> 16);
    bytes[at + 2] = (byte) (v >>> 8);
    bytes[at + 3] = (byte) v;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }

  /** The array written into, valid up to {@link #size()}; the next write may replace it. */
  public byte[] array() {
    return bytes;
  }

  /** Forgets what was written, keeping the array for the next writes. */
  public void reset() {
    size = 0;
  }

  @Override
  public void write(int b) {
    ensure(1);
    bytes[size++] = (byte) b;
  }

  @Override
  public void write(byte[] b) {
    write(b, 0, b.length);
  }

  @Override
  public void write(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, bytes, size, len);
    size += len;
  }

  @Override
  public void writeBoolean(boolean v) {
    write(v ? 1 : 0);
  }

  @Override
  public void writeByte(int v) {
    write(v);
  }

  @Override
  public void writeShort(int v) {
    ensure(2);
    bytes[size++] = (byte) (v >>> 8);
    bytes[size++] = (byte) v;
  }

  @Override
  public void writeChar(int v) {
    writeShort(v);
  }

  @Override
  public void writeInt(int v) {
    ensure(4);
    bytes[size++] = (byte) (v >>> 24);
    bytes[size++] = (byte) (v >>> 16);
    bytes[size++] = (byte) (v >>> 8);
    bytes[size++] = (byte) v;
  }

  @Override
  public void writeLong(long v) {
    writeInt((int) (v >>> 32));
    writeInt((int) v);
  }

  @Override
  public void writeFloat(float v) {
    writeInt(Float.floatToIntBits(v));
  }

  @Override
  public void writeDouble(double v) {
    writeLong(Double.doubleToLongBits(v));
  }

  @Override
  public void writeBytes(String s) {
    for (int i = 0; i < s.length(); i++) {
      write(s.charAt(i));
    }
  }

  @Override
  public void writeChars(String s) {
    for (int i = 0; i < s.length(); i++) {
      writeChar(s.charAt(i));
    }
  }

  /** Modified UTF-8, as {@link DataOutputStream#writeUTF}: ids, mostly ASCII, which are written as they are. */
  @Override
  public void writeUTF(String s) {
    int n = s.length();
    if (n < 0x8000 && isAscii(s)) {
      ensure(2 + n);
      bytes[size++] = (byte) (n >>> 8);
      bytes[size++] = (byte) n;
      for (int i = 0; i < n; i++) {
        bytes[size++] = (byte) s.charAt(i);
      }
      return;
    }
    ByteArrayOutputStream encoded = new ByteArrayOutputStream(s.length() + 2);
    try (DataOutputStream out = new DataOutputStream(encoded)) {
      out.writeUTF(s);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode " + s.length() + " characters as modified UTF-8", e);
    }
    write(encoded.toByteArray());
  }

  /** Characters that modified UTF-8 writes as one byte each (not NUL, which it writes as two). */
  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == 0 || c > 0x7f) {
        return false;
      }
    }
    return true;
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(size + more, bytes.length * 2));
    }
  }
}
