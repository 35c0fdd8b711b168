package io.footfall.cli;

import io.footfall.app.ConfigReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code footfall config-reference}: prints the Markdown reference of every setting (key, default, meaning),
 * generated from the config records and {@code footfall-defaults.yaml} ({@link ConfigReference}); with
 * {@code --write FILE} it replaces the generated section of that file (docs/configuration.md) instead.
 */
@Command(name = "config-reference", mixinStandardHelpOptions = true,
    description = "Print the reference of every server setting (key, default, meaning) as Markdown, generated "
        + "from the config records and footfall-defaults.yaml.")
final class ConfigReferenceCommand implements Callable<Integer> {

  @Option(names = "--write", paramLabel = "FILE",
      description = "replace the generated section of FILE (between its markers) instead of printing")
  Path write;

  @Override
  public Integer call() throws IOException {
    String reference = ConfigReference.markdown();
    if (write == null) {
      System.out.print(reference);
      return 0;
    }
    String document = Files.readString(write, StandardCharsets.UTF_8);
    if (ConfigReference.section(document) == null) {
      System.err.println(write + ": no generated section; add the lines " + ConfigReference.BEGIN + " and "
          + ConfigReference.END);
      return 1;
    }
    Files.writeString(write, ConfigReference.replaceSection(document, reference), StandardCharsets.UTF_8);
    System.out.println("wrote the settings reference to " + write);
    return 0;
  }
}
