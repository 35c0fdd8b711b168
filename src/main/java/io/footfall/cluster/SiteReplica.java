package io.footfall.cluster;

import com.hazelcast.map.IMap;
import io.footfall.alerts.AlertRules;
import io.footfall.alerts.AlertsConfig;
import io.footfall.analytics.AnalyticsSettings;
import io.footfall.analytics.InvalidSnapshotException;
import io.footfall.analytics.SiteAnalytics;
import io.footfall.analytics.VisitListener;
import io.footfall.analytics.ZoneMinute;
import io.footfall.site.Site;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replicated state of one site run by this node: every snapshot interval the engine's analytics
 * ({@link SiteAnalytics#snapshot()}), its alert rules ({@link AlertRules#snapshot()}) and the final rollup rows
 * handed to the writer in the last {@link #RECENT_ROWS_MS}, written to the {@link HazelcastSetup#STATE} map (one
 * entry per site, synchronously backed up). A change of the alert state (an alert raised or cleared, an excursion
 * begun) is replicated at the end of the publish interval in which it happened, without waiting for the snapshot
 * interval, so that a node taking over knows every alert the control room was shown, bar one in flight. A node that
 * takes the site over restores analytics and alerts from it and sends those rows again, since the dead node's
 * writer may not have stored them yet; the writer upserts, so a row stored twice is still one row.
 *
 * <p>Entry layout: {@link #FORMAT}, the rows (count, then zone and figures each), the alert state (length, bytes),
 * then the analytics snapshot to the end.
 *
 * <p>{@link #analytics} and {@link #alerts} run on the ownership verticle before the engine deploys;
 * {@link #published} on the engine's event loop; {@link #finalSnapshot} after the engine stopped.
 */
final class SiteReplica {

  private static final Logger LOG = LoggerFactory.getLogger(SiteReplica.class);
  /** Well above the writer's flush interval: rows older than this have reached PostgreSQL or its queue elsewhere. */
  static final long RECENT_ROWS_MS = 15_000;
  /** Marks the entry layout; an entry of another layout (an older node's) is ignored and the site starts afresh. */
  static final int FORMAT = 0x46460003;

  private final IMap<String, byte[]> states;
  private final long snapshotIntervalMs;
  private final byte[] restoredFrom;
  private final ArrayDeque<TimedRows> recent = new ArrayDeque<>();
  private final List<ZoneMinute> resend = new ArrayList<>();
  private SiteAnalytics analytics;
  private AlertRules alerts;
  private byte[] restoredAlerts;
  /** The alert state last written, or null after a failed write so that the next interval writes again. */
  private volatile byte[] replicatedAlerts;
  private long lastSnapshotAt;
  private volatile boolean writing;
  private volatile long leaseValidUntil;

  SiteReplica(IMap<String, byte[]> states, long snapshotIntervalMs, byte[] restoredFrom) {
    this.states = states;
    this.snapshotIntervalMs = snapshotIntervalMs;
    this.restoredFrom = restoredFrom;
  }

  /** Creates the site's analytics, continuing from the replicated state when there is one. */
  SiteAnalytics analytics(Site site, AnalyticsSettings settings, VisitListener listener) {
    analytics = new SiteAnalytics(site, settings, listener);
    if (restoredFrom != null) {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(restoredFrom));
      try {
        if (in.readInt() != FORMAT) {
          throw new IOException("replicated state of another format");
        }
        resend.addAll(readRows(site.id(), in));
        restoredAlerts = in.readNBytes(in.readInt());
        analytics = SiteAnalytics.restore(site, settings, listener, in.readAllBytes());
        // as after a restart: a takeover can outlast engine.idleSensorMs, and the sensors' re-sent backlogs must not
        // find event time gone on without them
        analytics.resumed(System.currentTimeMillis());
        recent.add(new TimedRows(System.currentTimeMillis(), List.copyOf(resend)));
      } catch (IOException | InvalidSnapshotException e) {
        LOG.warn("starting site from scratch [site: {}, reason: {}]", site.id(), e.getMessage());
        analytics = new SiteAnalytics(site, settings, listener);
        resend.clear();
        restoredAlerts = null;
      }
    }
    return analytics;
  }

  /**
   * Creates the site's alert rules, with the alerts that were open (and the excursions under way) on the previous
   * owner when there is replicated state; after {@link #analytics}, which reads it.
   */
  AlertRules alerts(Site site, AlertsConfig config) {
    alerts = new AlertRules(site, config);
    if (restoredAlerts != null && restoredAlerts.length > 0) {
      try {
        alerts.restore(restoredAlerts);
        replicatedAlerts = restoredAlerts;
      } catch (IOException e) {
        LOG.warn("starting site alerts afresh [site: {}, reason: {}]", site.id(), e.getMessage());
      }
    }
    return alerts;
  }

  /** Final rows the previous owner handed to its writer shortly before it stopped; send them again. */
  List<ZoneMinute> rowsToResend() {
    return List.copyOf(resend);
  }

  int devices() {
    return analytics == null ? 0 : analytics.devices();
  }

  /**
   * After each publish interval and its alerts: remembers the rows just sent, and replicates the state when it is
   * due or the alert state changed.
   */
  void published(SiteAnalytics site, List<ZoneMinute> rows) {
    long now = System.currentTimeMillis();
    if (!rows.isEmpty()) {
      recent.add(new TimedRows(now, rows));
    }
    while (!recent.isEmpty() && now - recent.peekFirst().at > RECENT_ROWS_MS) {
      recent.removeFirst();
    }
    byte[] alertState = alerts == null ? new byte[0] : alerts.snapshot();
    boolean alertsChanged = !Arrays.equals(alertState, replicatedAlerts);
    // a node that was paused past its lease must not overwrite the state of the node that took the site over
    if (writing || now >= leaseValidUntil || now - lastSnapshotAt < snapshotIntervalMs && !alertsChanged) {
      return;
    }
    lastSnapshotAt = now;
    writing = true;
    replicatedAlerts = alertState;
    String siteId = site.site().id();
    states.setAsync(siteId, encode(site, alertState)).whenComplete((v, e) -> {
      if (e != null) {
        replicatedAlerts = null;
        LOG.warn("cannot replicate site state [site: {}, reason: {}]", siteId, e.toString());
      }
      writing = false;
    });
  }

  /** Set by the ownership verticle at each renewal: until when this node may still write the site's state. */
  void leaseValidUntil(long epochMs) {
    leaseValidUntil = epochMs;
  }

  /** The state to hand over, taken after the engine stopped so nothing changes it any more. */
  byte[] finalSnapshot() {
    return encode(analytics, alerts == null ? new byte[0] : alerts.snapshot());
  }

  private byte[] encode(SiteAnalytics site, byte[] alertState) {
    byte[] state = site.snapshot();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(state.length + alertState.length + 1024);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(FORMAT);
      int count = 0;
      for (TimedRows timed : recent) {
        count += timed.rows.size();
      }
      out.writeInt(count);
      for (TimedRows timed : recent) {
        for (ZoneMinute row : timed.rows) {
          out.writeUTF(row.zone());
          row.writeFigures(out);
        }
      }
      out.writeInt(alertState.length);
      out.write(alertState);
      out.write(state);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static List<ZoneMinute> readRows(String siteId, DataInputStream in) throws IOException {
    int count = in.readInt();
    List<ZoneMinute> rows = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      rows.add(ZoneMinute.readFigures(siteId, in.readUTF(), in));
    }
    return rows;
  }

  private record TimedRows(long at, List<ZoneMinute> rows) {
  }
}
