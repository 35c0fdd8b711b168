package io.footfall.store;

import io.footfall.alerts.AlertsConfig;
import io.footfall.app.Addresses;
import io.footfall.site.Site;
import io.footfall.site.Zone;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recomputes the usual occupancy of every zone for each weekday and local hour in PostgreSQL
 * ({@link Sql#OCCUPANCY_BASELINE} over {@code zone_minute}) at start and every {@code alerts.unusualRefreshMs} of wall
 * time, and publishes each site's baseline (local) on {@link Addresses#ENGINE_BASELINE} in the JSON documented there,
 * for the engine's unusual-occupancy alerts. The window is the {@code alerts.unusualWeeks} weeks before the current
 * hour, so the hour being judged never counts towards its own usual level. Consumes
 * {@link Addresses#ENGINE_BASELINE_WANTED} (local) and answers it by publishing again the latest baseline of each
 * site named, for an engine started after the last refresh. A failed refresh is logged and the engine keeps the
 * previous baseline until the next one.
 */
public final class BaselineVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(BaselineVerticle.class);

  private final List<Site> sites;
  private final Pool pool;
  private final AlertsConfig config;
  private final LongSupplier clock;
  /** The latest baseline of each site, for engines started after it was published. */
  private final Map<String, JsonObject> latest = new HashMap<>();
  private MessageConsumer<JsonObject> wanted;
  private Future<Void> refreshing = Future.succeededFuture();
  private long timer = -1;

  public BaselineVerticle(List<Site> sites, Pool pool, AlertsConfig config) {
    this(sites, pool, config, System::currentTimeMillis);
  }

  BaselineVerticle(List<Site> sites, Pool pool, AlertsConfig config, LongSupplier clock) {
    this.sites = List.copyOf(sites);
    this.pool = pool;
    this.config = config;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    wanted = vertx.eventBus().localConsumer(Addresses.ENGINE_BASELINE_WANTED, this::onWanted);
    return wanted.completion().onSuccess(v -> {
      timer = vertx.setPeriodic(config.unusualRefreshMs(), id -> refreshAll());
      refreshAll();
      LOG.info("occupancy baseline scheduled [weeks: {}, refreshMs: {}]", config.unusualWeeks(),
          config.unusualRefreshMs());
    });
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return wanted.unregister().compose(v -> refreshing);
  }

  private void onWanted(Message<JsonObject> message) {
    for (Object site : message.body().getJsonArray("sites", new JsonArray())) {
      JsonObject baseline = latest.get(String.valueOf(site));
      if (baseline != null) {
        vertx.eventBus().publish(Addresses.ENGINE_BASELINE, baseline);
      }
    }
  }

  /** Computes and publishes every site's baseline, one site after the other; one round at a time. */
  Future<Void> refreshAll() {
    if (!refreshing.isComplete()) {
      return refreshing;
    }
    Instant to = Instant.ofEpochMilli(clock.getAsLong()).truncatedTo(ChronoUnit.HOURS);
    Instant from = to.minus(Duration.ofDays(7L * config.unusualWeeks()));
    Future<Void> chain = Future.succeededFuture();
    for (Site site : sites) {
      chain = chain.compose(v -> refresh(site, from, to)
          .onSuccess(baseline -> latest.put(site.id(), baseline))
          .onSuccess(baseline -> vertx.eventBus().publish(Addresses.ENGINE_BASELINE, baseline))
          .onSuccess(baseline -> LOG.info("occupancy baseline refreshed [site: {}, slots: {}]", site.id(),
              baseline.getJsonArray("slots").size()))
          .onFailure(e -> LOG.warn("occupancy baseline refresh failed, keeping the previous one [site: {}, reason: {}]",
              site.id(), e.getMessage()))
          .<Void>mapEmpty()
          .recover(e -> Future.succeededFuture()));
    }
    refreshing = chain;
    return chain;
  }

  /** One site's baseline over [from, to), as the JSON of {@link Addresses#ENGINE_BASELINE}. */
  Future<JsonObject> refresh(Site site, Instant from, Instant to) {
    String[] zones = site.zones().stream().map(Zone::id).toArray(String[]::new);
    Tuple parameters = Tuple.of(site.id(), site.timezone(), utc(from), utc(to)).addArrayOfString(zones);
    return pool.preparedQuery(Sql.OCCUPANCY_BASELINE).execute(parameters).map(rows -> {
      JsonArray slots = new JsonArray();
      for (Row row : rows) {
        slots.add(new JsonObject()
            .put("zone", row.getString("zone_id"))
            .put("dow", row.getInteger("dow"))
            .put("hour", row.getInteger("hour"))
            .put("median", row.getDouble("median"))
            .put("mad", row.getDouble("mad"))
            .put("weeks", row.getInteger("weeks")));
      }
      return new JsonObject().put("site", site.id()).put("from", from.toEpochMilli()).put("to", to.toEpochMilli())
          .put("slots", slots);
    });
  }

  private static OffsetDateTime utc(Instant at) {
    return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
  }
}
