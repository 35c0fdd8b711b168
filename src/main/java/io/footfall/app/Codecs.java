package io.footfall.app;

import io.footfall.analytics.ZoneMinutes;
import io.footfall.wire.SightingBatch;
import io.vertx.core.Vertx;

/** Registers the local codecs of the objects that travel on the event bus ({@link Addresses}). */
public final class Codecs {

  private Codecs() {
  }

  /** Call once per Vert.x instance, before deploying any verticle. */
  public static void register(Vertx vertx) {
    vertx.eventBus().registerDefaultCodec(SightingBatch.class, new LocalCodec<>(SightingBatch.class));
    vertx.eventBus().registerDefaultCodec(ZoneMinutes.class, new LocalCodec<>(ZoneMinutes.class));
  }
}
