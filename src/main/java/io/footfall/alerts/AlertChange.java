package io.footfall.alerts;

import io.vertx.core.json.JsonObject;

/**
 * An alert raised or cleared. The id is stable over both changes ({@code kind/subject/raisedAt}), so storing
 * either twice is harmless.
 *
 * @param site      site id
 * @param kind      {@link #CAPACITY}, {@link #SENSOR_SILENT}, {@link #OCCUPANCY_UNUSUAL}, {@link #SENSOR_CLOCK} or
 *                  {@link #BATCH_DEAD_LETTER}
 * @param subject   the zone id (capacity, unusual occupancy) or sensor id (silence, clock, dead letter)
 * @param raisedAt  event time the alert was raised, epoch ms
 * @param clearedAt event time it cleared, epoch ms; null while open
 * @param value     devices in the zone, ms since the sensor's last batch, the sensor's clock lead in ms, or the
 *                  sightings of the dead-lettered batch, at the change
 * @param threshold the limit crossed: devices at which the zone is over capacity, the silence threshold in ms, or
 *                  the bound of the usual occupancy that was crossed when an unusual occupancy was raised
 * @param direction {@link #HIGH} (unusually busy) or {@link #LOW} (unusually quiet) for unusual occupancy; null for
 *                  the other kinds
 */
public record AlertChange(String site, String kind, String subject, long raisedAt, Long clearedAt, double value,
                          double threshold, String direction) {

  public static final String CAPACITY = "zone-over-capacity";
  public static final String SENSOR_SILENT = "sensor-silent";
  public static final String OCCUPANCY_UNUSUAL = "occupancy-unusual";
  /** A sensor's clock is wrong: it sent sightings dated in the future, or runs ahead enough to be corrected. */
  public static final String SENSOR_CLOCK = "sensor-clock";
  /** The analytics failed on a batch of the sensor; it was kept as a dead letter, or logged where none can be kept. */
  public static final String BATCH_DEAD_LETTER = "batch-dead-letter";
  public static final String HIGH = "high";
  public static final String LOW = "low";

  /** A change of a kind without direction (capacity, silence). */
  public AlertChange(String site, String kind, String subject, long raisedAt, Long clearedAt, double value,
                     double threshold) {
    this(site, kind, subject, raisedAt, clearedAt, value, threshold, null);
  }

  public String id() {
    return kind + "/" + subject + "/" + raisedAt;
  }

  public boolean open() {
    return clearedAt == null;
  }

  /** The live-stream and event-bus form (documented in docs/alerts.md). */
  public JsonObject toJson() {
    return new JsonObject()
        .put("type", "alert")
        .put("id", id())
        .put("site", site)
        .put("kind", kind)
        .put("subject", subject)
        .put("state", open() ? "raised" : "cleared")
        .put("raisedAt", raisedAt)
        .put("clearedAt", clearedAt)
        .put("value", value)
        .put("threshold", threshold)
        .put("direction", direction);
  }

  public static AlertChange fromJson(JsonObject json) {
    return new AlertChange(json.getString("site"), json.getString("kind"), json.getString("subject"),
        json.getLong("raisedAt"), json.getLong("clearedAt"), json.getDouble("value"), json.getDouble("threshold"),
        json.getString("direction"));
  }
}
