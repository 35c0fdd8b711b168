package io.footfall.store;

import io.footfall.alerts.AlertsConfig;
import io.footfall.bus.Addresses;
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
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recomputes the usual occupancy of every zone for each weekday and local hour in PostgreSQL
 * ({@link Sql#OCCUPANCY_BASELINE} over {@code zone_minute}) at start and every {@code alerts.unusualRefreshMs} of wall
 * time, and publishes each site's baseline (local) on {@link Addresses#ENGINE_BASELINE} in the JSON documented there,
 * for the engine's unusual-occupancy alerts. The window is the {@code alerts.unusualWeeks} weeks before the current
 * hour, so the hour being judged never counts towards its own usual level. Consumes
 * {@link Addresses#SITES_RUNNING} (local) and answers it by publishing again the latest baseline of each
 * site named, for an engine started after the last refresh, or by computing it when it has none. A failed refresh is
 * logged and the engine keeps the previous baseline until the next one.
 *
 * <p>Only the sites whose engine runs on this node are recomputed: all of them on a single node, the sites it owns
 * on a cluster node (the others' owners compute theirs), so the cluster queries each site once per refresh.
 */
public final class BaselineVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(BaselineVerticle.class);

  private final List<Site> sites;
  private final Pool pool;
  private final AlertsConfig config;
  private final Predicate<String> runsHere;
  private final LongSupplier clock;
  /** The latest baseline of each site, for engines started after it was published. */
  private final Map<String, JsonObject> latest = new HashMap<>();
  private MessageConsumer<JsonObject> wanted;
  private Future<Void> refreshing = Future.succeededFuture();
  private long timer = -1;

  /** A single node's: it runs every site's engine. */
  public BaselineVerticle(List<Site> sites, Pool pool, AlertsConfig config) {
    this(sites, pool, config, site -> true, System::currentTimeMillis);
  }

  /** @param runsHere whether a site's engine runs on this node now (on a cluster node, whether it owns the site) */
  public BaselineVerticle(List<Site> sites, Pool pool, AlertsConfig config, Predicate<String> runsHere) {
    this(sites, pool, config, runsHere, System::currentTimeMillis);
  }

  BaselineVerticle(List<Site> sites, Pool pool, AlertsConfig config, LongSupplier clock) {
    this(sites, pool, config, site -> true, clock);
  }

  BaselineVerticle(List<Site> sites, Pool pool, AlertsConfig config, Predicate<String> runsHere, LongSupplier clock) {
    this.sites = List.copyOf(sites);
    this.pool = pool;
    this.config = config;
    this.runsHere = runsHere;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    wanted = Addresses.consumer(vertx.eventBus(), Addresses.SITES_RUNNING, this::onWanted);
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

  /**
   * An engine of each site named started here. Its ownership may not be recorded yet when this arrives, so the
   * message itself is the proof that the site runs here.
   */
  private void onWanted(Message<JsonObject> message) {
    for (Object name : message.body().getJsonArray("sites", new JsonArray())) {
      JsonObject baseline = latest.get(String.valueOf(name));
      if (baseline != null) {
        vertx.eventBus().publish(Addresses.ENGINE_BASELINE, baseline);
      } else {
        sites.stream().filter(site -> site.id().equals(name)).findFirst().ifPresent(site -> {
          Instant to = currentHour();
          refreshAndPublish(site, to.minus(Duration.ofDays(7L * config.unusualWeeks())), to);
        });
      }
    }
  }

  /**
   * Computes and publishes the baseline of every site that runs here, one site after the other; one round at a
   * time. The baselines of sites that run elsewhere now are forgotten, so that a site coming back gets a fresh one.
   */
  Future<Void> refreshAll() {
    if (!refreshing.isComplete()) {
      return refreshing;
    }
    Instant to = currentHour();
    Instant from = to.minus(Duration.ofDays(7L * config.unusualWeeks()));
    Future<Void> chain = Future.succeededFuture();
    for (Site site : sites) {
      if (runsHere.test(site.id())) {
        chain = chain.compose(v -> refreshAndPublish(site, from, to));
      } else {
        latest.remove(site.id());
      }
    }
    refreshing = chain;
    return chain;
  }

  private Instant currentHour() {
    return Instant.ofEpochMilli(clock.getAsLong()).truncatedTo(ChronoUnit.HOURS);
  }

  /** Never fails: a failed refresh is logged and the engine keeps the previous baseline. */
  private Future<Void> refreshAndPublish(Site site, Instant from, Instant to) {
    return refresh(site, from, to)
        .onSuccess(baseline -> latest.put(site.id(), baseline))
        .onSuccess(baseline -> vertx.eventBus().publish(Addresses.ENGINE_BASELINE, baseline))
        .onSuccess(baseline -> LOG.info("occupancy baseline refreshed [site: {}, slots: {}]", site.id(),
            baseline.getJsonArray("slots").size()))
        .onFailure(e -> LOG.warn("occupancy baseline refresh failed, keeping the previous one [site: {}, reason: {}]",
            site.id(), e.getMessage()))
        .<Void>mapEmpty()
        .recover(e -> Future.succeededFuture());
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
