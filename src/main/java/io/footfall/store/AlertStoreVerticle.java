package io.footfall.store;

import io.footfall.alerts.AlertChange;
import io.footfall.bus.Addresses;
import io.footfall.bus.NodeHealth;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps alerts in PostgreSQL (table {@code alert}, migrations V4 and V6).
 *
 * <p>Consumes {@link Addresses#STORE_ALERTS} (alert changes as JSON) and hands them to a {@link WriteQueue}, which
 * upserts them every {@code flushIntervalMs} in one statement keyed by alert id (a re-sent change is harmless, and a
 * clear is never undone by its raise) and spools them to {@code <dataDir>/spool/alerts-*.jsonl} while PostgreSQL is
 * failing. Produces the {@value #HEALTH_COMPONENT} entry of {@link NodeHealth}. Answers
 * {@link Addresses#STORE_ALERTS_QUERY} requests (list and acknowledge, formats documented there) from the web
 * server; an acknowledgement first writes the queued changes, so it finds an alert raised a moment ago.
 */
public final class AlertStoreVerticle extends VerticleBase {

  public static final String HEALTH_COMPONENT = "database-alerts";
  private static final Logger LOG = LoggerFactory.getLogger(AlertStoreVerticle.class);

  /** The spool format of an alert change: the record's fields in order. */
  static final RowFormat<AlertChange> FORMAT = new RowFormat<>() {
    @Override
    public String name() {
      return "alerts";
    }

    @Override
    public JsonArray encode(AlertChange c) {
      return new JsonArray().add(c.site()).add(c.kind()).add(c.subject()).add(c.raisedAt()).add(c.clearedAt())
          .add(c.value()).add(c.threshold()).add(c.direction());
    }

    @Override
    public AlertChange decode(JsonArray a) {
      return new AlertChange(a.getString(0), a.getString(1), a.getString(2), a.getLong(3), a.getLong(4),
          a.getDouble(5), a.getDouble(6), a.getString(7));
    }
  };

  private final DatabaseConfig config;
  private final Pool pool;
  private final NodeHealth health;
  private final Path spoolDir;
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private WriteQueue<AlertChange> queue;

  /** @param spoolDir where changes wait on disk while PostgreSQL is unreachable ({@code <dataDir>/spool}) */
  public AlertStoreVerticle(DatabaseConfig config, Pool pool, NodeHealth health, Path spoolDir) {
    this.config = config;
    this.pool = pool;
    this.health = health;
    this.spoolDir = spoolDir;
  }

  /** Callable from any thread. */
  public WriteQueue.Stats stats() {
    return queue == null ? WriteQueue.Stats.NONE : queue.stats();
  }

  @Override
  public Future<?> start() {
    queue = new WriteQueue<>(vertx, config, spoolDir, FORMAT, this::upsert, health, HEALTH_COMPONENT, true);
    return queue.start().compose(started -> {
      MessageConsumer<JsonObject> changes = Addresses.consumer(vertx.eventBus(), Addresses.STORE_ALERTS,
          this::onChange);
      MessageConsumer<JsonObject> queries = Addresses.consumer(vertx.eventBus(), Addresses.STORE_ALERTS_QUERY,
          this::onQuery);
      consumers.add(changes);
      consumers.add(queries);
      return Future.all(changes.completion(), queries.completion());
    });
  }

  @Override
  public Future<?> stop() {
    return Future.all(consumers.stream().map(MessageConsumer::unregister).toList())
        .transform(unregistered -> queue == null ? Future.succeededFuture() : queue.stop());
  }

  private void onChange(Message<JsonObject> message) {
    AlertChange change = AlertChange.fromJson(message.body());
    queue.add(List.of(change));
    LOG.debug("alert change queued [site: {}, alert: {}, open: {}]", change.site(), change.id(), change.open());
  }

  /** One statement may touch each alert once: of a batch's changes to one alert, a clear wins over a raise. */
  private Future<Integer> upsert(List<AlertChange> changes) {
    Map<String, AlertChange> latest = new LinkedHashMap<>();
    for (AlertChange change : changes) {
      latest.merge(change.site() + "\n" + change.id(), change, (queued, next) -> queued.open() || !next.open()
          ? next : queued);
    }
    List<AlertChange> batch = List.copyOf(latest.values());
    return pool.preparedQuery(Sql.UPSERT_ALERTS).execute(parameters(batch)).map(done -> batch.size());
  }

  private static Tuple parameters(List<AlertChange> batch) {
    int n = batch.size();
    String[] sites = new String[n];
    String[] ids = new String[n];
    String[] kinds = new String[n];
    String[] subjects = new String[n];
    OffsetDateTime[] raised = new OffsetDateTime[n];
    OffsetDateTime[] cleared = new OffsetDateTime[n];
    Double[] values = new Double[n];
    Double[] thresholds = new Double[n];
    String[] directions = new String[n];
    for (int i = 0; i < n; i++) {
      AlertChange c = batch.get(i);
      sites[i] = c.site();
      ids[i] = c.id();
      kinds[i] = c.kind();
      subjects[i] = c.subject();
      raised[i] = utc(c.raisedAt());
      cleared[i] = c.clearedAt() == null ? null : utc(c.clearedAt());
      values[i] = c.value();
      thresholds[i] = c.threshold();
      directions[i] = c.direction();
    }
    return Tuple.tuple().addArrayOfString(sites).addArrayOfString(ids).addArrayOfString(kinds)
        .addArrayOfString(subjects).addArrayOfOffsetDateTime(raised).addArrayOfOffsetDateTime(cleared)
        .addArrayOfDouble(values).addArrayOfDouble(thresholds).addArrayOfString(directions);
  }

  private void onQuery(Message<JsonObject> message) {
    JsonObject request = message.body();
    String site = request.getString("site");
    Future<JsonObject> answer = switch (request.getString("op", "")) {
      case "list" -> pool.preparedQuery(Sql.LIST_ALERTS)
          .execute(Tuple.of(site, utc(request.getLong("from")), utc(request.getLong("to")),
              "open".equals(request.getString("state"))))
          .map(rows -> new JsonObject().put("alerts", toJson(rows)));
      case "ack" -> queue.flush()
          .compose(v -> pool.preparedQuery(Sql.ACK_ALERT)
              .execute(Tuple.of(site, request.getString("id"), request.getString("by"))))
          .map(rows -> {
            JsonArray list = toJson(rows);
            return list.isEmpty() ? null : list.getJsonObject(0);
          });
      default -> Future.failedFuture("unknown op " + request.getString("op"));
    };
    answer.onSuccess(json -> {
      if (json == null) {
        message.fail(404, "no alert '" + request.getString("id") + "' in site '" + site + "'");
      } else {
        message.reply(json);
      }
    }).onFailure(failure -> message.fail(500, failure.getMessage()));
  }

  private static JsonArray toJson(RowSet<Row> rows) {
    JsonArray list = new JsonArray();
    for (Row row : rows) {
      list.add(new JsonObject()
          .put("id", row.getString("id"))
          .put("site", row.getString("site_id"))
          .put("kind", row.getString("kind"))
          .put("subject", row.getString("subject"))
          .put("state", row.getOffsetDateTime("cleared_at") == null ? "open" : "cleared")
          .put("raisedAt", iso(row.getOffsetDateTime("raised_at")))
          .put("clearedAt", iso(row.getOffsetDateTime("cleared_at")))
          .put("value", row.getDouble("value"))
          .put("threshold", row.getDouble("threshold"))
          .put("direction", row.getString("direction"))
          .put("ackedAt", iso(row.getOffsetDateTime("acked_at")))
          .put("ackedBy", row.getString("acked_by")));
    }
    return list;
  }

  private static String iso(OffsetDateTime time) {
    return time == null ? null : time.toInstant().toString();
  }

  private static OffsetDateTime utc(long epochMs) {
    return OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMs), ZoneOffset.UTC);
  }
}
