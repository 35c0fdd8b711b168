package io.footfall.analytics;

/**
 * How many site visits that ended in one hour of event time took one path through the mall: the stores, food
 * courts and service zones visited in order, zone ids joined by {@code >}.
 *
 * @param hour  epoch ms of the hour's start (UTC)
 * @param path  zone ids joined by {@code >}; {@link #OTHER} for the rarest paths merged together
 * @param trips site visits along this path
 */
public record PathHour(String site, long hour, String path, int trips) {

  public static final String OTHER = "(other)";
}
