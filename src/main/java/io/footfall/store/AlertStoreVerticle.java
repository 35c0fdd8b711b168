package io.footfall.store;

import io.footfall.alerts.AlertChange;
import io.footfall.app.Addresses;
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
 * <p>Consumes {@link Addresses#STORE_ALERTS} (alert changes as JSON) and upserts them every
 * {@code flushIntervalMs} in one statement, keyed by alert id, so a re-sent change is harmless; a failed flush
 * keeps the changes queued for the next one. Answers {@link Addresses#STORE_ALERTS_QUERY} requests (list and
 * acknowledge, formats documented there) from the web server.
 */
public final class AlertStoreVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(AlertStoreVerticle.class);
  private static final int MAX_QUEUED = 10_000;

  private final Pool pool;
  private final long flushIntervalMs;
  /** Latest change per alert id, in arrival order. */
  private final Map<String, AlertChange> queue = new LinkedHashMap<>();
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private Future<Void> lastFlush = Future.succeededFuture();
  private long timer = -1;

  public AlertStoreVerticle(Pool pool, long flushIntervalMs) {
    this.pool = pool;
    this.flushIntervalMs = flushIntervalMs;
  }

  @Override
  public Future<?> start() {
    MessageConsumer<JsonObject> changes = vertx.eventBus().localConsumer(Addresses.STORE_ALERTS, this::onChange);
    MessageConsumer<JsonObject> queries = vertx.eventBus().localConsumer(Addresses.STORE_ALERTS_QUERY, this::onQuery);
    consumers.add(changes);
    consumers.add(queries);
    return Future.all(changes.completion(), queries.completion())
        .onSuccess(v -> {
          timer = vertx.setPeriodic(flushIntervalMs, id -> flush());
          LOG.info("alert store started [flushIntervalMs: {}]", flushIntervalMs);
        });
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.all(consumers.stream().map(MessageConsumer::unregister).toList())
        .compose(v -> lastFlush.transform(r -> flush()))
        .onComplete(r -> LOG.info("alert store stopped [unwritten: {}]", queue.size()));
  }

  private void onChange(Message<JsonObject> message) {
    AlertChange change = AlertChange.fromJson(message.body());
    String key = change.site() + "\n" + change.id();
    AlertChange queued = queue.get(key);
    // a clear must not be overtaken by its own raise within one flush
    if (queued == null || queued.open() || !change.open()) {
      queue.put(key, change);
    }
    if (queue.size() > MAX_QUEUED) {
      String oldest = queue.keySet().iterator().next();
      queue.remove(oldest);
      LOG.warn("dropping queued alert [reason: queue full, alert: {}]", oldest);
    }
  }

  private Future<Void> flush() {
    if (queue.isEmpty() || !lastFlush.isComplete()) {
      return lastFlush;
    }
    List<AlertChange> batch = List.copyOf(queue.values());
    queue.clear();
    lastFlush = pool.preparedQuery(Sql.UPSERT_ALERTS).execute(parameters(batch))
        .<Void>mapEmpty()
        .onSuccess(v -> LOG.debug("alerts written [rows: {}]", batch.size()))
        .recover(failure -> {
          LOG.warn("alert flush failed [rows: {}, reason: {}]", batch.size(), failure.getMessage());
          batch.forEach(c -> queue.putIfAbsent(c.site() + "\n" + c.id(), c));
          return Future.succeededFuture();
        });
    return lastFlush;
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
      case "ack" -> lastFlush.transform(r -> flush())
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
