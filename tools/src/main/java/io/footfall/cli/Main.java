package io.footfall.cli;

import io.footfall.bench.BenchCommand;
import io.footfall.evaluate.EvaluateCommand;
import io.footfall.evaluate.ValidateCommand;
import io.footfall.privacy.OptOutCommand;
import io.footfall.sensor.SensorCommand;
import io.footfall.sim.SimCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code footfall} command line: one jar for the server, the sensor agent and the simulator. */
@Command(name = "footfall", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Real-time footfall and occupancy for shopping malls.",
    subcommands = {DemoCommand.class, ServeCommand.class, SensorCommand.class, SimCommand.class,
        CheckConfigCommand.class, HashSecretCommand.class, UserCommand.class, BenchCommand.class,
        EvaluateCommand.class, ValidateCommand.class, OptOutCommand.class, ConfigReferenceCommand.class,
        DeadLetterCommand.class})
public final class Main implements Runnable {

  public static void main(String[] args) {
    int code = new CommandLine(new Main()).execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** Reads the version Maven wrote into the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"footfall " + (v == null ? "dev" : v)};
    }
  }
}
