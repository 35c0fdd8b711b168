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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps alerts in PostgreSQL (table {@code alert}, migrations V4, V6 and V10).
 *
 * <p>Consumes {@link Addresses#STORE_ALERTS} (alert changes as JSON) and hands them to a {@link FencedWriter},
 * stamped with the site's fencing epoch ({@link SiteEpochs}), whose durable {@link WriteQueue} upserts them every
 * {@code flushIntervalMs} in one statement keyed by alert id (a re-sent change is harmless, a clear is never undone
 * by its raise, and a change of an older epoch than the stored alert's is refused) and spools them to
 * {@code <dataDir>/spool/alerts-*.jsonl} while PostgreSQL is failing. Produces the {@value #HEALTH_COMPONENT} entry
 * of {@link NodeHealth}. Answers {@link Addresses#STORE_ALERTS_QUERY} requests (list and acknowledge, formats
 * documented there) from the web server; an acknowledgement first writes the queued changes, so it finds an alert
 * raised a moment ago.
 */
public final class AlertStoreVerticle extends VerticleBase {

  public static final String HEALTH_COMPONENT = "database-alerts";

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

  private final Pool pool;
  private final FencedWriter<JsonObject, AlertChange> writer;
  private MessageConsumer<JsonObject> queries;

  /** A single node's store: every site under the epoch of its start. */
  public AlertStoreVerticle(DatabaseConfig config, Pool pool, NodeHealth health, Path spoolDir) {
    this(config, pool, health, spoolDir, SiteEpochs.single());
  }

  /**
   * @param spoolDir where changes wait on disk while PostgreSQL is unreachable ({@code <dataDir>/spool})
   * @param epochs   the fencing epoch each site's changes are stamped with as they arrive
   */
  public AlertStoreVerticle(DatabaseConfig config, Pool pool, NodeHealth health, Path spoolDir, SiteEpochs epochs) {
    this.pool = pool;
    this.writer = new FencedWriter<>(Addresses.STORE_ALERTS, HEALTH_COMPONENT, FORMAT, this::upsert, true,
        AlertStoreVerticle::change, config, health, spoolDir, epochs);
  }

  /** Callable from any thread. */
  public WriteQueue.Stats stats() {
    return writer.stats();
  }

  @Override
  public Future<?> start() {
    return writer.start(vertx)
        .compose(started -> {
          queries = Addresses.consumer(vertx.eventBus(), Addresses.STORE_ALERTS_QUERY, this::onQuery);
          return queries.completion();
        });
  }

  @Override
  public Future<?> stop() {
    Future<Void> unregistered = queries == null ? Future.succeededFuture() : queries.unregister();
    return unregistered.transform(done -> writer.stop());
  }

  private static FencedWriter.Rows<AlertChange> change(JsonObject json) {
    AlertChange change = AlertChange.fromJson(json);
    return new FencedWriter.Rows<>(change.site(), List.of(change));
  }

  /**
   * One statement may touch each alert once: of a batch's changes to one alert, the newest epoch's win (the
   * statement would refuse the others), and of those a clear wins over a raise.
   */
  private Future<Integer> upsert(List<Fenced<AlertChange>> changes) {
    Map<String, Fenced<AlertChange>> latest = new LinkedHashMap<>();
    for (Fenced<AlertChange> change : changes) {
      latest.merge(change.row().site() + "\n" + change.row().id(), change, (queued, next) ->
          next.epoch() > queued.epoch()
              || (next.epoch() == queued.epoch() && (queued.row().open() || !next.row().open()))
              ? next : queued);
    }
    List<Fenced<AlertChange>> batch = List.copyOf(latest.values());
    return pool.preparedQuery(Sql.UPSERT_ALERTS).execute(parameters(batch)).map(done -> {
      Fenced.refused("alert", batch.size(), done.rowCount());
      return batch.size();
    });
  }

  private static Tuple parameters(List<Fenced<AlertChange>> batch) {
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
    Long[] epochs = new Long[n];
    for (int i = 0; i < n; i++) {
      AlertChange c = batch.get(i).row();
      sites[i] = c.site();
      ids[i] = c.id();
      kinds[i] = c.kind();
      subjects[i] = c.subject();
      raised[i] = utc(c.raisedAt());
      cleared[i] = c.clearedAt() == null ? null : utc(c.clearedAt());
      values[i] = c.value();
      thresholds[i] = c.threshold();
      directions[i] = c.direction();
      epochs[i] = batch.get(i).epoch();
    }
    return Tuple.tuple().addArrayOfString(sites).addArrayOfString(ids).addArrayOfString(kinds)
        .addArrayOfString(subjects).addArrayOfOffsetDateTime(raised).addArrayOfOffsetDateTime(cleared)
        .addArrayOfDouble(values).addArrayOfDouble(thresholds).addArrayOfString(directions).addArrayOfLong(epochs);
  }

  private void onQuery(Message<JsonObject> message) {
    JsonObject request = message.body();
    String site = request.getString("site");
    Future<JsonObject> answer = switch (request.getString("op", "")) {
      case "list" -> pool.preparedQuery(Sql.LIST_ALERTS)
          .execute(Tuple.of(site, utc(request.getLong("from")), utc(request.getLong("to")),
              "open".equals(request.getString("state"))))
          .map(rows -> new JsonObject().put("alerts", toJson(rows)));
      case "ack" -> writer.flush()
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
