package io.footfall.cli;

import io.footfall.auth.User;
import io.footfall.auth.UsersFile;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The users file and the user every {@code footfall user} subcommand works on, mixed into each of them. */
final class UserOptions {

  @Option(names = "--file", required = true,
      description = "The users file (the 'users' setting); 'user add' creates it if missing.")
  Path file;

  @Option(names = "--name", required = true, description = "The user's login name.")
  String name;

  /** The user as the file holds it now. */
  Optional<User> user() {
    return UsersFile.load(file).stream().filter(u -> u.name().equals(name)).findFirst();
  }

  /** Says the user is not in the file; the exit code of a command that needs them. */
  int noSuchUser() {
    System.err.printf("footfall: no user '%s' in %s%n", name, file);
    return 2;
  }
}
