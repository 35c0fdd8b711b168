package io.footfall.site;

import java.util.Arrays;

/** What a zone is for; decides how the analytics treat it (capture rate is for stores, frontage is corridor). */
public enum ZoneKind {
  STORE("store"),
  CORRIDOR("corridor"),
  ENTRANCE("entrance"),
  FOOD_COURT("food-court"),
  SERVICE("service");

  private final String token;

  ZoneKind(String token) {
    this.token = token;
  }

  /** The name used in site files, the API and the dashboard. */
  public String token() {
    return token;
  }

  public static ZoneKind fromToken(String token) {
    return Arrays.stream(values())
        .filter(k -> k.token.equals(token))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            "unknown zone kind '" + token + "', expected one of store, corridor, entrance, food-court, service"));
  }
}
