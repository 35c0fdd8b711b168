package io.footfall.sensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Truncated and mutated real frames: the parser must never throw, whatever it is fed. */
class ParserRobustnessTest {

  private record Frame(int linkType, byte[] bytes) {
  }

  private static List<Frame> realFrames() throws Exception {
    Path dir = RealCaptures.dir();
    List<Frame> frames = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".cap"))
          .filter(p -> !p.toString().contains("brno")).sorted().toList();
    }
    for (Path f : files) {
      try (PcapCapture c = PcapCapture.offline(f, false)) {
        c.run(new PcapCapture.Listener() {
          @Override
          public void frame(long epochMillis, int linkType, byte[] packet, int originalLength) {
            frames.add(new Frame(linkType, packet));
          }

          @Override
          public void idle(long epochMillis) {
          }
        });
      }
    }
    return frames;
  }

  @Test
  void everyTruncationOfEveryRealFrameIsHandled() throws Exception {
    List<Frame> frames = realFrames();
    assertThat(frames).hasSizeGreaterThan(500);
    for (Frame f : frames) {
      for (int length = 0; length <= f.bytes().length; length++) {
        byte[] cut = Arrays.copyOf(f.bytes(), length);
        assertThatCode(() -> FrameParser.parse(f.linkType(), cut, f.bytes().length)).doesNotThrowAnyException();
        assertThatCode(() -> FrameParser.parse(f.linkType(), cut, cut.length)).doesNotThrowAnyException();
      }
    }
  }

  @Test
  void randomMutationsOfRealFramesAreHandled() throws Exception {
    List<Frame> frames = realFrames();
    Random random = new Random(20241129);
    int[] linkTypes = {FrameParser.DLT_IEEE802_11, FrameParser.DLT_IEEE802_11_RADIO, FrameParser.DLT_PPI};
    for (int round = 0; round < 200_000; round++) {
      Frame f = frames.get(random.nextInt(frames.size()));
      byte[] b = Arrays.copyOf(f.bytes(), Math.max(0, f.bytes().length - random.nextInt(8)));
      int flips = 1 + random.nextInt(6);
      for (int i = 0; i < flips && b.length > 0; i++) {
        // most headers live in the first 100 bytes: mutate there more often
        int at = random.nextBoolean() ? random.nextInt(Math.min(b.length, 100)) : random.nextInt(b.length);
        b[at] = (byte) random.nextInt(256);
      }
      int linkType = random.nextInt(10) == 0 ? linkTypes[random.nextInt(3)] : f.linkType();
      assertThatCode(() -> FrameParser.parse(linkType, b, b.length + random.nextInt(3)))
          .doesNotThrowAnyException();
    }
  }

  @Test
  void randomBytesAreHandled() {
    Random random = new Random(7);
    for (int round = 0; round < 100_000; round++) {
      byte[] b = new byte[random.nextInt(120)];
      random.nextBytes(b);
      if (b.length > 3 && random.nextBoolean()) {
        b[0] = 0;
        b[2] = (byte) random.nextInt(b.length + 10);
        b[3] = 0;
      }
      int linkType = new int[] {105, 127, 192}[random.nextInt(3)];
      assertThatCode(() -> FrameParser.parse(linkType, b, b.length)).doesNotThrowAnyException();
    }
  }
}
