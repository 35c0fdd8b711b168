package io.footfall.bench;

import io.footfall.analytics.ZoneMinute;
import io.footfall.analytics.ZoneMinutes;
import io.footfall.bus.Addresses;
import io.footfall.bus.Codecs;
import io.footfall.bus.NodeHealth;
import io.footfall.store.Database;
import io.footfall.store.DatabaseConfig;
import io.footfall.store.RollupWriterVerticle;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Rollup writes: minutes of rollups for {@code zones} zones sent through the real {@link RollupWriterVerticle}
 * (its queue, its upsert statement, its pool) to PostgreSQL, one minute at a time, timing each from hand-over to
 * written. Runs on its own Vert.x so that no node's writer competes for the rollups.
 */
final class RollupPhase {

  private static final int FLUSH_INTERVAL_MS = 10;

  /** @param worstMs slowest minute from hand-over to written (includes up to one 10 ms flush interval) */
  record Result(int zones, int minutes, double meanMs, double worstMs, double rowsPerSec) {
  }

  private RollupPhase() {
  }

  static Result run(String databaseUrl, Path dir, int zones, int minutes) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      Codecs.register(vertx);
      DatabaseConfig config = new DatabaseConfig(databaseUrl, FLUSH_INTERVAL_MS, zones * 4, 4);
      Database database = Database.start(vertx, config, dir).await(60, TimeUnit.SECONDS);
      RollupWriterVerticle writer = new RollupWriterVerticle(config, database.pool(), new NodeHealth(), dir.resolve("spool"));
      vertx.deployVerticle(writer).await(30, TimeUnit.SECONDS);
      long minute0 = (System.currentTimeMillis() / 60_000 - minutes - 1) * 60_000;
      double total = 0;
      double worst = 0;
      for (int m = 0; m < minutes; m++) {
        long target = writer.stats().rowsWritten() + zones;
        long start = System.nanoTime();
        vertx.eventBus().send(Addresses.STORE_ROLLUPS, new ZoneMinutes("bench-rollups", rows(zones, minute0 + m * 60_000L)));
        awaitWritten(writer, target);
        double ms = (System.nanoTime() - start) / 1e6;
        total += ms;
        worst = Math.max(worst, ms);
      }
      database.close().await(30, TimeUnit.SECONDS);
      return new Result(zones, minutes, total / minutes, worst, zones * minutes / (total / 1000));
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  private static List<ZoneMinute> rows(int zones, long minute) {
    List<ZoneMinute> rows = new ArrayList<>(zones);
    for (int z = 0; z < zones; z++) {
      rows.add(new ZoneMinute("bench-rollups", String.format("z-%05d", z), minute, 12.5, 20, 7, 6, 15));
    }
    return rows;
  }

  private static void awaitWritten(RollupWriterVerticle writer, long target) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (writer.stats().rowsWritten() < target) {
      if (System.nanoTime() > deadline || writer.stats().failures() > 0) {
        throw new IllegalStateException("rollup writer did not write " + target + " rows: " + writer.stats());
      }
      Thread.sleep(1);
    }
  }
}
