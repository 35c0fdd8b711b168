package io.footfall.analytics;

import io.footfall.site.SensorSpec;
import io.footfall.site.Site;
import io.footfall.site.Zone;
import io.footfall.wire.ByteSink;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The state of a {@link SiteAnalytics} as compact bytes, and back: event clock, sightings waiting for the
 * watermark, the device table (pseudonymous device ids, never a MAC), the open minutes' event logs, the finished
 * rows not drained yet, the randomized MACs' links with the open hour's device counts, the minute estimates not
 * yet final, and what its {@link VisitListener} keeps between calls (the visitor and flow metrics' open periods and
 * trips, {@link SiteMetrics}). A single node writes them to disk periodically to survive a crash; a cluster can replicate them.
 * Restoring gives an instance that goes on exactly as the original would have from the same input.
 *
 * <p>Layout (big-endian, {@link java.io.DataOutput}): magic {@code FFSN}, format version, site id, a fingerprint of
 * the site's zone and sensor ids in order, then each component in turn. A snapshot of another site, of a site whose
 * zones or sensors changed, or of another format version is refused rather than misread. The listener's state comes
 * last, length-prefixed, so analytics can be restored under a listener that keeps none. About 90 bytes per device
 * for the analytics and 75 for the visitor and flow metrics, plus about 100 per randomized MAC heard within the
 * estimator's retention (a few minutes).
 */
public final class Snapshots {

  private static final int MAGIC = 0x4646534E;
  /**
   * 2: pending sightings carry their repeat-visit id; 3: devices carry their challenger zone; 4: the randomized
   * MACs' links and the open hour's device counts, since followed rotations change the device table; 5: the
   * listener's state (the visitor and flow metrics' open minutes and hours, trips under way), so a restart no
   * longer loses what they had counted; 6: each sensor's clock (arrival, lead, correction) and counters, the batch
   * numbers taken lately, and the redated events; 7: the fixed devices (listed ones heard, found ones, and the vendor
   * addresses being watched); 8: the store minutes and flow hours a late visit may still amend; 9: per trip, the
   * store visit under way and whether it and the trip were counted yet, since a visitor now counts as its visit
   * qualifies, before it ends.
   */
  private static final short FORMAT = 9;

  private Snapshots() {
  }

  /** Serialises the state of the analytics; call it on the thread that drives them. */
  public static byte[] write(SiteAnalytics analytics) {
    ByteSink out = new ByteSink(4096 + analytics.devices() * 144);
    out.writeInt(MAGIC);
    out.writeShort(FORMAT);
    out.writeUTF(analytics.site().id());
    out.writeLong(layout(analytics.site()));
    try {
      analytics.writeState(out);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory failed", e);
    }
    return out.toByteArray();
  }

  /**
   * Analytics of {@code site} continuing from a snapshot.
   *
   * @throws InvalidSnapshotException when the snapshot is damaged, of another format, or of a different site layout
   */
  public static SiteAnalytics read(Site site, AnalyticsSettings settings, VisitListener listener, byte[] snapshot) {
    SiteAnalytics analytics = new SiteAnalytics(site, settings, listener);
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
      if (in.readInt() != MAGIC) {
        throw new InvalidSnapshotException("not a footfall analytics snapshot");
      }
      short format = in.readShort();
      if (format != FORMAT) {
        throw new InvalidSnapshotException("snapshot format " + format + " is not " + FORMAT);
      }
      String siteId = in.readUTF();
      if (!siteId.equals(site.id())) {
        throw new InvalidSnapshotException("snapshot of site " + siteId + ", not " + site.id());
      }
      if (in.readLong() != layout(site)) {
        throw new InvalidSnapshotException("the zones or sensors of site " + site.id() + " changed since the snapshot");
      }
      analytics.readState(in);
      if (in.read() != -1) {
        throw new InvalidSnapshotException("trailing bytes after the snapshot");
      }
    } catch (IOException | RuntimeException e) {
      listener.forgetState();
      if (e instanceof InvalidSnapshotException invalid) {
        throw invalid;
      }
      throw new InvalidSnapshotException("damaged snapshot of site " + site.id() + ": " + e.getMessage());
    }
    return analytics;
  }

  /** FNV-1a over the zone and sensor ids in index order: what array indexes in the snapshot refer to. */
  static long layout(Site site) {
    long hash = 0xcbf29ce484222325L;
    StringBuilder ids = new StringBuilder();
    for (Zone zone : site.zones()) {
      ids.append('z').append(zone.id()).append('\n');
    }
    for (SensorSpec sensor : site.sensors()) {
      ids.append('s').append(sensor.id()).append('>').append(sensor.zone()).append('\n');
    }
    for (byte b : ids.toString().getBytes(StandardCharsets.UTF_8)) {
      hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
    }
    return hash;
  }
}
