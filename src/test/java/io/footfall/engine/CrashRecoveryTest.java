package io.footfall.engine;

import static io.footfall.testkit.Await.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.footfall.analytics.AnalyticsSettings;
import io.footfall.analytics.SiteAnalytics;
import io.footfall.analytics.VisitListener;
import io.footfall.analytics.ZoneMinute;
import io.footfall.analytics.ZoneMinutes;
import io.footfall.bus.Addresses;
import io.footfall.bus.Codecs;
import io.footfall.bus.NodeHealth;
import io.footfall.site.Site;
import io.footfall.site.SiteLoader;
import io.footfall.wire.SightingBatch;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node killed without a chance to flush ({@code kill -9}) resumes from its last periodic snapshot: the devices
 * present and the open minutes come back, and every minute's rollup is handed to the writer with the figures an
 * uninterrupted run gives.
 */
@ExtendWith(VertxExtension.class)
class CrashRecoveryTest {

  /** Sensors number their batches; the engine takes each number once. */
  private static final AtomicLong SEQ = new AtomicLong();

  private static final long T0 = 1_732_838_400_000L;
  private static final Site DEMO = SiteLoader.loadResource("sites/demo-mall.yaml");
  private static final int ENTRANCE = DEMO.sensor("s-01").orElseThrow().index();
  private static final int STORE = DEMO.sensor("s-10").orElseThrow().index();
  private static final long HEARTBEAT_DEVICE = 0x7fff_ffff_ffff_fff1L;
  private static final EngineConfig CONFIG = new EngineConfig(5_000, 180_000, 60_000, 60_000, 600_000, 30_000, -85,
      -75, 15, 4, 5_000, 100, 100, AnalyticsSettings.DEFAULT_STAY_MARGIN_DB,
      AnalyticsSettings.DEFAULT_MAX_CLOCK_AHEAD_MS, AnalyticsSettings.DEFAULT_LATE_HORIZON_MS, EngineConfig.DEFAULT_LIVE_INTERVAL_MS);

  @TempDir
  Path dataDir;

  private final List<ZoneMinute> handedOver = new CopyOnWriteArrayList<>();
  private final AtomicReference<JsonObject> live = new AtomicReference<>();
  private String deployment;

  @BeforeEach
  void listen(Vertx vertx) {
    Codecs.register(vertx);
    vertx.eventBus().<ZoneMinutes>consumer(Addresses.STORE_ROLLUPS, m -> handedOver.addAll(m.body().rows()))
        .completion().await();
    // alerts share the address: the sensors this test leaves silent are raised once their threshold passes
    vertx.eventBus().<JsonObject>consumer(Addresses.liveSite(DEMO.id()), m -> {
      if ("occupancy".equals(m.body().getString("type"))) {
        live.set(m.body());
      }
    }).completion().await();
  }

  @AfterEach
  void undeploy(Vertx vertx) {
    if (deployment != null) {
      vertx.undeploy(deployment).await();
    }
  }

  @Test
  void aKilledEngineResumesFromItsLastSnapshotWithOccupancyContinuousAndNoMinuteMissing(Vertx vertx)
      throws Exception {
    // GIVEN 15 minutes of 40 devices coming, moving between the entrance and a store, and leaving
    List<SightingBatch> batches = visits(new Random(21), 40, 15 * 60_000);
    List<SightingBatch> beforeCrash = batches.subList(0, batches.size() / 2);
    List<SightingBatch> afterCrash = batches.subList(batches.size() / 2, batches.size());
    Path snapshotDir = dataDir.resolve("snapshots");
    deployment = vertx.deployVerticle(new EngineVerticle(List.of(DEMO), CONFIG, new NodeHealth(), snapshotDir)).await();
    send(vertx, beforeCrash);

    // WHEN the engine dies right after a periodic snapshot that holds everything it took
    long watermarkAtCrash = beforeCrash.get(beforeCrash.size() - 1).ts[0] - CONFIG.allowedLatenessMs();
    Path file = snapshotDir.resolve(DEMO.id() + ".bin");
    byte[] onDisk = awaitSnapshot(file, watermarkAtCrash);
    eventually("the state before the crash is published",
        () -> live.get() != null && live.get().getLong("watermark") == watermarkAtCrash);
    JsonObject zonesAtCrash = live.get().getJsonObject("zones");
    List<ZoneMinute> durableBeforeCrash = List.copyOf(handedOver);
    // a graceful undeploy would flush; putting the periodic snapshot back makes the disk look like after kill -9
    vertx.undeploy(deployment).await();
    deployment = null;
    Files.write(file, onDisk);
    handedOver.clear();
    live.set(null);

    // AND a new engine starts on the same data directory
    deployment = vertx.deployVerticle(new EngineVerticle(List.of(DEMO), CONFIG, new NodeHealth(), snapshotDir)).await();

    // THEN the occupancy is where it was
    eventually("the resumed state is published", () -> live.get() != null);
    assertThat(live.get().getLong("watermark")).isEqualTo(watermarkAtCrash);
    assertThat(live.get().getJsonObject("zones")).isEqualTo(zonesAtCrash);
    assertThat(zonesAtCrash.getInteger("entrance-west") + zonesAtCrash.getInteger("store-northwind")).isPositive();

    // AND once the rest of the day has been taken, every minute has the rollup an uninterrupted run gives
    send(vertx, afterCrash);
    Map<String, ZoneMinute> expected = latestByKey(uninterrupted(batches));
    eventually("every finished minute is handed over", () -> latestByKey(union(durableBeforeCrash, handedOver))
        .keySet().containsAll(expected.keySet()));
    assertThat(expected).hasSizeGreaterThan(20);
    Map<String, ZoneMinute> recovered = latestByKey(union(durableBeforeCrash, handedOver));
    recovered.keySet().retainAll(expected.keySet());
    assertThat(recovered).isEqualTo(expected);
  }

