package io.footfall.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersFileTest {

  @Test
  void addsAndReplacesUsersByName(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("users.yaml");
    UsersFile.put(file, new User("bob", PasswordHash.hash("pw".toCharArray(), 1_000), Role.STORE_MANAGER,
        List.of("demo-mall"), List.of("store-northwind")));
    UsersFile.put(file, new User("alice", "pbkdf2-sha256$1$a$b", Role.CONTROL_ROOM, List.of("demo-mall"), null));
    UsersFile.put(file, new User("alice", "pbkdf2-sha256$1$c$d", Role.ADMIN, null, null));

    List<User> users = UsersFile.load(file);
    assertThat(users).extracting(User::name).containsExactly("bob", "alice");
    assertThat(users.get(1).role()).isEqualTo(Role.ADMIN);
    assertThat(users.get(0).zones()).containsExactly("store-northwind");
    assertThat(Files.readString(file)).contains("role: \"store-manager\"").doesNotContain("pw\n");
  }

  @Test
  void aStoreManagerNeedsASiteAndAZone() {
    assertThatThrownBy(() -> new User("bob", "h", Role.STORE_MANAGER, List.of("demo-mall"), List.of()))
        .hasMessageContaining("needs a site and at least one zone");
    assertThatThrownBy(() -> Role.of("superuser")).hasMessageContaining("admin, control-room or store-manager");
  }

  @Test
  void rolesLimitSitesAndZones() {
    User manager = new User("bob", "h", Role.STORE_MANAGER, List.of("demo-mall"), List.of("store-northwind"));
    User control = new User("carol", "h", Role.CONTROL_ROOM, List.of("demo-mall"), List.of());
    assertThat(manager.maySeeZone("demo-mall", "store-northwind")).isTrue();
    assertThat(manager.maySeeZone("demo-mall", "store-lumen")).isFalse();
    assertThat(manager.maySeeZone("other", "store-northwind")).isFalse();
    assertThat(control.maySeeZone("demo-mall", "store-lumen")).isTrue();
    assertThat(control.maySeeSite("other")).isFalse();
  }
}
