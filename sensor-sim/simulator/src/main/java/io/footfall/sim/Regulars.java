package io.footfall.sim;

import java.util.SplittableRandom;

/**
 * The persistent population of regular visitors. Each regular has a visit frequency (visits per week,
 * log-normal) and keeps the same phone across visits; an arrival that is a regular picks one in proportion to
 * frequency, among those not already in the mall. The population is sized so that regulars make up
 * {@code repeat.share} of arrivals on average.
 */
final class Regulars {

  private static final int PICK_ATTEMPTS = 8;

  private final String[] ids;
  private final Phone[] phones;
  private final boolean[] inMall;
  private final double[] cumulative;

  Regulars(Scenario scenario, PhoneFactory phones, SplittableRandom rng) {
    Scenario.Repeat r = scenario.repeat();
    double meanPerWeek = r.visitsPerWeek().median() * Math.exp(0.5 * r.visitsPerWeek().sigma() * r.visitsPerWeek().sigma());
    int size = (int) Math.round(r.share() * scenario.visitorsPerDay() * 7 / Math.max(0.01, meanPerWeek));
    ids = new String[size];
    this.phones = new Phone[size];
    inMall = new boolean[size];
    cumulative = new double[size];
    double total = 0;
    for (int i = 0; i < size; i++) {
      ids[i] = String.format("r-%06d", i + 1);
      this.phones[i] = phones.create(rng.split());
      total += Sampling.logNormal(rng, r.visitsPerWeek());
      cumulative[i] = total;
    }
  }

  int size() {
    return ids.length;
  }

  /** A regular who is not in the mall now, or -1. */
  int pick(SplittableRandom rng) {
    if (ids.length == 0) {
      return -1;
    }
    for (int attempt = 0; attempt < PICK_ATTEMPTS; attempt++) {
      int i = Sampling.search(cumulative, rng.nextDouble() * cumulative[cumulative.length - 1]);
      if (!inMall[i]) {
        return i;
      }
    }
    return -1;
  }

  String id(int regular) {
    return ids[regular];
  }

  Phone phone(int regular) {
    return phones[regular];
  }

  void setInMall(int regular, boolean in) {
    inMall[regular] = in;
  }
}
