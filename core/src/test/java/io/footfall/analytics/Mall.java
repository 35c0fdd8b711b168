package io.footfall.analytics;

import io.footfall.site.Floor;
import io.footfall.site.Point;
import io.footfall.site.SensorSpec;
import io.footfall.site.Site;
import io.footfall.site.Zone;
import io.footfall.site.ZoneKind;
import io.footfall.wire.SightingBatch;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A small mall for the metrics tests, driven through {@link SiteAnalytics} by scripted walks: zones door
 * (entrance), hall (corridor), shoe and book (stores on the hall), food (food court); one sensor per zone, sensor
 * index = zone index. Times are milliseconds after {@link TestSite#T0}, a minute (and hour) boundary.
 */
final class Mall {

  static final long T0 = TestSite.T0;
  static final long MIN = 60_000;
  static final int DOOR = 0;
  static final int HALL = 1;
  static final int SHOE = 2;
  static final int BOOK = 3;
  static final int FOOD = 4;
  private static final long PROBE_EVERY = 20_000;

  private final List<long[]> sightings = new ArrayList<>();
  private final Map<Long, Long> repeatIds = new HashMap<>();
  private final MetricsSettings settings;
  SiteAnalytics analytics;
  SiteMetrics metrics;

  Mall(MetricsSettings settings) {
    this(site(), settings);
  }

  /** The mall with the book shop's unit empty (kind vacant). */
  static Mall withVacantBookUnit() {
    Site mall = site();
    List<Zone> zones = new ArrayList<>(mall.zones());
    Zone book = zones.get(BOOK);
    zones.set(BOOK, new Zone(book.index(), book.id(), "Empty unit", ZoneKind.VACANT, book.floor(), book.capacity(),
        book.polygon(), book.frontage(), book.typicalStayMs()));
    return new Mall(new Site(mall.id(), mall.name(), mall.timezone(), mall.floors(), zones, mall.sensors()),
        new Mall().settings);
  }

  private Mall(Site site, MetricsSettings settings) {
    this.settings = settings;
    metrics = new SiteMetrics(site, settings);
    analytics = new SiteAnalytics(site, AnalyticsSettings.defaults(), metrics.listener());
  }

  /** Feeds what is scripted so far, then goes on from a snapshot with new metrics, as after a crash. */
  Mall restartAt(long untilMs) {
    return runUntil(untilMs).restart();
  }

  /** Goes on from a snapshot with new metrics, which the snapshot fills, as after a crash. */
  Mall restart() {
    byte[] snapshot = analytics.snapshot();
    metrics = new SiteMetrics(analytics.site(), settings);
    analytics = SiteAnalytics.restore(analytics.site(), AnalyticsSettings.defaults(), metrics.listener(), snapshot);
    return this;
  }

  /** Feeds the sightings scripted before {@code untilMs}, in time order, keeping the later ones for later. */
  Mall feedUntil(long untilMs) {
    sightings.sort(Comparator.comparingLong((long[] s) -> s[0]).thenComparingLong(s -> s[1]));
    List<long[]> later = new ArrayList<>();
    for (long[] s : sightings) {
      if (s[0] < untilMs) {
        feed(s);
      } else {
        later.add(s);
      }
    }
    sightings.clear();
    sightings.addAll(later);
    return this;
  }

  /** The default metrics without walked paths: every zone of this mall is drawn on the same square. */
  Mall() {
    this(new MetricsSettings(120_000, 300_000, 18_000_000, List.of(), 5, 6, 500, false, false));
  }

  static Site site() {
    List<Point> square = List.of(new Point(0, 0), new Point(1, 0), new Point(1, 1));
    List<Zone> zones = List.of(
        new Zone(0, "door", "Door", ZoneKind.ENTRANCE, "G", 50, square, null, TestSite.EVEN_STAY_MS),
        new Zone(1, "hall", "Hall", ZoneKind.CORRIDOR, "G", 50, square, null, TestSite.EVEN_STAY_MS),
        new Zone(2, "shoe", "Shoe shop", ZoneKind.STORE, "G", 50, square, "hall", TestSite.EVEN_STAY_MS),
        new Zone(3, "book", "Book shop", ZoneKind.STORE, "G", 50, square, "hall", TestSite.EVEN_STAY_MS),
        new Zone(4, "food", "Food court", ZoneKind.FOOD_COURT, "G", 50, square, null, TestSite.EVEN_STAY_MS));
    List<SensorSpec> sensors = new ArrayList<>();
    for (Zone z : zones) {
      sensors.add(new SensorSpec(z.index(), "s" + z.index(), "G", 0, 0, z.id(), null));
    }
    return new Site("mall", "Mall", "UTC", List.of(new Floor("G", "G", 0, 10, 10)), zones, sensors);
  }

  /**
   * A device in a zone from {@code fromMs} (heard there strongly first, so it moves in at once) until
   * {@code toMs}, heard every 20 s.
   */
  Mall stay(long dev, int zone, long fromMs, long toMs, boolean random) {
    sightings.add(new long[] {fromMs, zone, dev, -40, random ? 1 : 0});
    for (long t = fromMs + PROBE_EVERY; t < toMs; t += PROBE_EVERY) {
      sightings.add(new long[] {t, zone, dev, -60, random ? 1 : 0});
    }
    return this;
  }

  Mall stay(long dev, int zone, long fromMs, long toMs) {
    return stay(dev, zone, fromMs, toMs, false);
  }

  /**
   * A trip through zones, each stay starting where the previous ended: {@code plan} alternates zone and
   * minutes spent there. The device is last heard just before the end of its last stay.
   */
  Mall walk(long dev, long startMs, int... plan) {
    long t = startMs;
    for (int i = 0; i + 1 < plan.length; i += 2) {
      stay(dev, plan[i], t, t + plan[i + 1] * MIN, false);
      t += plan[i + 1] * MIN;
    }
    return this;
  }

  /** From now on every sighting of {@code dev} carries the repeat-visit id {@code rid}. */
  Mall repeatId(long dev, long rid) {
    repeatIds.put(dev, rid);
    return this;
  }

  /** Feeds every sighting so far in time order, then moves the watermark to {@code untilMs}. */
  Mall runUntil(long untilMs) {
    sightings.sort(Comparator.comparingLong((long[] s) -> s[0]).thenComparingLong(s -> s[1]));
    for (long[] s : sightings) {
      feed(s);
    }
    sightings.clear();
    return advanceWatermark(untilMs);
  }

  /**
   * Feeds the sightings scripted before {@code untilMs}, keeping the later ones, and moves the watermark to just
   * before it, so that the later ones still come in order.
   */
  Mall runTo(long untilMs) {
    return feedUntil(untilMs).advanceWatermark(untilMs - 1);
  }

  private Mall advanceWatermark(long untilMs) {
    for (int sensor = 0; sensor < 5; sensor++) {
      analytics.accept(batch(sensor, 0x7fff_ffff_ffff_fff1L, T0 + untilMs + 5_000, (short) -120, (byte) 0, 0));
    }
    return this;
  }

  private void feed(long[] s) {
    byte flags = s[4] == 1 ? SightingBatch.FLAG_RANDOM : 0;
    analytics.accept(batch((int) s[1], s[2], T0 + s[0], (short) s[3], flags, repeatIds.getOrDefault(s[2], 0L)));
  }

  private static SightingBatch batch(int sensor, long dev, long ts, short rssi, byte flags, long rid) {
    return new SightingBatch("mall", "s" + sensor, 0, 1, new long[] {dev}, new long[] {ts}, new short[] {rssi},
        new short[] {SightingBatch.NO_SN}, new long[] {SightingBatch.NO_FP}, new byte[] {flags}, new int[] {1},
        rid == 0 ? null : new long[] {rid}, sensor, 0);
  }
}
