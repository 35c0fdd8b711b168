package io.footfall.cli;

import io.footfall.app.ConfigCheck;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code footfall check-config FILE}: checks a site file or server configuration before anything starts. */
@Command(name = "check-config", mixinStandardHelpOptions = true,
    description = "Check a site file or a server configuration (and the site and key files it names); "
        + "report every problem as FILE:LINE: message. Exit code 0 when all is well, 1 otherwise.")
final class CheckConfigCommand implements Callable<Integer> {

  @Parameters(paramLabel = "FILE", description = "site file or server configuration, YAML or JSON")
  Path file;

  @Override
  public Integer call() {
    ConfigCheck check = ConfigCheck.of(file);
    check.problems().forEach(System.err::println);
    if (!check.problems().isEmpty()) {
      System.err.println(check.problems().size() + " problem(s)");
      return 1;
    }
    check.summary().forEach(line -> System.out.println("ok: " + line));
    return 0;
  }
}
