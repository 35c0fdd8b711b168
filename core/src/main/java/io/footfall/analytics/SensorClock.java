package io.footfall.analytics;

/**
 * One sensor's clock as its site's analytics see it.
 *
 * @param sensor       the sensor's id
 * @param leadMs       how far its newest sightings are dated after they arrive: its clock's lead over the server's,
 *                     negative when it is behind or sending a backlog or a replay
 * @param correctionMs how much is taken off its sighting times, its clock running ahead within the budget
 * @param refusedAhead sightings refused as dated too far after their arrival
 * @param late         sightings that came after event time had passed them by more than the late horizon, dropped
 * @param amended      sightings that came after event time had passed them, within the late horizon, and amended
 *                     the minutes they belong to
 * @param lastRefusedAt server time of the last refusal, {@link Long#MIN_VALUE} for none
 */
public record SensorClock(String sensor, long leadMs, long correctionMs, long refusedAhead, long late,
                          long amended, long lastRefusedAt) {

  /** Whether the sensor's clock needs attention: it sent sightings from the future lately, or is being corrected. */
  public boolean wrongAt(long nowMs, long recentMs) {
    return correctionMs != 0 || (lastRefusedAt != Long.MIN_VALUE && nowMs - lastRefusedAt <= recentMs);
  }
}
