package io.footfall.cli;

import io.footfall.auth.ApiToken;
import io.footfall.auth.Audit;
import io.footfall.auth.User;
import io.footfall.auth.UsersFile;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code footfall user token | tokens | revoke-token}: API tokens for scripts and other systems. A token acts as
 * its user (same role, sites and zones); only its SHA-256 is written to the users file, the token itself is
 * printed once. A running server picks the change up within seconds (it re-reads the users file).
 */
final class UserTokenCommands {

  private UserTokenCommands() {
  }

  @Command(name = "token", mixinStandardHelpOptions = true,
      description = "Issue an API token for a user and print it (once: only its hash is kept).")
  static final class Issue implements Callable<Integer> {

    @Mixin
    UserOptions target;

    @Option(names = "--label", description = "What the token is for, shown by 'footfall user tokens'.")
    String label = "";

    @Override
    public Integer call() {
      Optional<User> user = target.user();
      if (user.isEmpty()) {
        return target.noSuchUser();
      }
      ApiToken.Issued issued = ApiToken.issue(label, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
      List<ApiToken> tokens = new ArrayList<>(user.get().tokens());
      tokens.add(issued.stored());
      UsersFile.put(target.file, user.get().withTokens(tokens));
      Audit.tokenIssued(target.name, issued.stored().id(), target.file.toString());
      System.err.printf("token %s issued for %s (%s); it is shown only now:%n", issued.stored().id(), target.name,
          user.get().role().token());
      System.out.println(issued.token());
      return 0;
    }
  }

  @Command(name = "tokens", mixinStandardHelpOptions = true, description = "List a user's API tokens (ids and labels).")
  static final class Listing implements Callable<Integer> {

    @Mixin
    UserOptions target;

    @Override
    public Integer call() {
      Optional<User> user = target.user();
      if (user.isEmpty()) {
        return target.noSuchUser();
      }
      user.get().tokens().forEach(t -> System.out.printf("%s  %s  %s%n", t.id(), t.created(), t.label()));
      return 0;
    }
  }

  @Command(name = "revoke-token", mixinStandardHelpOptions = true, description = "Revoke one of a user's API tokens.")
  static final class Revoke implements Callable<Integer> {

    @Mixin
    UserOptions target;

    @Option(names = "--id", required = true, description = "The token's id (see 'footfall user tokens').")
    String id;

    @Override
    public Integer call() {
      Optional<User> user = target.user();
      if (user.isEmpty()) {
        return target.noSuchUser();
      }
      List<ApiToken> kept = user.get().tokens().stream().filter(t -> !t.id().equals(id)).toList();
      if (kept.size() == user.get().tokens().size()) {
        System.err.printf("footfall: user '%s' has no token '%s'%n", target.name, id);
        return 2;
      }
      UsersFile.put(target.file, user.get().withTokens(kept));
      Audit.tokenRevoked(target.name, id, target.file.toString());
      System.out.printf("token %s of %s revoked%n", id, target.name);
      return 0;
    }
  }
}
