package io.footfall.bus;

import io.footfall.analytics.DeviceEstimates;
import io.footfall.analytics.RepeatVisits;
import io.footfall.analytics.VisitMetrics;
import io.footfall.analytics.ZoneMinutes;
import io.footfall.wire.SightingBatch;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Registers the local codecs of the objects that travel on the event bus ({@link Addresses}), all of them on
 * {@link Addresses.Scope#NODE} addresses (a sighting batch crosses nodes under its own wire codec, named when it is
 * sent), the {@link SharedJson} codec of what is published to many consumers, and the {@link SendGuard} that keeps a refused message from throwing into its sender.
 */
public final class Codecs {

  private static final Map<Vertx, SendGuard> GUARDS = new WeakHashMap<>();

  private Codecs() {
  }

  /** Call before deploying any verticle; calling again (a node restarted on the same Vert.x) is harmless. */
  public static void register(Vertx vertx) {
    register(vertx, SightingBatch.class);
    register(vertx, ZoneMinutes.class);
    register(vertx, DeviceEstimates.class);
    register(vertx, VisitMetrics.class);
    register(vertx, RepeatVisits.Rows.class);
    vertx.eventBus().unregisterCodec(SharedJson.NAME);
    vertx.eventBus().registerCodec(new SharedJson());
    synchronized (GUARDS) {
      GUARDS.computeIfAbsent(vertx, v -> {
        SendGuard guard = new SendGuard();
        v.eventBus().addOutboundInterceptor(guard);
        return guard;
      });
    }
  }

  /** Messages of this Vert.x that could not be sent since {@link #register}; 0 if it was never called. */
  public static long refusedSends(Vertx vertx) {
    synchronized (GUARDS) {
      SendGuard guard = GUARDS.get(vertx);
      return guard == null ? 0 : guard.refused();
    }
  }

  private static <T> void register(Vertx vertx, Class<T> type) {
    vertx.eventBus().unregisterDefaultCodec(type);
    vertx.eventBus().registerDefaultCodec(type, new LocalCodec<>(type));
  }
}
