package io.footfall.analytics;

/**
 * Zone-to-zone transitions of one site in one hour of event time: one cell of the origin-destination matrix.
 *
 * @param hour        epoch ms of the hour's start (UTC)
 * @param from        zone id the devices left, or {@link #OUTSIDE} for arrivals at the site
 * @param to          zone id the devices entered, or {@link #OUTSIDE} for departures
 * @param transitions how many times a device moved from {@code from} to {@code to}
 */
public record FlowHour(String site, long hour, String from, String to, int transitions) {

  public static final String OUTSIDE = "outside";
}
