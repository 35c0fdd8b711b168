package io.footfall;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The shape the code promises: an analytics core free of Vert.x and IO, and a raw MAC never logged. */
class ArchitectureTest {

  private static final Path MAIN = Path.of("src/main/java/io/footfall");

  @Test
  void theAnalyticsCoreIsPlainJavaWithoutVertxOrIo() throws IOException {
    List<String> offenders = sources(MAIN.resolve("analytics"))
        .filter(file -> contains(file, "import io.vertx") || contains(file, "import java.nio.file")
            || contains(file, "import java.io.File") || contains(file, "System.currentTimeMillis"))
        .map(Path::toString)
        .toList();
    assertThat(offenders).as("analytics classes touching Vert.x, files or the wall clock").isEmpty();
  }

  @Test
  void everyVerticleIsAVerticleBaseWithJavadoc() throws IOException {
    List<Path> verticles = sources(MAIN).filter(file -> contains(file, "extends VerticleBase")).toList();
    assertThat(verticles).isNotEmpty();
    verticles.forEach(file -> assertThat(read(file)).as(file + " documents what it consumes and produces")
        .containsPattern("/\\*\\*[\\s\\S]*?\\*/\\s*(public )?final class"));
  }

  private static Stream<Path> sources(Path dir) throws IOException {
    return Files.walk(dir).filter(p -> p.toString().endsWith(".java"));
  }

  private static boolean contains(Path file, String text) {
    return read(file).contains(text);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
