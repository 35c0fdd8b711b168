package io.footfall.cli;

import io.footfall.auth.ApiToken;
import io.footfall.auth.Audit;
import io.footfall.auth.User;
import io.footfall.auth.UsersFile;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code footfall user token | tokens | revoke-token}: API tokens for scripts and other systems. A token acts as
 * its user (same role, sites and zones); only its SHA-256 is written to the users file, the token itself is
 * printed once. A running server picks the change up within seconds (it re-reads the users file).
 */
final class UserTokenCommands {

  private UserTokenCommands() {
  }

  /** The users file and the user, shared by the subcommands. */
  static class Target {
    @Option(names = "--file", required = true, description = "The users file (the 'users' setting).")
    Path file;

    @Option(names = "--name", required = true, description = "The user the token belongs to.")
    String name;

    Optional<User> user() {
      return UsersFile.load(file).stream().filter(u -> u.name().equals(name)).findFirst();
    }

    int noSuchUser() {
      System.err.printf("footfall: no user '%s' in %s%n", name, file);
      return 2;
    }
  }

  @Command(name = "token", mixinStandardHelpOptions = true,
      description = "Issue an API token for a user and print it (once: only its hash is kept).")
  static final class Issue extends Target implements Callable<Integer> {

    @Option(names = "--label", description = "What the token is for, shown by 'footfall user tokens'.")
    String label = "";

    @Override
    public Integer call() {
      Optional<User> user = user();
      if (user.isEmpty()) {
        return noSuchUser();
      }
      ApiToken.Issued issued = ApiToken.issue(label, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
      List<ApiToken> tokens = new ArrayList<>(user.get().tokens());
      tokens.add(issued.stored());
      UsersFile.put(file, user.get().withTokens(tokens));
      Audit.tokenIssued(name, issued.stored().id(), file.toString());
      System.err.printf("token %s issued for %s (%s); it is shown only now:%n", issued.stored().id(), name,
          user.get().role().token());
      System.out.println(issued.token());
      return 0;
    }
  }

  @Command(name = "tokens", mixinStandardHelpOptions = true, description = "List a user's API tokens (ids and labels).")
  static final class Listing extends Target implements Callable<Integer> {

    @Override
    public Integer call() {
      Optional<User> user = user();
      if (user.isEmpty()) {
        return noSuchUser();
      }
      user.get().tokens().forEach(t -> System.out.printf("%s  %s  %s%n", t.id(), t.created(), t.label()));
      return 0;
    }
  }

  @Command(name = "revoke-token", mixinStandardHelpOptions = true, description = "Revoke one of a user's API tokens.")
  static final class Revoke extends Target implements Callable<Integer> {

    @Option(names = "--id", required = true, description = "The token's id (see 'footfall user tokens').")
    String id;

    @Override
    public Integer call() {
      Optional<User> user = user();
      if (user.isEmpty()) {
        return noSuchUser();
      }
      List<ApiToken> kept = user.get().tokens().stream().filter(t -> !t.id().equals(id)).toList();
      if (kept.size() == user.get().tokens().size()) {
        System.err.printf("footfall: user '%s' has no token '%s'%n", name, id);
        return 2;
      }
      UsersFile.put(file, user.get().withTokens(kept));
      Audit.tokenRevoked(name, id, file.toString());
      System.out.printf("token %s of %s revoked%n", id, name);
      return 0;
    }
  }
}
