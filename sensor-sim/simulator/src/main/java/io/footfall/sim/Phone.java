package io.footfall.sim;

import java.util.List;
import java.util.SplittableRandom;

/**
 * One simulated phone (or fixed probing device) and its 802.11 state. A randomizing phone takes a fresh
 * locally administered MAC every few bursts, keeping its fingerprint and continuing its sequence numbers, as
 * real phones do; other phones keep their vendor MAC for life. Phones of regular visitors and staff live
 * across visits.
 */
final class Phone {

  final long id;
  final int model;
  final String fp;
  final boolean randomizes;
  final double offsetDb;
  SplittableRandom rng;
  long mac;
  String dev;
  /** Repeat-visit id of a phone with a globally administered MAC, set at its first audible burst; else null. */
  String rid;
  int sn;
  /** Whether the ground truth already maps the current {@link #dev} to this phone. */
  boolean devRecorded;
  private int burstsLeftOnMac;

  Phone(long id, PhoneCatalog catalog, boolean randomizes, double offsetDb, SplittableRandom rng) {
    this.id = id;
    this.model = catalog.pick(rng);
    this.fp = catalog.fingerprint(model);
    this.randomizes = randomizes;
    this.offsetDb = offsetDb;
    this.rng = rng;
    this.sn = rng.nextInt(4096);
    this.mac = randomizes ? PhoneCatalog.randomMac(rng) : catalog.vendorMac(model, rng);
  }

  boolean random() {
    return PhoneCatalog.locallyAdministered(mac);
  }

  /**
   * Gets the phone ready for its next probe burst: other traffic since the last burst moved the sequence
   * number on a little, and a randomizing phone rotates its MAC when due.
   *
   * @return whether the phone now uses a MAC it never used before
   */
  boolean startBurst(Scenario.Phones p, DeviceHasher hasher) {
    sn = (sn + rng.nextInt(p.maxSequenceGap() + 1)) & 0xfff;
    boolean fresh = dev == null;
    if (randomizes && burstsLeftOnMac <= 0) {
      if (!fresh) {
        mac = PhoneCatalog.randomMac(rng);
        fresh = true;
      }
      burstsLeftOnMac = between(p.rotateEveryBursts());
    }
    burstsLeftOnMac--;
    if (fresh) {
      dev = hasher.dev(mac);
      devRecorded = false;
    }
    return fresh;
  }

  /**
   * Starts a visit of a phone that lives across visits (a regular's, a staff member's): what it does during the
   * visit is drawn from the visit's own generator, so that the visit is the same whether or not the run saw the
   * phone's earlier visits. A randomizing phone comes with a MAC it never used; a vendor MAC is for life, and the
   * sequence number carries on from the last visit.
   */
  void newVisit(SplittableRandom visitRng) {
    rng = visitRng;
    if (randomizes) {
      mac = PhoneCatalog.randomMac(rng);
      dev = null;
    }
    newSession();
  }

  /** Forces a new randomized MAC at the next burst, as phones do when they start scanning again. */
  void newSession() {
    burstsLeftOnMac = 0;
  }

  int nextSn() {
    sn = (sn + 1) & 0xfff;
    return sn;
  }

  int framesInBurst(Scenario.Phones p) {
    return between(p.framesPerBurst());
  }

  /** Milliseconds until the next burst: short while the screen is on, long while it is off. */
  long nextInterval(Scenario.Phones p) {
    List<Double> range = rng.nextDouble() < p.screenOnShare() ? p.screenOnIntervalSeconds() : p.screenOffIntervalSeconds();
    return Math.round(1000 * (range.get(0) + rng.nextDouble() * (range.get(1) - range.get(0))));
  }

  private int between(List<Integer> range) {
    return range.get(0) + rng.nextInt(range.get(1) - range.get(0) + 1);
  }
}
