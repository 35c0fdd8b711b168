package io.footfall.cluster;

import io.footfall.site.Site;
import io.footfall.wire.SightingBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * Deterministic shoppers for the cluster tests: each round is {@link #ROUND_MS} of event time in which every
 * sensor sends one batch with the devices near it, plus one sighting too weak to count, so that every sensor
 * moves event time on every round. Devices arrive and leave over the run; every fourth one walks to another zone
 * halfway through its visit.
 */
final class SyntheticTraffic {

  /** 2024-11-29T10:00:00Z, a minute boundary. */
  static final long T0 = 1_732_874_400_000L;
  static final long ROUND_MS = 5_000;
  private static final int DEVICES = 400;

  private final Site site;
  private final boolean repeatIds;

  SyntheticTraffic(Site site) {
    this(site, false);
  }

  /** @param repeatIds whether the devices with a fixed address carry a repeat-visit id, as for repeat visits */
  SyntheticTraffic(Site site, boolean repeatIds) {
    this.site = site;
    this.repeatIds = repeatIds;
  }

  /** Event time of a round's sightings. */
  static long roundTs(int round) {
    return T0 + (round + 1L) * ROUND_MS;
  }

  /** One batch per sensor, sensor order. */
  List<SightingBatch> round(int round) {
    int sensors = site.sensors().size();
    List<List<Integer>> heard = new ArrayList<>();
    for (int s = 0; s < sensors; s++) {
      heard.add(new ArrayList<>());
    }
    for (int d = 0; d < DEVICES; d++) {
      int start = (d * 7) % 60;
      int length = 20 + (d * 13) % 40;
      if (round >= start && round < start + length) {
        boolean moved = d % 4 == 0 && round >= start + length / 2;
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
          rid[i] = 0x5000_0000L + devices.get(i);
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
}
