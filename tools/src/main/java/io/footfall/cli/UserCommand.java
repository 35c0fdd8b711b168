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
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Mixin
    UserOptions target;

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
        List<ApiToken> tokens = target.user().map(User::tokens).orElse(List.of());
        User user = new User(target.name, PasswordHash.hash(password.strip().toCharArray()), Role.of(role), sites,
            zones, tokens);
        UsersFile.put(target.file, user);
        Audit.userWritten(user, target.file.toString());
        System.out.printf("user %s (%s) written to %s%n", user.name(), user.role().token(), target.file);
        return 0;
      } catch (IllegalArgumentException e) {
        System.err.println("footfall: " + e.getMessage());
        return 2;
      }
    }
  }
}
