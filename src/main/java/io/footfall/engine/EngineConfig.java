package io.footfall.engine;

/**
 * The site engine: how event time advances and how long a device counts as present.
 *
 * @param allowedLatenessMs sightings older than the watermark by more than this are counted as late and dropped
 * @param absenceTimeoutMs  a device not heard for this long has left
 */
public record EngineConfig(long allowedLatenessMs, long absenceTimeoutMs) {

  public EngineConfig {
    if (allowedLatenessMs < 0) {
      throw new IllegalArgumentException("engine.allowedLatenessMs must not be negative");
    }
    if (absenceTimeoutMs < 10_000) {
      throw new IllegalArgumentException("engine.absenceTimeoutMs must be at least 10000");
    }
  }
}
