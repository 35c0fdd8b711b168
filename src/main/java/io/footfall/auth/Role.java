package io.footfall.auth;

import java.util.Arrays;
import java.util.Locale;

/** What a user may see: everything, every zone of the granted sites, or only the granted store zones. */
public enum Role {
  ADMIN("admin"),
  CONTROL_ROOM("control-room"),
  STORE_MANAGER("store-manager");

  private final String token;

  Role(String token) {
    this.token = token;
  }

  /** The name used in the users file, on the command line and in the API. */
  public String token() {
    return token;
  }

  public static Role of(String token) {
    String wanted = token == null ? "" : token.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(r -> r.token.equals(wanted)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            "role must be admin, control-room or store-manager, got '" + token + "'"));
  }
}
