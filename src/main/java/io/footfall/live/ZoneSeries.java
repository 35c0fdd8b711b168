package io.footfall.live;

import io.footfall.analytics.ZoneMinute;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;

/**
 * Where the web server reads the per-minute history of a zone from (PostgreSQL in a running node). The
 * rows come back ordered by minute, covering minutes that start in {@code [from, to)}.
 */
@FunctionalInterface
public interface ZoneSeries {

  Future<List<ZoneMinute>> series(String site, String zone, Instant from, Instant to);
}
