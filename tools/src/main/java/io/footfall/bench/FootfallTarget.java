package io.footfall.bench;

import io.footfall.app.FootfallConfig;
import io.footfall.app.FootfallNode;
import io.footfall.bus.Addresses;
import io.footfall.bus.Codecs;
import io.footfall.bus.NodeHealth;
import io.footfall.ingest.IngestCounters;
import io.footfall.ingest.IngestVerticle;
import io.footfall.site.Site;
import io.footfall.wire.SightingBatch;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * footfall in this JVM, on its own Vert.x: a whole node in demo mode (the bench site's sensors connect with the
 * demo password) on free ports, with PostgreSQL at {@code databaseUrl}; or, without analytics, the MQTT ingest
 * alone with a sink that takes every batch, for the transport-only comparison. An event-bus interceptor sees every
 * batch the moment it is delivered to the engine, which is when footfall has taken it.
 */
final class FootfallTarget {

  private final Vertx vertx = Vertx.vertx();
  private final IngestCounters ingestCounters;
  private final AtomicReference<JsonObject> engineState = new AtomicReference<>(new JsonObject());
  private FootfallNode node;
  private int ingestPort = -1;

  private FootfallTarget(IngestCounters counters) {
    this.ingestCounters = counters;
  }

  /** Starts a node with the bench site and engine settings for live measurement. */
  static Future<FootfallTarget> start(BenchOptions options, Path dir, String databaseUrl, Delivery delivery) {
    Path config = writeConfig(options, dir, databaseUrl);
    FootfallConfig loaded = FootfallConfig.load(config, Map.of(), Map.of());
    if (!options.analytics()) {
      return startIngestOnly(loaded, SyntheticSite.write(dir, options.sensors()), delivery);
    }
    FootfallTarget target = new FootfallTarget(null);
    target.intercept(delivery);
    return FootfallNode.start(target.vertx, loaded, true).map(node -> {
      target.node = node;
      target.vertx.eventBus().<JsonObject>localConsumer(Addresses.liveSite(SyntheticSite.ID),
          m -> {
            // the full frames, which carry the counters, not the live view's zones between them
            if ("occupancy".equals(m.body().getString("type"))) {
              target.engineState.set(m.body());
            }
          });
      return target;
    });
  }

  private static Future<FootfallTarget> startIngestOnly(FootfallConfig config, Site site, Delivery delivery) {
    IngestCounters counters = new IngestCounters();
    FootfallTarget target = new FootfallTarget(counters);
    Codecs.register(target.vertx);
    target.intercept(delivery);
    target.vertx.eventBus().<SightingBatch>consumer(Addresses.ENGINE_SIGHTINGS, m -> {
      if (m.replyAddress() != null) {
        m.reply(null);
      }
    });
    IngestVerticle ingest = new IngestVerticle(config.mqtt(), List.of(site), true, new NodeHealth(), counters);
    return target.vertx.deployVerticle(ingest).map(id -> {
      target.ingestPort = ingest.actualPort();
      return target;
    });
  }

  private void intercept(Delivery delivery) {
    vertx.eventBus().addInboundInterceptor(ctx -> {
      if (Addresses.ENGINE_SIGHTINGS.equals(ctx.message().address())
          && ctx.body() instanceof SightingBatch batch && SyntheticSite.ID.equals(batch.site)) {
        delivery.arrived(batch.sensorIndex, batch.seq, batch.size);
      }
      ctx.next();
    });
  }

  int mqttPort() {
    return node == null ? ingestPort : node.mqttPort();
  }

  int httpPort() {
    return node == null ? -1 : node.httpPort();
  }

  long acceptedSightings() {
    return node == null ? ingestCounters.acceptedSightings() : node.ingestCounters().acceptedSightings();
  }

  /** The engine's latest live message for the bench site (counters, devices present); empty without analytics. */
  JsonObject engineState() {
    return engineState.get();
  }

  Future<Void> stop() {
    Future<Void> stopped = node == null ? Future.succeededFuture() : node.stop();
    return stopped.eventually(vertx::close);
  }

  private static Path writeConfig(BenchOptions options, Path dir, String databaseUrl) {
    SyntheticSite.write(dir, options.sensors());
    String yaml = String.join("\n",
        "dataDir: " + quoted(dir.resolve("node").toString()),
        "sites: [" + quoted(SyntheticSite.file(dir).toString()) + "]",
        // a control room wanting moves within tens of milliseconds: the zones frames and the pushes every 20 ms
        "http: {host: 127.0.0.1, port: 0, pushIntervalMs: 20}",
        // every bench sensor connects from this one address and publishes far faster than a real sensor: the
        // per-address and per-connection limits that guard a live node would measure themselves, not footfall
        "mqtt: {host: 127.0.0.1, port: 0, maxConnectionsPerIp: 100000, connectAttemptsPerIpPerMinute: 1000000,"
            + " publishesPerSecond: 1000000, publishBurst: 1000000, maxInFlightBatches: 1000000}",
        "database: {url: " + quoted(databaseUrl) + ", flushIntervalMs: 1000, maxQueuedRows: 1000000}",
        "engine: {allowedLatenessMs: " + options.allowedLatenessMs()
            + ", publishIntervalMs: 50, liveIntervalMs: 20, idleSensorMs: 5000}",
        "");
    Path file = dir.resolve("footfall-bench.yaml");
    try {
      Files.writeString(file, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  private static String quoted(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}
