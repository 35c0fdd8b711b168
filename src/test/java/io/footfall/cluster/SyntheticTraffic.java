package io.footfall.cluster;

import io.footfall.site.Site;
import io.footfall.wire.SightingBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * Deterministic shoppers for the cluster tests: each round is {@link #ROUND_MS} of event time in which every
 * sensor sends one batch with the devices near it, plus one sighting too weak to count, so that every sensor
 * moves event time on every round. Devices arrive and leave over the run; every fourth one walks to another zone
 * halfway through its visit. The visits repeat every {@value #CYCLE} rounds (every visit of a cycle ends within it),
 * so that a long run keeps its traffic and sees the same devices come back.
 */
final class SyntheticTraffic {

  /** 2024-11-29T10:00:00Z, a minute boundary. */
  static final long T0 = 1_732_874_400_000L;
  static final long ROUND_MS = 5_000;
  private static final int DEVICES = 400;
  private static final int CYCLE = 120;
  private static final long REPEAT_ID_BASE = 0x5000_0000L;

  private final Site site;
  private final boolean repeatIds;
  private final long t0;

  SyntheticTraffic(Site site) {
    this(site, false);
  }

  /** @param repeatIds whether the devices with a fixed address carry a repeat-visit id, as for repeat visits */
  SyntheticTraffic(Site site, boolean repeatIds) {
    this(site, repeatIds, T0);
  }

  /**
   * @param t0 where event time starts, a minute boundary: a run longer than a minute needs recent times, or a node's
   *           retention purge deletes its rows
   */
  SyntheticTraffic(Site site, boolean repeatIds, long t0) {
    this.site = site;
    this.repeatIds = repeatIds;
    this.t0 = t0;
  }

  /** Event time of a round's sightings. */
  private long roundTs(int round) {
    return t0 + (round + 1L) * ROUND_MS;
  }

  /** One batch per sensor, sensor order. */
  List<SightingBatch> round(int round) {
    int sensors = site.sensors().size();
    int visitRound = round % CYCLE;
    List<List<Integer>> heard = new ArrayList<>();
    for (int s = 0; s < sensors; s++) {
      heard.add(new ArrayList<>());
    }
    for (int d = 0; d < DEVICES; d++) {
      if (onSite(d, visitRound)) {
        boolean moved = d % 4 == 0 && visitRound >= start(d) + length(d) / 2;
        heard.get(moved ? (d + 5) % sensors : d % sensors).add(d);
      }
    }
    List<SightingBatch> batches = new ArrayList<>();
    long ts = roundTs(round);
    for (int s = 0; s < sensors; s++) {
      List<Integer> devices = heard.get(s);
      int n = devices.size() + 1;
      long[] dev = new long[n];
      long[] times = new long[n];
      short[] rssi = new short[n];
      short[] sn = new short[n];
      long[] fp = new long[n];
      byte[] flags = new byte[n];
      int[] count = new int[n];
      long[] rid = repeatIds ? new long[n] : null;
      for (int i = 0; i < devices.size(); i++) {
        dev[i] = 0x1000L + devices.get(i);
        times[i] = ts - (devices.get(i) % 50);
        rssi[i] = -60;
        sn[i] = (short) (round % 4096);
        flags[i] = (byte) (devices.get(i) % 3 == 0 ? SightingBatch.FLAG_RANDOM : 0);
        count[i] = 1;
        if (rid != null && flags[i] == 0) {
          rid[i] = REPEAT_ID_BASE + devices.get(i);
        }
      }
      dev[n - 1] = 0xFFFF_0000L + s;
      times[n - 1] = ts;
      rssi[n - 1] = -99;
      sn[n - 1] = SightingBatch.NO_SN;
      count[n - 1] = 1;
      batches.add(new SightingBatch(site.id(), site.sensors().get(s).id(), round, n, dev, times, rssi, sn, fp, flags,
          count, rid, s, System.currentTimeMillis()));
    }
    return batches;
  }

  /** Whether the device carrying repeat-visit id {@code rid} is heard in round {@code round}. */
  boolean visiting(long rid, int round) {
    return onSite((int) (rid - REPEAT_ID_BASE), round % CYCLE);
  }

  private static boolean onSite(int device, int visitRound) {
    return visitRound >= start(device) && visitRound < start(device) + length(device);
  }

  private static int start(int device) {
    return (device * 7) % 60;
  }

  private static int length(int device) {
    return 20 + (device * 13) % 40;
  }
}
