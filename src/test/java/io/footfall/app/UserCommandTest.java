package io.footfall.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.auth.PasswordHash;
import io.footfall.auth.Role;
import io.footfall.auth.User;
import io.footfall.auth.UsersFile;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
