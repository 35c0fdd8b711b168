package io.footfall.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Snapshots and journal records written through {@link ByteSink} must read back with {@code DataInputStream}, byte for byte. */
class ByteSinkTest {

  @Test
  void writesWhatDataOutputStreamWrites() throws IOException {
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    try (DataOutputStream reference = new DataOutputStream(expected)) {
      writeEverything(reference);
    }
    ByteSink sink = new ByteSink(1);
    writeEverything(sink);

    assertThat(sink.toByteArray()).isEqualTo(expected.toByteArray());
  }

  private static void writeEverything(DataOutput out) throws IOException {
    out.writeInt(0xCAFEBABE);
    out.writeLong(-2L);
    out.writeLong(Long.MIN_VALUE + 12345);
    out.writeShort(-1);
    out.writeShort(0x1234);
    out.writeByte(0x80);
    out.writeBoolean(true);
    out.writeChar('é');
    out.writeFloat(-1.5f);
    out.writeDouble(Math.PI);
    out.writeUTF("demo-mall ünïcode €");
    out.writeUTF("sensor-07 plain ascii");
    out.writeUTF("nul\u0000inside");
    out.writeUTF("");
    out.writeBytes("ab");
    out.writeChars("cd");
    out.write(new byte[] {1, 2, 3, 4, 5}, 1, 3);
    for (int i = 0; i < 10_000; i++) {
      out.writeInt(i * 7919);
    }
  }
}
