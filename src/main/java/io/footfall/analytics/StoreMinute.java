package io.footfall.analytics;

/**
 * Visitor figures of one store (or of the whole site, zone {@link #SITE}) for one minute of event time: the visits
 * and frontage passes that ended in that minute. See {@code docs/metrics.md}.
 *
 * @param minute       epoch ms of the minute's start (UTC)
 * @param visitors     visits of at least the minimum length by shopper devices
 * @param passersBy    frontage passes without a visit (for the site: trips shorter than a site visit)
 * @param excluded     visits of at least the minimum length by staff and fixed devices
 * @param random       visits of at least the minimum length by randomized addresses, left out of the others
 * @param dwellBuckets visitors per dwell bucket: under 5 min, 5-20, 20-60, 1-6 h, over 6 h
 * @param dwellFine    visitors per whole minute of dwell, sparse: pairs (minute, visitors) in minute order;
 *                     minute {@value Dwell#OVERFLOW_BIN} holds every dwell of 6 h or more
 * @param dwellTotalMs sum of the visitors' dwell times, for an exact mean
 */
public record StoreMinute(String site, String zone, long minute, int visitors, int passersBy, int excluded,
                          int random, int[] dwellBuckets, int[] dwellFine, long dwellTotalMs) {

  /** Zone id of the site-wide row. */
  public static final String SITE = "";
}
