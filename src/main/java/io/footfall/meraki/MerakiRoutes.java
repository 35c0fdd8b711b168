package io.footfall.meraki;

import io.footfall.bus.Faults;
import io.footfall.fault.ClientFault;
import io.footfall.fault.LogSafe;
import io.footfall.ingest.BatchIntake;
import io.footfall.site.SensorSpec;
import io.footfall.site.Site;
import io.footfall.wire.DevicePseudonyms;
import io.footfall.wire.RepeatIds;
import io.footfall.wire.Sighting;
import io.footfall.wire.SightingBatch;
import io.footfall.wire.WireDecoder;
import io.footfall.wire.WireEncoder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Meraki Scanning API receiver, {@code /ingest/meraki/{site}} on the web server. {@code GET} answers Meraki's
 * validation request with the configured validator; {@code POST} takes an observation payload (v2 or v3, see
 * {@link MerakiDecoder}) whose {@code secret} matches the configured one, turns it into one batch per access
 * point's sensor, and hands each to the engine through {@link BatchIntake} (source {@code meraki}), exactly like a
 * batch of a footfall sensor. It answers 200 once the engine took every batch, 403 to a wrong secret, 400 to a
 * payload that is not Scanning API JSON, 503 when the engine did not take a batch.
 */
public final class MerakiRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(MerakiRoutes.class);

  private final Vertx vertx;
  private final MerakiConfig config;
  private final BatchIntake intake;
  private final Map<String, MerakiDecoder> decoders = new LinkedHashMap<>();
  private final byte[] secret;
  /** Meraki posts carry no sequence number; ours only grows, so none is mistaken for a re-send. */
  private final AtomicLong seq = new AtomicLong(System.currentTimeMillis());
  private final WireDecoder wire = new WireDecoder(Integer.MAX_VALUE);

  /**
   * Reads the site key files (blocking: call it off the event loop or before deploying).
   *
   * @throws IllegalArgumentException when a site's key file is missing or invalid
   */
  public MerakiRoutes(Vertx vertx, MerakiConfig config, List<Site> sites, BatchIntake intake, int repeatKeyDays) {
    this.vertx = vertx;
    this.config = config;
    this.intake = intake;
    this.secret = config.secret().getBytes(StandardCharsets.UTF_8);
    for (Site site : sites) {
      if (site.sensors().stream().anyMatch(s -> s.merakiApMac() != null)) {
        DevicePseudonyms keys = keys(config.keyFileOf(site.id()));
        decoders.put(site.id(), new MerakiDecoder(site, keys,
            config.repeatVisits() ? new RepeatIds(keys, repeatKeyDays) : null, config.noiseFloorDbm()));
      }
    }
    LOG.info("meraki receiver ready [sites: {}]", String.join(", ", decoders.keySet()));
  }

  private static DevicePseudonyms keys(String file) {
    try {
      return DevicePseudonyms.fromKeyFile(Path.of(file));
    } catch (IOException e) {
      throw new IllegalArgumentException("meraki.keyFile: cannot read " + file + ": " + e.getMessage());
    }
  }

  /** Adds the routes; a site without Meraki access points answers 404. */
  public void mount(Router router) {
    router.route("/ingest/meraki/*").handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()));
    router.get("/ingest/meraki/:site").handler(this::validate);
    router.post("/ingest/meraki/:site").handler(this::observations);
  }

  private void validate(RoutingContext ctx) {
    decoder(ctx);
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8").end(config.validator());
  }

  private void observations(RoutingContext ctx) {
    String siteId = ctx.pathParam("site");
    Future.succeededFuture(ctx)
        .map(this::authenticatedBody)
        .compose(body -> decode(siteId, body))
        .compose(decoded -> submitAll(siteId, decoded))
        .onSuccess(sightings -> ctx.response().setStatusCode(200).end())
        .onFailure(failure -> refuse(ctx, siteId, failure));
  }

  private JsonObject authenticatedBody(RoutingContext ctx) {
    decoder(ctx);
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      throw ClientFault.badInput("json", "the body is not a JSON object");
    }
    if (body == null) {
      throw ClientFault.badInput("json", "the body is not a JSON object");
    }
    byte[] given = body.getValue("secret") instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : new byte[0];
    if (!MessageDigest.isEqual(given, secret)) {
      throw new ClientFault(ClientFault.Kind.FORBIDDEN, "auth", "wrong Meraki shared secret");
    }
    return body;
  }

  /** Parsing and hashing a network's worth of clients is too much for the event loop. */
  private Future<MerakiDecoder.Decoded> decode(String siteId, JsonObject body) {
    if (!MerakiDecoder.isWifi(body)) {
      LOG.debug("ignoring meraki post [site: {}, type: {}]", siteId, LogSafe.escape(body.getValue("type")));
      return Future.succeededFuture(new MerakiDecoder.Decoded(Map.of(), Map.of()));
    }
    MerakiDecoder decoder = decoders.get(siteId);
    return vertx.executeBlocking(() -> decoder.decode(body), false);
  }

  private Future<Integer> submitAll(String siteId, MerakiDecoder.Decoded decoded) {
    decoded.skipped().forEach((reason, n) -> intake.rejected(siteId, "meraki", reason));
    List<Future<BatchIntake.Outcome>> taken = new ArrayList<>();
    for (Map.Entry<SensorSpec, List<Sighting>> entry : decoded.bySensor().entrySet()) {
      SensorSpec sensor = entry.getKey();
      SightingBatch batch = wire.decode(WireEncoder.batch(sensor.id(), seq.incrementAndGet(), entry.getValue())
          .getBytes(StandardCharsets.UTF_8));
      taken.add(intake.submit(siteId, sensor.id(), sensor.index(), batch, true));
    }
    LOG.debug("meraki post [site: {}, sensors: {}, sightings: {}, skipped: {}]",
        siteId, decoded.bySensor().size(), decoded.sightings(), decoded.skipped());
    return Future.all(taken).map(all -> decoded.sightings());
  }

  private MerakiDecoder decoder(RoutingContext ctx) {
    String siteId = ctx.pathParam("site");
    MerakiDecoder decoder = decoders.get(siteId);
    if (decoder == null) {
      throw ClientFault.notFound("no site '" + siteId + "' with Meraki access points");
    }
    return decoder;
  }

  private void refuse(RoutingContext ctx, String siteId, Throwable failure) {
    if (failure instanceof ClientFault fault) {
      intake.rejected(siteId, "meraki", fault.reason());
      // an unknown site is refused here too, so the site and the detail are still the client's words
      LOG.debug("rejecting meraki post [site: {}, reason: {}, detail: {}]", LogSafe.escape(siteId), fault.reason(),
          LogSafe.escape(fault.getMessage()));
      ctx.fail(failure);
      return;
    }
    LOG.warn("engine did not take meraki post [site: {}, reason: {}]", siteId, Faults.reason(failure));
    ctx.fail(503, failure);
  }
}
