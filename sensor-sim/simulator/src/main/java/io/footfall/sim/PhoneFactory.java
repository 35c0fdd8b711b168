package io.footfall.sim;

import java.util.SplittableRandom;

/** Hands out phones: whether a person carries a detectable one, its model, MAC policy and radio offset. */
final class PhoneFactory {

  private final PhoneCatalog catalog;
  private final Scenario.Phones params;
  private final double offsetSigmaDb;
  private long nextId = 1;

  PhoneFactory(Scenario scenario) {
    this.catalog = new PhoneCatalog(scenario.phones().models());
    this.params = scenario.phones();
    this.offsetSigmaDb = scenario.radio().deviceOffsetSigmaDb();
  }

  /** A person's phone, or null when the person carries no detectable phone. */
  Phone create(SplittableRandom rng) {
    if (rng.nextDouble() < params.noPhoneShare()) {
      return null;
    }
    boolean randomizes = rng.nextDouble() < params.randomMacShare();
    return new Phone(nextId++, catalog, randomizes, rng.nextGaussian() * offsetSigmaDb, rng);
  }

  /** A fixed device in a store (a tablet, a display): always there, never randomizing. */
  Phone createFixed(SplittableRandom rng) {
    return new Phone(nextId++, catalog, false, rng.nextGaussian() * offsetSigmaDb, rng);
  }

  long created() {
    return nextId - 1;
  }
}
