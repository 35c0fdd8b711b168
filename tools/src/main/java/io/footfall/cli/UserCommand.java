package io.footfall.cli;

import io.footfall.auth.ApiToken;
import io.footfall.auth.Audit;
import io.footfall.auth.PasswordHash;
import io.footfall.auth.Role;
import io.footfall.auth.User;
import io.footfall.auth.UsersFile;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code footfall user add}: adds (or replaces) a dashboard user in the users file, password from stdin;
 * {@code footfall user token | tokens | revoke-token}: issues, lists and revokes a user's API tokens.
 */
@Command(name = "user", mixinStandardHelpOptions = true, description = "Manage dashboard users and their API tokens.",
    subcommands = {UserCommand.Add.class, UserTokenCommands.Issue.class, UserTokenCommands.Listing.class,
        UserTokenCommands.Revoke.class})
final class UserCommand implements Runnable {

  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Add or replace a user; the password is read from the first line of standard input.")
  static final class Add implements Callable<Integer> {

    @Option(names = "--file", required = true, description = "The users file (the 'users' setting); created if missing.")
    Path file;

    @Option(names = "--name", required = true, description = "Login name.")
    String name;

    @Option(names = "--role", required = true, description = "admin, control-room or store-manager.")
    String role;

    @Option(names = "--site", description = "A site the user may see (repeatable; not needed for admin).")
    List<String> sites = List.of();

    @Option(names = "--zone", description = "A store zone a store manager may see (repeatable).")
    List<String> zones = List.of();

    @Override
    public Integer call() throws Exception {
      String password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      if (password == null || password.strip().length() < 8) {
        System.err.println("footfall: the password (first line of standard input) must have at least 8 characters");
        return 2;
      }
      try {
        // replacing a user keeps their API tokens; revoking them is explicit
        List<ApiToken> tokens = UsersFile.load(file).stream().filter(u -> u.name().equals(name))
            .findFirst().map(User::tokens).orElse(List.of());
        User user = new User(name, PasswordHash.hash(password.strip().toCharArray()), Role.of(role), sites, zones, tokens);
        UsersFile.put(file, user);
        Audit.userWritten(user, file.toString());
        System.out.printf("user %s (%s) written to %s%n", user.name(), user.role().token(), file);
        return 0;
      } catch (IllegalArgumentException e) {
        System.err.println("footfall: " + e.getMessage());
        return 2;
      }
    }
  }
}
