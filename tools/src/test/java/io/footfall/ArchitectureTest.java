package io.footfall;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.vertx.core.VerticleBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shape the code promises (docs/architecture.md), checked on the compiled classes of every module: the packages
 * form no cycle, the analytics core stays plain Java, the shared kernel and the core import nothing above them, the
 * sensor agent and the simulator stand on the core alone, and nothing imports the command line.
 */
@AnalyzeClasses(packages = "io.footfall", importOptions = ArchitectureTest.MainClassesOnly.class)
class ArchitectureTest {

  /** The main classes of every module, in a reactor build as in one module's: no test classes, no test-jars. */
  static final class MainClassesOnly implements ImportOption {
    @Override
    public boolean includes(Location location) {
      return !location.contains("/test-classes/") && !location.matches(Pattern.compile(".*-tests\\.jar.*"));
    }
  }

  /** The core modules: plain Java every other package may import. */
  private static final String[] CORE = {"io.footfall.fault..", "io.footfall.console..", "io.footfall.wire..",
      "io.footfall.site..", "io.footfall.analytics..", "io.footfall.decisions.."};

  @ArchTest
  static final ArchRule noPackageCycles = slices().matching("io.footfall.(*)..").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule theCoreImportsNothingAboveIt = classes().that().resideInAnyPackage(CORE)
      .should().onlyDependOnClassesThat().resideOutsideOfPackage("io.footfall..")
      .orShould().dependOnClassesThat().resideInAnyPackage(CORE);

  @ArchTest
  static final ArchRule theCoreHasNoVertx = noClasses().that().resideInAnyPackage(CORE)
      .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "io.netty..", "com.hazelcast..");

  @ArchTest
  static final ArchRule theAnalyticsHaveNoIoNetworkOrThreads = noClasses().that().resideInAPackage("io.footfall.analytics..")
      .should().dependOnClassesThat().resideInAnyPackage("java.nio.file..", "java.nio.channels..", "java.net..",
          "java.util.concurrent..", "org.slf4j..")
      .orShould().dependOnClassesThat().haveNameMatching("java\\.io\\.(File|Random|Print|Console).*");

  @ArchTest
  static final ArchRule theAnalyticsNeverReadTheWallClock = noClasses().that().resideInAPackage("io.footfall.analytics..")
      .should().callMethod(System.class, "currentTimeMillis")
      .orShould().callMethod(System.class, "nanoTime")
      .orShould().callMethod(java.time.Instant.class, "now")
      .orShould().callMethod(java.time.Clock.class, "systemUTC")
      .orShould().callMethod(java.time.Clock.class, "systemDefaultZone");

  @ArchTest
  static final ArchRule theKernelImportsOnlyTheCore = classes().that().resideInAPackage("io.footfall.bus..")
      .should().onlyDependOnClassesThat().resideOutsideOfPackage("io.footfall..")
      .orShould().dependOnClassesThat().resideInAnyPackage(CORE)
      .orShould().dependOnClassesThat().resideInAPackage("io.footfall.bus..");

  @ArchTest
  static final ArchRule theSensorAndTheSimulatorStandOnTheCoreAlone = noClasses()
      .that().resideInAnyPackage("io.footfall.sensor..", "io.footfall.sim..")
      .should().dependOnClassesThat().resideInAnyPackage("io.footfall.bus..", "io.footfall.app..",
          "io.footfall.engine..", "io.footfall.ingest..", "io.footfall.store..", "io.footfall.live..",
          "io.footfall.cluster..", "io.footfall.auth..", "io.footfall.cli..");

  @ArchTest
  static final ArchRule nothingImportsTheCommandLine = noClasses().that().resideOutsideOfPackage("io.footfall.cli..")
      .should().dependOnClassesThat().resideInAPackage("io.footfall.cli..");

  @ArchTest
  static final ArchRule verticlesLiveInTheirCapability = classes().that().areAssignableTo(VerticleBase.class)
      .should().resideOutsideOfPackages("io.footfall.bus..", "io.footfall.app..", "io.footfall.cli..")
      .andShould().haveModifier(com.tngtech.archunit.core.domain.JavaModifier.FINAL);

  /** Javadoc is not in the class files: every verticle says what it consumes and produces, read from the source. */
  @Test
  void everyVerticleDocumentsWhatItConsumesAndProduces() throws IOException {
    List<Path> verticles;
    try (Stream<Path> files = Stream.of("src", "tools/src", "sensor-sim").map(Path::of).flatMap(ArchitectureTest::walk)) {
      verticles = files.filter(p -> p.toString().contains("/main/java/") && p.toString().endsWith(".java"))
          .filter(p -> read(p).contains("extends VerticleBase")).toList();
    }
    assertThat(verticles).isNotEmpty();
    verticles.forEach(file -> assertThat(read(file)).as(file + " documents what it consumes and produces")
        .containsPattern("/\\*\\*[\\s\\S]*?\\*/\\s*(public )?final class"));
  }

  private static Stream<Path> walk(Path dir) {
    try {
      return Files.walk(dir);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
