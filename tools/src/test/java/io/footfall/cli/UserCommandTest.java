package io.footfall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.auth.ApiToken;
import io.footfall.auth.PasswordHash;
import io.footfall.auth.Role;
import io.footfall.auth.User;
import io.footfall.auth.UsersFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class UserCommandTest {

  @Test
  void addsAStoreManagerWithAHashedPasswordReadFromStandardInput(@TempDir Path dir) {
    Path file = dir.resolve("users.yaml");
    int code = withStdin("a long passphrase\n", () -> new CommandLine(new Main()).execute("user", "add",
        "--file", file.toString(), "--name", "bob", "--role", "store-manager", "--site", "demo-mall",
        "--zone", "store-northwind"));

    assertThat(code).isZero();
    List<User> users = UsersFile.load(file);
    assertThat(users).singleElement().satisfies(u -> {
      assertThat(u.role()).isEqualTo(Role.STORE_MANAGER);
      assertThat(u.zones()).containsExactly("store-northwind");
      assertThat(PasswordHash.verify("a long passphrase".toCharArray(), u.passwordHash())).isTrue();
    });
  }

  @Test
  void refusesAShortPasswordAndAStoreManagerWithoutAZone(@TempDir Path dir) {
    Path file = dir.resolve("users.yaml");
    int shortPassword = withStdin("short\n", () -> new CommandLine(new Main()).execute("user", "add",
        "--file", file.toString(), "--name", "bob", "--role", "admin"));
    int noZone = withStdin("a long passphrase\n", () -> new CommandLine(new Main()).execute("user", "add",
        "--file", file.toString(), "--name", "bob", "--role", "store-manager", "--site", "demo-mall"));

    assertThat(shortPassword).isEqualTo(2);
    assertThat(noZone).isEqualTo(2);
    assertThat(UsersFile.load(file)).isEmpty();
  }

  @Test
  void issuesATokenPrintedOnceAndStoredOnlyAsAHashThenRevokesIt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("users.yaml");
    withStdin("a long passphrase\n", () -> new CommandLine(new Main()).execute("user", "add",
        "--file", file.toString(), "--name", "carol", "--role", "admin"));

    String token = withStdout(() -> new CommandLine(new Main()).execute("user", "token",
        "--file", file.toString(), "--name", "carol", "--label", "nightly export")).strip();
    withStdin("another passphrase\n", () -> new CommandLine(new Main()).execute("user", "add",
        "--file", file.toString(), "--name", "carol", "--role", "admin"));

    assertThat(token).matches("fft_[0-9a-f]{8}_[A-Za-z0-9_-]{43}");
    assertThat(Files.readString(file)).doesNotContain(token).contains(ApiToken.sha256(token), "nightly export");
    ApiToken stored = UsersFile.load(file).get(0).tokens().get(0);
    assertThat(token).startsWith("fft_" + stored.id() + "_");
    assertThat(withStdout(() -> new CommandLine(new Main()).execute("user", "tokens",
        "--file", file.toString(), "--name", "carol"))).contains(stored.id(), "nightly export").doesNotContain(token);

    int revoked = new CommandLine(new Main()).execute("user", "revoke-token", "--file", file.toString(),
        "--name", "carol", "--id", stored.id());
    int again = new CommandLine(new Main()).execute("user", "revoke-token", "--file", file.toString(),
        "--name", "carol", "--id", stored.id());

    assertThat(revoked).isZero();
    assertThat(again).isEqualTo(2);
    assertThat(UsersFile.load(file).get(0).tokens()).isEmpty();
  }

  @Test
  void refusesATokenForAnUnknownUser(@TempDir Path dir) {
    int code = new CommandLine(new Main()).execute("user", "token", "--file", dir.resolve("users.yaml").toString(),
        "--name", "nobody");

    assertThat(code).isEqualTo(2);
  }

  private static String withStdout(java.util.function.IntSupplier run) {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      assertThat(run.getAsInt()).isZero();
      return out.toString(StandardCharsets.UTF_8);
    } finally {
      System.setOut(original);
    }
  }

  private static int withStdin(String text, java.util.function.IntSupplier run) {
    InputStream original = System.in;
    System.setIn(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    try {
      return run.getAsInt();
    } finally {
      System.setIn(original);
    }
  }
}
