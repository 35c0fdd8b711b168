package io.footfall.auth;

import io.footfall.site.Site;
import io.footfall.site.Zone;
import io.footfall.site.ZoneKind;
import java.util.List;

/** The users of {@code footfall demo}: admin, control (control room) and manager (first store), password demo. */
public final class DemoUsers {

  public static final String PASSWORD = "demo";
  /** The demo password is printed for everyone to read, so slow hashing would only slow the demo's start. */
  private static final int ITERATIONS = 10_000;

  private DemoUsers() {
  }

  public static List<User> forSite(Site site) {
    String store = managerStore(site);
    return List.of(
        new User("admin", hash(), Role.ADMIN, List.of(), List.of()),
        new User("control", hash(), Role.CONTROL_ROOM, List.of(site.id()), List.of()),
        new User("manager", hash(), Role.STORE_MANAGER, List.of(site.id()), List.of(store)));
  }

  /** The store the demo's manager looks after. */
  public static String managerStore(Site site) {
    return site.zones().stream().filter(z -> z.kind() == ZoneKind.STORE).map(Zone::id).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("site '" + site.id() + "' has no store zone"));
  }

  private static String hash() {
    return PasswordHash.hash(PASSWORD.toCharArray(), ITERATIONS);
  }
}
