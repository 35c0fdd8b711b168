package io.footfall.analytics;

/**
 * What a site's analytics did so far.
 *
 * @param accepted   sightings taken into the analytics
 * @param late       sightings dropped because event time had already passed them
 * @param weak       sightings dropped because their signal was below the floor
 * @param unresolved sightings dropped because their batch named no sensor of the site
 * @param devices    devices present now
 * @param expired    devices that left the site after their absence timeout
 * @param buffered   sightings waiting for the watermark now
 * @param clockAhead sightings refused because they were dated too far after their arrival (a wrong clock)
 * @param redated    entries and exits dated before the oldest minute still amendable, counted in it instead
 * @param amended    late sightings within the late horizon, taken and applied to the minutes they belong to
 * @param revised    zone-minute rows sent again, with a higher revision, because late sightings amended them
 */
public record AnalyticsCounters(long accepted, long late, long weak, long unresolved, long devices, long expired,
                                long buffered, long clockAhead, long redated,
                                long amended, long revised) {
}