  @Test
  void anUnusableSnapshotIsIgnoredAndTheSiteStartsAfresh(Vertx vertx) throws Exception {
    Path snapshotDir = dataDir.resolve("snapshots");
    Files.createDirectories(snapshotDir);
    Files.write(snapshotDir.resolve(DEMO.id() + ".bin"), new byte[] {1, 2, 3});
    NodeHealth health = new NodeHealth();

    deployment = vertx.deployVerticle(new EngineVerticle(List.of(DEMO), CONFIG, health, snapshotDir)).await();

    assertThat(health.state("engine")).isEqualTo(NodeHealth.State.UP);
    send(vertx, visits(new Random(1), 5, 60_000));
    eventually("sightings are taken", () -> live.get() != null && live.get().getJsonObject("totals")
        .getInteger("devices") > 0);
  }

  private static List<ZoneMinute> uninterrupted(List<SightingBatch> batches) {
    SiteAnalytics analytics = new SiteAnalytics(DEMO, CONFIG.analytics(), VisitListener.NONE);
    batches.forEach(analytics::accept);
    return analytics.drainFinishedMinutes();
  }

  private static List<ZoneMinute> union(List<ZoneMinute> first, List<ZoneMinute> then) {
    List<ZoneMinute> all = new ArrayList<>(first);
    all.addAll(then);
    return all;
  }

  /** What PostgreSQL holds after upserting the rows in order: the last row of each zone and minute. */
  private static Map<String, ZoneMinute> latestByKey(List<ZoneMinute> rows) {
    Map<String, ZoneMinute> latest = new LinkedHashMap<>();
    rows.forEach(row -> latest.put(row.zone() + "@" + row.minute(), row));
    return latest;
  }

  private static void send(Vertx vertx, List<SightingBatch> batches) {
    for (SightingBatch batch : batches) {
      vertx.eventBus().request(Addresses.ENGINE_SIGHTINGS, batch).await();
    }
  }

  private static byte[] awaitSnapshot(Path file, long watermark) throws Exception {
    AtomicReference<byte[]> found = new AtomicReference<>();
    eventually("a snapshot holds everything taken", () -> {
      try {
        byte[] bytes = Files.readAllBytes(file);
        SiteAnalytics restored = SiteAnalytics.restore(DEMO, CONFIG.analytics(), VisitListener.NONE,
            SnapshotStore.decode(bytes).analytics());
        found.set(bytes);
        return restored.watermark() == watermark;
      } catch (IOException e) {
        return false;
      }
    });
    return found.get();
  }

  /**
   * Devices that arrive, dwell at the entrance or in the store next to it (moving now and then) and leave; both
   * sensors report every 5 s, with a too-weak heartbeat so that event time moves even when nobody is around.
   */
  private static List<SightingBatch> visits(Random random, int devices, long durationMs) {
    long[] arrive = new long[devices];
    long[] leave = new long[devices];
    boolean[] inStore = new boolean[devices];
    long[] nextProbe = new long[devices];
    for (int d = 0; d < devices; d++) {
      arrive[d] = random.nextLong(durationMs / 2);
      leave[d] = arrive[d] + 60_000 + random.nextLong(durationMs / 2);
      nextProbe[d] = arrive[d];
    }
    List<SightingBatch> out = new ArrayList<>();
    for (long t = 0; t < durationMs; t += 5_000) {
      List<long[]> atEntrance = new ArrayList<>();
      List<long[]> atStore = new ArrayList<>();
      for (int d = 0; d < devices; d++) {
        while (nextProbe[d] < t + 5_000 && nextProbe[d] < leave[d]) {
          if (random.nextInt(8) == 0) {
            inStore[d] = !inStore[d];
          }
          atEntrance.add(new long[] {1 + d, T0 + nextProbe[d], inStore[d] ? -75 : -50});
          atStore.add(new long[] {1 + d, T0 + nextProbe[d], inStore[d] ? -50 : -75});
          nextProbe[d] += 10_000 + random.nextInt(20_000);
        }
      }
      out.add(batch(ENTRANCE, "s-01", T0 + t + 5_000, atEntrance));
      out.add(batch(STORE, "s-10", T0 + t + 5_000, atStore));
    }
    return out;
  }

  /** The heartbeat comes first, so that {@code ts[0]} is the batch's newest time. */
  private static SightingBatch batch(int sensor, String sensorId, long heartbeatTs, List<long[]> sightings) {
    int n = sightings.size() + 1;
    long[] dev = new long[n];
    long[] ts = new long[n];
    short[] rssi = new short[n];
    dev[0] = HEARTBEAT_DEVICE;
    ts[0] = heartbeatTs;
    rssi[0] = -120;
    for (int i = 1; i < n; i++) {
      long[] s = sightings.get(i - 1);
      dev[i] = s[0];
      ts[i] = s[1];
      rssi[i] = (short) s[2];
    }
    return new SightingBatch(DEMO.id(), sensorId, SEQ.incrementAndGet(), n, dev, ts, rssi, new short[n], new long[n], new byte[n],
        new int[n], sensor, System.currentTimeMillis());
  }

}
