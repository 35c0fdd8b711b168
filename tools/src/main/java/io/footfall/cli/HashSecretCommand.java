package io.footfall.cli;

import io.footfall.site.SensorSecrets;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Prints the salted hash of a sensor password read from standard input, for the {@code secret} of a site file. */
@Command(name = "hash-secret", mixinStandardHelpOptions = true,
    description = "Read a sensor password from standard input and print the hash to put in the site file.")
final class HashSecretCommand implements Callable<Integer> {

  @Override
  public Integer call() throws Exception {
    String password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    if (password == null || password.isBlank()) {
      System.err.println("no password on standard input");
      return 2;
    }
    System.out.println(SensorSecrets.hash(password.strip()));
    return 0;
  }
}
