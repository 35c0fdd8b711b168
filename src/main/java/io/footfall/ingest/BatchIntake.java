package io.footfall.ingest;

import io.footfall.bus.Addresses;
import io.footfall.fault.ClientFault;
import io.footfall.privacy.OptOutList;
import io.footfall.wire.SightingBatch;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;

/**
 * The common end of every source of sightings (footfall's own MQTT endpoint, an existing broker, the Meraki
 * Scanning API): checks that a decoded batch belongs to the sensor it arrived as, drops the sightings of opted-out devices ({@link OptOutList}, counted {@code opted-out}), hands the batch to the engine on {@link Addresses#ENGINE_SIGHTINGS} and counts the outcome in
 * {@link IngestCounters}. The engine recognises a re-sent batch by its sensor and number, whatever the transport
 * flagged, across reconnects and restarts. Sources differ only in how they decode and authenticate; everything after is here, so
 * that a sighting follows the same validation, privacy and analytics path whatever brought it.
 */
public final class BatchIntake {

  /** What became of a batch that was not refused. */
  public enum Outcome {
    /** The engine has the batch (for a confirmed batch: it replied). */
    TAKEN,
    /** The batch was already taken once; it was counted as {@code duplicate} and dropped. */
    DUPLICATE,
    /** The analytics failed on the batch; the engine kept it in its dead-letter directory (counted {@code dead-letter}). */
    DEAD_LETTER
  }

  /** How long a single node waits for its engine to take a batch. */
  public static final long ENGINE_TIMEOUT_MS = 10_000;

  private final Vertx vertx;
  private final IngestCounters counters;
  private final String source;
  private final OptOutList optOut;
  private final long engineTimeoutMs;

  /**
   * @param source short name of the source ({@code mqtt}, {@code broker}, {@code meraki}), for metrics
   */
  public BatchIntake(Vertx vertx, IngestCounters counters, String source) {
    this(vertx, counters, source, ENGINE_TIMEOUT_MS);
  }

  /**
   * @param source          short name of the source ({@code mqtt}, {@code broker}, {@code meraki}), for metrics
   * @param engineTimeoutMs how long to wait for the engine's answer; on a cluster node longer than the forwarder's
   *                        wait for a site's new owner, so that a takeover does not fail the batch
   */
  public BatchIntake(Vertx vertx, IngestCounters counters, String source, long engineTimeoutMs) {
    this.engineTimeoutMs = engineTimeoutMs;
    this.vertx = vertx;
    this.counters = counters;
    this.source = source;
    this.optOut = OptOutList.of(vertx);
  }

  /**
   * Hands a decoded batch to the engine.
   *
   * @param site        the site the batch arrived for, already authorized
   * @param sensor      the sensor it arrived as (topic, credentials or access point), already authorized
   * @param sensorIndex that sensor's index in the site
   * @param batch       the decoded batch, site unresolved
   * @param confirm     whether the sender waits for the engine to take the batch (QoS 1); without it the batch
   *                    counts as taken at once, though the returned future still follows the engine's reply so
   *                    that callers can bound the batches in flight
   * @return the engine's outcome once it replied; failed when the batch was not taken in time (counted
   *     {@code engine-unavailable}), in which case a confirming source must make its sender re-send
   * @throws ClientFault reason {@code schema} when the batch names another sensor than the one it arrived as
   */
  public Future<Outcome> submit(String site, String sensor, int sensorIndex, SightingBatch batch, boolean confirm) {
    if (!batch.sensor.equals(sensor)) {
      throw ClientFault.badInput("schema", "sensor: '" + batch.sensor + "' does not match the topic's sensor");
    }
    String key = site + "/" + sensor;
    SightingBatch counted = optOut.without(batch);
    if (counted != batch) {
      counters.dropped(key, "opted-out", batch.size - counted.size);
    }
    SightingBatch resolved = counted.resolved(site, sensorIndex, System.currentTimeMillis());
    if (!confirm) {
      taken(key, resolved);
    }
    return vertx.eventBus()
        .request(Addresses.ENGINE_SIGHTINGS, resolved, new DeliveryOptions().setSendTimeout(engineTimeoutMs))
        .map(reply -> {
          Object outcome = reply.body();
          if (Addresses.EngineReply.DUPLICATE.equals(outcome)) {
            counters.rejected(key, "duplicate");
            return Outcome.DUPLICATE;
          }
          if (Addresses.EngineReply.DEAD_LETTER.equals(outcome)) {
            counters.rejected(key, "dead-letter");
            return Outcome.DEAD_LETTER;
          }
          if (confirm) {
            taken(key, resolved);
          }
          return Outcome.TAKEN;
        })
        .onFailure(failure -> counters.rejected(key, "engine-unavailable"));
  }

  /** Counts a refusal that happened before a batch could be submitted (bad JSON, ACL, size...). */
  public void rejected(String site, String sensor, String reason) {
    counters.rejected(site + "/" + sensor, reason);
  }

  private void taken(String key, SightingBatch batch) {
    counters.accepted(key, batch.size, batch.receivedAt);
    counters.acceptedFrom(source, batch.size);
  }
}
