package io.footfall.analytics;

/**
 * One store (or the whole site, zone {@link StoreMinute#SITE}) visited by one repeat-visit id on one local day:
 * the only thing kept for the repeat-visit metrics ({@code docs/metrics.md}, {@code docs/privacy.md}).
 *
 * @param zone store zone id, or {@link StoreMinute#SITE}
 * @param day  local day in the site's timezone, as days since 1970-01-01
 * @param rid  the repeat-visit id (a pseudonym valid for {@code repeat.keyRotationDays}, never a MAC)
 */
public record RepeatVisit(String zone, long day, long rid) {
}
