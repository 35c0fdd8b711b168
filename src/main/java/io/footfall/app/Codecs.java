package io.footfall.app;

import io.footfall.analytics.DeviceEstimates;
import io.footfall.analytics.RepeatVisits;
import io.footfall.analytics.VisitMetrics;
import io.footfall.analytics.ZoneMinutes;
import io.footfall.wire.SightingBatch;
import io.vertx.core.Vertx;

/** Registers the local codecs of the objects that travel on the event bus ({@link Addresses}). */
public final class Codecs {

  private Codecs() {
  }

  /** Call before deploying any verticle; calling again (a node restarted on the same Vert.x) is harmless. */
  public static void register(Vertx vertx) {
    register(vertx, SightingBatch.class);
    register(vertx, ZoneMinutes.class);
    register(vertx, DeviceEstimates.class);
    register(vertx, VisitMetrics.class);
    register(vertx, RepeatVisits.Rows.class);
  }

  private static <T> void register(Vertx vertx, Class<T> type) {
    vertx.eventBus().unregisterDefaultCodec(type);
    vertx.eventBus().registerDefaultCodec(type, new LocalCodec<>(type));
  }
}
