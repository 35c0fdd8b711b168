package io.footfall.auth;

import java.util.List;
import java.util.function.Predicate;

/**
 * A person who may log in. An admin sees every site; the others see only the sites listed in {@code sites}, a
 * control-room user all their zones, a store manager only the zones listed in {@code zones}.
 *
 * @param passwordHash a {@link PasswordHash} string, never the password
 * @param tokens       the user's API tokens (hashed); a token acts as the user, with the same role, sites and zones
 */
public record User(String name, String passwordHash, Role role, List<String> sites, List<String> zones,
                   List<ApiToken> tokens) {

  /** A user without API tokens. */
  public User(String name, String passwordHash, Role role, List<String> sites, List<String> zones) {
    this(name, passwordHash, role, sites, zones, List.of());
  }

  public User {
    if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}")) {
      throw new IllegalArgumentException("user name must be 1-64 letters, digits or _.@- , got '" + name + "'");
    }
    if (passwordHash == null || passwordHash.isBlank()) {
      throw new IllegalArgumentException("user '" + name + "' has no passwordHash");
    }
    if (role == null) {
      throw new IllegalArgumentException("user '" + name + "' has no role");
    }
    sites = sites == null ? List.of() : List.copyOf(sites);
    zones = zones == null ? List.of() : List.copyOf(zones);
    tokens = tokens == null ? List.of() : List.copyOf(tokens);
    if (role == Role.STORE_MANAGER && (zones.isEmpty() || sites.isEmpty())) {
      throw new IllegalArgumentException("store manager '" + name + "' needs a site and at least one zone");
    }
  }

  /** The same user with other tokens. */
  public User withTokens(List<ApiToken> newTokens) {
    return new User(name, passwordHash, role, sites, zones, newTokens);
  }

  public boolean maySeeSite(String site) {
    return role == Role.ADMIN || sites.contains(site);
  }

  /** Whether every zone of the site is visible (admin and control room), rather than only some stores. */
  public boolean seesWholeSite(String site) {
    return role != Role.STORE_MANAGER && maySeeSite(site);
  }

  public boolean maySeeZone(String site, String zone) {
    return seesWholeSite(site) || maySeeSite(site) && zones.contains(zone);
  }

  /** The zones of a site this user may see, as a filter over zone ids. */
  public Predicate<String> zoneFilter(String site) {
    return zone -> maySeeZone(site, zone);
  }

  /** What the browser may know about the user (never the hash, nor the tokens). */
  public io.vertx.core.json.JsonObject toJson() {
    return new io.vertx.core.json.JsonObject()
        .put("name", name)
        .put("role", role.token())
        .put("sites", new io.vertx.core.json.JsonArray(sites))
        .put("zones", new io.vertx.core.json.JsonArray(zones));
  }
}
