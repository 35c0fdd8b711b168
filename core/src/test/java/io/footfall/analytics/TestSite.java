package io.footfall.analytics;

import io.footfall.site.Floor;
import io.footfall.site.Point;
import io.footfall.site.SensorSpec;
import io.footfall.site.Site;
import io.footfall.site.Zone;
import io.footfall.site.ZoneKind;
import io.footfall.wire.SightingBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * A small site for the analytics tests and a way to feed it: zones A, B, C; sensors s0 (A), s1 (B), s2 (C),
 * s3 (A). Times are milliseconds after {@link #T0}, a minute boundary.
 */
final class TestSite {

  static final long T0 = 1_732_838_400_000L;
  static final int A = 0;
  static final int B = 1;
  static final int C = 2;

  /** Zones whose people all typically stay alike, so a move is dated half-way through the silence before it. */
  static Site site() {
    return site(EVEN_STAY_MS, EVEN_STAY_MS);
  }

  static final long EVEN_STAY_MS = 300_000;

  /** The same site with the typical stays of the stores A and C, and of the corridor B. */
  static Site site(long storeStayMs, long corridorStayMs) {
    List<Point> square = List.of(new Point(0, 0), new Point(1, 0), new Point(1, 1));
    List<Zone> zones = List.of(
        new Zone(0, "A", "A", ZoneKind.STORE, "G", 50, square, null, storeStayMs),
        new Zone(1, "B", "B", ZoneKind.CORRIDOR, "G", 50, square, null, corridorStayMs),
        new Zone(2, "C", "C", ZoneKind.STORE, "G", 50, square, null, storeStayMs));
    List<SensorSpec> sensors = List.of(
        new SensorSpec(0, "s0", "G", 0, 0, "A", null),
        new SensorSpec(1, "s1", "G", 0, 0, "B", null),
        new SensorSpec(2, "s2", "G", 0, 0, "C", null),
        new SensorSpec(3, "s3", "G", 0, 0, "A", null));
    return new Site("test-site", "Test", "UTC", List.of(new Floor("G", "G", 0, 10, 10)), zones, sensors);
  }

  /** Builds the batch of one sensor. */
  static final class Batch {
    private final int sensor;
    private final List<long[]> rows = new ArrayList<>();

    Batch(int sensor) {
      this.sensor = sensor;
    }

    Batch add(long dev, long atMs, int rssi) {
      return add(dev, atMs, rssi, false);
    }

    Batch add(long dev, long atMs, int rssi, boolean random) {
      rows.add(new long[] {dev, T0 + atMs, rssi, random ? 1 : 0, SightingBatch.NO_SN, SightingBatch.NO_FP});
      return this;
    }

    /** A probe from a randomized MAC, with its sequence number and fingerprint. */
    Batch probe(long dev, long atMs, int rssi, int sn, long fp) {
      rows.add(new long[] {dev, T0 + atMs, rssi, 1, sn, fp});
      return this;
    }

    int size() {
      return rows.size();
    }

    SightingBatch build() {
      return build(0, 0);
    }

    /** The batch as numbered {@code seq} by its sensor and arriving at {@code arrivalMs} of server time (0: unknown). */
    SightingBatch build(long seq, long arrivalMs) {
      int n = rows.size();
      long[] dev = new long[n];
      long[] ts = new long[n];
      short[] rssi = new short[n];
      short[] sn = new short[n];
      long[] fp = new long[n];
      byte[] flags = new byte[n];
      int[] count = new int[n];
      for (int i = 0; i < n; i++) {
        long[] r = rows.get(i);
        dev[i] = r[0];
        ts[i] = r[1];
        rssi[i] = (short) r[2];
        sn[i] = (short) r[4];
        fp[i] = r[5];
        flags[i] = r[3] == 1 ? SightingBatch.FLAG_RANDOM : 0;
        count[i] = 1;
      }
      return new SightingBatch("test-site", "s" + sensor, seq, n, dev, ts, rssi, sn, fp, flags, count, sensor,
          arrivalMs);
    }
  }

  /** Feeds one site's analytics with single sightings and moves its event time. */
  static final class Feed {
    /** A device id used only for weak heartbeat sightings that move sensor frontiers. */
    static final long CLOCK_DEVICE = 0x7fff_ffff_ffff_fff1L;

    final SiteAnalytics analytics;
    final AnalyticsSettings settings;

    Feed(AnalyticsSettings settings, VisitListener listener) {
      this(site(), settings, listener);
    }

    Feed(Site site, AnalyticsSettings settings, VisitListener listener) {
      this.settings = settings;
      this.analytics = new SiteAnalytics(site, settings, listener);
    }

    Feed() {
      this(AnalyticsSettings.defaults(), VisitListener.NONE);
    }

    /** Goes on feeding analytics made elsewhere (restored from a snapshot). */
    Feed(SiteAnalytics analytics, AnalyticsSettings settings) {
      this.settings = settings;
      this.analytics = analytics;
    }

    Feed sight(int sensor, long dev, long atMs, int rssi) {
      analytics.accept(new Batch(sensor).add(dev, atMs, rssi).build());
      return this;
    }

    /** A sighting at {@code atMs} (after T0) in a batch that arrived at {@code arrivalMs} (after T0) of server time. */
    Feed arriving(int sensor, long dev, long atMs, int rssi, long arrivalMs) {
      analytics.accept(new Batch(sensor).add(dev, atMs, rssi).build(0, T0 + arrivalMs));
      return this;
    }

    /** A probe from a randomized MAC heard by one sensor. */
    Feed probe(int sensor, long dev, long atMs, int rssi, int sn, long fp) {
      analytics.accept(new Batch(sensor).probe(dev, atMs, rssi, sn, fp).build());
      return this;
    }

    /** Every sensor reports a sighting too weak to count at {@code atMs}, moving all frontiers there. */
    Feed heartbeat(long atMs) {
      for (int s = 0; s < 4; s++) {
        analytics.accept(new Batch(s).add(CLOCK_DEVICE, atMs, -120).build());
      }
      return this;
    }

    /** Moves the watermark to exactly {@code atMs}, applying every sighting up to it. */
    Feed advanceTo(long atMs) {
      return heartbeat(atMs + settings.allowedLatenessMs());
    }
  }
}
