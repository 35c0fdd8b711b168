package io.footfall.app;

import static io.footfall.testkit.Await.poll;
import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.app.LiveNode.Sensor;
import io.footfall.wire.Sighting;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #17, late data within the horizon, through a whole node (real MQTT, the engine, the rollup writer, embedded
 * PostgreSQL, the series API): a sensor cut off while the other goes on sends its backlog after the minutes it
 * covers were written final; the rows are replaced by amended ones with a higher revision, and nothing is late.
 */
@ExtendWith(VertxExtension.class)
class LateAmendmentEndToEndTest {

  /** 2024-11-29T10:00:00Z: recorded captures, so the sensors' leads are far beyond any clock budget. */
  private static final long T0 = 1_732_874_400_000L;
  private static final long MINUTE = 60_000;
  private static final String A = "s-01";
  private static final String B = "s-02";
  private static final String B_ZONE = "entrance-east";

  @RegisterExtension
  final LiveNodes nodes = new LiveNodes();

  private LiveNode node;

  @Test
  void aBacklogSentAfterItsMinutesWereFinalAmendsTheirRowsWithAHigherRevision(Vertx vertx) throws Exception {
    node = nodes.start(vertx, Map.of("engine.publishIntervalMs", "200",
        "engine.allowedLatenessMs", "1000", "engine.idleSensorMs", "2000", "engine.absenceTimeoutMs", "10000",
        "engine.exitGraceMs", "5000", "database.zoneMinuteRetentionDays", "36500",
        "mqtt.publishesPerSecond", "1000", "mqtt.publishBurst", "1000"));
    Sensor a = node.sensor(vertx, A, A);
    Sensor b = node.sensor(vertx, B, B);

    // GIVEN both sensors sending the first minute, each hearing its own device, then A going on alone for two more
    // minutes while B is cut off and queues what it hears in the second minute (a device only it hears)
    long seqA = 1;
    long seqB = 1;
    for (int s = 0; s < 60; s++) {
      a.publish(seqA++, List.of(sighting(0xa1, s)));
      b.publish(seqB++, List.of(sighting(0xb1, s)));
    }
    for (int s = 60; s < 200; s++) {
      a.publish(seqA++, List.of(sighting(0xa1, s)));
    }
    // AND the second minute of B's zone written final without B's queued device: only the first device's exit
    JsonObject before = poll("r -> r.isPresent()", () -> row(T0 + MINUTE), r -> r.isPresent()).orElseThrow();
    assertThat(before.getInteger("revision")).isZero();
    assertThat(before.getInteger("entries")).isZero();
    assertThat(before.getInteger("exits")).isEqualTo(1);

    // WHEN B is back and sends its backlog, late, and A goes on
    for (int s = 60; s < 120; s++) {
      b.publish(seqB++, List.of(sighting(0xb2, s)));
    }
    for (int s = 200; s < 260; s++) {
      a.publish(seqA++, List.of(sighting(0xa1, s)));
    }

    // THEN the minute B's queued device left in gets its row, amended (the zone had no row then)
    JsonObject left = poll("Optional::isPresent", () -> row(T0 + 2 * MINUTE), Optional::isPresent).orElseThrow();
    assertThat(left.getInteger("exits")).isEqualTo(1);
    assertThat(left.getInteger("revision")).isPositive();
    // AND the second minute's row is replaced by an amended one: B's device entered then, beside the first one leaving
    JsonObject amended = row(T0 + MINUTE).orElseThrow();
    assertThat(amended.getInteger("revision")).isPositive();
    assertThat(amended.getInteger("entries")).isEqualTo(1);
    assertThat(amended.getInteger("exits")).isEqualTo(1);
    assertThat(amended.getInteger("devicesMax")).isEqualTo(2);
    // AND none of B's sightings was lost as late: all 60 of the backlog amended
    JsonObject clock = poll("c -> c.getLong(\"amended\", 0L) == 60", () -> node.clock(B), c -> c.getLong("amended", 0L) == 60);
    assertThat(clock.getLong("amended")).isEqualTo(60);
    assertThat(clock.getLong("late")).isZero();
    // AND the CSV download says the row was revised
    List<String> csv = node.getText(series() + "&format=csv").lines().toList();
    assertThat(csv.get(0)).endsWith(",uniques,revision");
    // (its rows start with the zone and the minute in the site's local time)
    String minute = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
        .format(Instant.ofEpochMilli(T0 + MINUTE).atZone(java.time.ZoneId.of(io.footfall.site.SiteLoader.loadResource("sites/demo-mall.yaml").timezone())));
    assertThat(csv).filteredOn(line -> line.startsWith(B_ZONE + "," + minute + ","))
        .singleElement().asString().endsWith(",2,1,1,2," + amended.getInteger("revision"));
  }

  private static Sighting sighting(int device, int second) {
    return Sighting.of(String.format("%016x", 0x7e57_0000_0000L + device), -50, T0 + second * 1_000L);
  }

  private static String series() {
    return "/api/sites/" + LiveNode.SITE + "/zones/" + B_ZONE + "/series?from=" + Instant.ofEpochMilli(T0) + "&to="
        + Instant.ofEpochMilli(T0 + 10 * MINUTE);
  }

  /** The stored row of B's zone for a minute, if any. */
  private Optional<JsonObject> row(long minute) throws Exception {
    JsonArray rows = node.getArray(series());
    return rows.stream().map(JsonObject.class::cast)
        .filter(r -> Instant.parse(r.getString("minute")).toEpochMilli() == minute).findFirst();
  }
}
