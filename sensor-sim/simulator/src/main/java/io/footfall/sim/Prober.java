package io.footfall.sim;

import io.footfall.site.SensorSpec;
import io.footfall.site.Site;
import io.footfall.wire.Sighting;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Turns a phone's probe burst into the frames each sensor hears, and hands them out per batch interval.
 * Frames of a burst are a few tens of milliseconds apart, so a burst near the end of an interval may spill
 * into the next batch; each frame lands in the batch its own timestamp belongs to.
 */
final class Prober {

  private static final int FRAME_JITTER_MS = 5;

  private final List<SensorSpec> sensors;
  private final Scenario.Phones phones;
  private final Radio radio;
  private final DeviceHasher hasher;
  private final DeviceHasher repeatHasher;
  private final SplittableRandom rng;
  private final SimStats stats;
  private final double[] burstRssi;
  private List<Sighting>[] pending;

  @SuppressWarnings("unchecked")
  /** @param repeatHasher derives the repeat-visit id ({@code rid}) of phones with a globally administered MAC */
  Prober(Site site, Scenario scenario, Radio radio, DeviceHasher hasher, DeviceHasher repeatHasher,
         SplittableRandom rng, SimStats stats) {
    this.sensors = site.sensors();
    this.phones = scenario.phones();
    this.radio = radio;
    this.hasher = hasher;
    this.repeatHasher = repeatHasher;
    this.rng = rng;
    this.stats = stats;
    this.burstRssi = new double[sensors.size()];
    this.pending = new List[sensors.size()];
    for (int i = 0; i < pending.length; i++) {
      pending[i] = new ArrayList<>();
    }
  }

  /**
   * Sends a probe burst from a person's phone at their position.
   *
   * @param audible false during the warm-up, when the phone's state moves on but nobody listens
   * @return whether at least one sensor heard at least one frame
   */
  boolean burst(Person p, long t, boolean audible) {
    Phone phone = p.phone;
    phone.startBurst(phones, hasher);
    int frames = phone.framesInBurst(phones);
    if (!audible) {
      for (int k = 0; k < frames; k++) {
        phone.nextSn();
      }
      return false;
    }
    stats.bursts++;
    for (int s = 0; s < burstRssi.length; s++) {
      double mean = radio.meanRssi(p.zone, p.x, p.y, s, phone.offsetDb);
      burstRssi[s] = radio.hopeless(mean) ? Double.NaN : mean + radio.shadowing(rng);
    }
    boolean heard = false;
    boolean random = phone.random();
    if (!random && phone.rid == null) {
      phone.rid = repeatHasher.dev(phone.mac);
    }
    String rid = random ? null : phone.rid;
    for (int k = 0; k < frames; k++) {
      long ts = t + (long) k * phones.frameSpacingMs() + rng.nextInt(FRAME_JITTER_MS);
      int sn = phone.nextSn();
      stats.frames++;
      for (int s = 0; s < burstRssi.length; s++) {
        if (Double.isNaN(burstRssi[s])) {
          continue;
        }
        int rssi = radio.frame(burstRssi[s], rng);
        if (rssi != Integer.MIN_VALUE) {
          pending[s].add(new Sighting(phone.dev, rssi, ts, random, sn, phone.fp, 1, rid));
          stats.sightings++;
          heard = true;
        }
      }
    }
    return heard;
  }

  /** Hands every sensor the frames it heard before {@code end}, in time order; later frames wait. */
  void flush(long end, SightingSink sink) {
    for (int s = 0; s < pending.length; s++) {
      List<Sighting> all = pending[s];
      List<Sighting> due = all;
      List<Sighting> later = new ArrayList<>();
      if (!all.isEmpty() && all.stream().anyMatch(x -> x.ts() >= end)) {
        due = new ArrayList<>(all.size());
        for (Sighting x : all) {
          (x.ts() < end ? due : later).add(x);
        }
      }
      pending[s] = later;
      due.sort(Comparator.comparingLong(Sighting::ts));
      stats.batches++;
      sink.batch(sensors.get(s), end, due);
    }
  }
}
