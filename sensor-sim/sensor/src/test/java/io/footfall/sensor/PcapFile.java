package io.footfall.sensor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes classic pcap files (global header + records, little-endian, microsecond timestamps) for tests. */
final class PcapFile {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

  PcapFile(int linkType) {
    bytes.writeBytes(le(24).putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
        .putInt(65535).putInt(linkType).array());
  }

  /** Adds a packet captured in full at {@code epochMillis}. */
  PcapFile add(long epochMillis, byte[] packet) {
    return add(epochMillis, packet, packet.length);
  }

  /** Adds a packet of which only {@code packet} was captured out of {@code originalLength} bytes. */
  PcapFile add(long epochMillis, byte[] packet, int originalLength) {
    bytes.writeBytes(le(16).putInt((int) (epochMillis / 1000)).putInt((int) (epochMillis % 1000 * 1000))
        .putInt(packet.length).putInt(originalLength).array());
    bytes.writeBytes(packet);
    return this;
  }

  Path writeTo(Path file) throws IOException {
    Files.write(file, bytes.toByteArray());
    return file;
  }

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }
}
