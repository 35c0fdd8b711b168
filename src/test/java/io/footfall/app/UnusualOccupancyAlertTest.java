package io.footfall.app;

import static io.footfall.testkit.Await.await;
import static io.footfall.testkit.Await.poll;
import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.app.LiveNode.Frame;
import io.footfall.app.LiveNode.Sensor;
import io.footfall.bus.Addresses;
import io.footfall.store.Database;
import io.footfall.store.DatabaseConfig;
import io.footfall.wire.Sighting;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Unusual occupancy through a whole node: three past weeks of an almost empty West Entrance in PostgreSQL, then a
 * crowd there now; the baseline refresher hands the usual level to the engine, which raises an
 * {@code occupancy-unusual} alert on the live stream and stores it with its direction.
 *
 * <p>The baseline is computed over the weeks before the current wall-clock hour, so the sightings are dated a little
 * in the past (event time), and the history around the same instant one, two and three weeks earlier.
 */
@ExtendWith(VertxExtension.class)
class UnusualOccupancyAlertTest {

  private static final String SITE = LiveNode.SITE;
  private static final String ZONE = "entrance-west";
  private static final long MIN = 60_000;
  private static final long WEEK = 7 * 24 * 60 * MIN;

  @RegisterExtension
  final LiveNodes nodes = new LiveNodes();

  @Test
  void aCrowdWhereThereUsuallyIsNobodyRaisesAnUnusuallyBusyAlert(Vertx vertx) throws Exception {
    long t0 = Instant.now().minus(20, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES).toEpochMilli();
    // GIVEN one device in the West Entrance for two hours either side of this instant in each of three past weeks
    await(seedHistory(vertx, t0));
    Promise<JsonObject> baseline = Promise.promise();
    vertx.eventBus().<JsonObject>localConsumer(Addresses.ENGINE_BASELINE, m -> baseline.tryComplete(m.body()))
        .completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    LiveNode node = nodes.start(vertx, Map.of("engine.allowedLatenessMs", "0", "engine.idleAdvanceMs", "600000",
        "alerts.unusualSustainMs", "120000"));
    assertThat(await(baseline.future()).getJsonArray("slots")).isNotEmpty();
    node.watchLive("control");
    Sensor s01 = node.sensor(vertx, "s-01", "s-01");

    // WHEN twelve devices are heard there, and the engine has judged that at the same event time
    s01.publish(1, crowd(t0));
    poll("the crowd counted at t0", () -> node.occupancy(), o -> o.getLong("watermark") != null
        && o.getLong("watermark") >= t0 && devicesIn(o) == 12);
    // AND they are still there two minutes (the sustain time set here) later
    s01.publish(2, crowd(t0 + 2 * MIN));

    // THEN an unusually busy alert is raised on the live stream, at the end of the sustain time
    JsonObject frame = poll("the alert on the live stream", () -> unusual(new JsonArray(node.frames.stream()
        .map(Frame::json).filter(f -> "alert".equals(f.getString("type"))).toList())), Optional::isPresent)
        .orElseThrow();
    assertThat(frame.getString("state")).isEqualTo("raised");
    assertThat(frame.getString("direction")).isEqualTo("high");
    assertThat(frame.getLong("raisedAt")).isEqualTo(t0 + 2 * MIN);
    assertThat(frame.getDouble("value")).isEqualTo(12.0);
    assertThat(frame.getDouble("threshold")).as("usually 1 device, at least 5 more is unusual").isEqualTo(6.0);

    // AND it is stored with its direction
    JsonObject stored = poll("the alert stored", () -> unusual(node.alerts("open", t0, "control")),
        Optional::isPresent).orElseThrow();
    assertThat(stored.getString("direction")).isEqualTo("high");
    assertThat(stored.getString("id")).isEqualTo(frame.getString("id"));
  }

  /** Runs the migrations in the node's data directory and seeds zone_minute, before the node starts there. */
  private Future<Void> seedHistory(Vertx vertx, long t0) {
    DatabaseConfig config = new DatabaseConfig("", 1000, 1000, 2);
    return Database.start(vertx, config, nodes.dataDir()).compose(db -> {
      List<Tuple> weeks = new ArrayList<>();
      for (int w = 1; w <= 3; w++) {
        weeks.add(Tuple.of(SITE, ZONE, utc(t0 - w * WEEK - 120 * MIN)));
      }
      return db.pool().preparedQuery("""
              INSERT INTO zone_minute (site_id, zone_id, minute, devices_avg, devices_max, entries, exits, uniques)
              SELECT $1, $2, m, 1, 1, 0, 0, 1
              FROM generate_series($3::timestamptz, $3::timestamptz + interval '239 minutes', interval '1 minute') m""")
          .executeBatch(weeks)
          .compose(rows -> db.close());
    });
  }

  private static int devicesIn(JsonObject occupancy) {
    return occupancy.getJsonArray("zones").stream().map(JsonObject.class::cast)
        .filter(z -> ZONE.equals(z.getString("id"))).findFirst().map(z -> z.getInteger("devices")).orElse(-1);
  }

  private static Optional<JsonObject> unusual(JsonArray alerts) {
    return alerts.stream().map(JsonObject.class::cast)
        .filter(a -> "occupancy-unusual".equals(a.getString("kind")) && ZONE.equals(a.getString("subject")))
        .findFirst();
  }

  private static OffsetDateTime utc(long epochMs) {
    return OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMs), ZoneOffset.UTC);
  }

  /** Twelve devices heard at {@code ts}. */
  private static List<Sighting> crowd(long ts) {
    List<Sighting> crowd = new ArrayList<>();
    for (int d = 1; d <= 12; d++) {
      crowd.add(Sighting.of(String.format("00000000000001%02x", d), -60, ts));
    }
    return crowd;
  }
}
