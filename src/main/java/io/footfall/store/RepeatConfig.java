package io.footfall.store;

/**
 * Repeat visits ({@code repeat:} in the configuration; {@code docs/metrics.md}, {@code docs/privacy.md}).
 *
 * @param windowDays      how many days the (repeat-visit id, store, day) triples are kept, and how far back a visit
 *                        makes a visitor returning (default 30); older triples are purged daily
 * @param keyRotationDays how many days the repeat-visit key lives before it rotates (default 30): the Meraki
 *                        receiver derives its ids with it, footfall's sensors take the same as
 *                        {@code --repeat-key-days}; reported with every answer, since a visitor last seen under the
 *                        previous key counts as first-time
 */
public record RepeatConfig(int windowDays, int keyRotationDays) {

  /** The longest window and rotation accepted: a year, beyond which the pseudonym is no longer short-lived. */
  public static final int MAX_DAYS = 366;

  public RepeatConfig {
    if (windowDays < 1 || windowDays > MAX_DAYS) {
      throw new IllegalArgumentException("repeat.windowDays must be within 1.." + MAX_DAYS + ", got " + windowDays);
    }
    if (keyRotationDays < 1 || keyRotationDays > MAX_DAYS) {
      throw new IllegalArgumentException("repeat.keyRotationDays must be within 1.." + MAX_DAYS + ", got "
          + keyRotationDays);
    }
  }

  public static RepeatConfig defaults() {
    return new RepeatConfig(30, 30);
  }
}
