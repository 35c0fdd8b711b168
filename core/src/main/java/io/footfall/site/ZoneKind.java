package io.footfall.site;

import java.util.Arrays;

/** What a zone is for; decides how the analytics treat it (capture rate is for stores, frontage is corridor; a vacant unit's frontage is counted too). */
public enum ZoneKind {
  /** A shop visit: about 10 minutes. */
  STORE("store", 600_000),
  /** Crossing 30-40 m of mall at a walking pace of about 1.2 m/s, glancing at a window or two. */
  CORRIDOR("corridor", 30_000),
  /** Walking through a lobby. */
  ENTRANCE("entrance", 10_000),
  /** A meal. */
  FOOD_COURT("food-court", 1_500_000),
  /** Restrooms, a service desk. */
  SERVICE("service", 300_000),
  /**
   * A unit without a shop. Its frontage traffic is counted like a store's passers-by, so that the vacant-unit
   * estimate (docs/decisions.md) has the traffic a shop there would face; its stay is a store's.
   */
  VACANT("vacant", 600_000);

  private final String token;
  private final long typicalStayMs;

  ZoneKind(String token, long typicalStayMs) {
    this.token = token;
    this.typicalStayMs = typicalStayMs;
  }

  /**
   * How long people typically stay in a zone of this kind, the default of a zone's {@code typicalStaySeconds}: it
   * dates moves seen only between two probe bursts (docs/metrics.md section 1).
   */
  public long typicalStayMs() {
    return typicalStayMs;
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
            "unknown zone kind '" + token + "', expected one of store, corridor, entrance, food-court, service, vacant"));
  }
}
