package io.footfall.engine;

import io.footfall.site.PeopleModel;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;

/**
 * A site's calibration as its engine applies it to the live state: people per device for each local hour of day,
 * and the model of devices each factor applies to; factor 1.0 and the linear model until the site is calibrated.
 */
final class Calibration {

  private final ZoneId timezone;
  private final double[] factors = new double[24];
  private final PeopleModel[] models = new PeopleModel[24];

  /** @param timezone the site's time zone, whose hours of day the factors are fitted for */
  Calibration(String timezone) {
    this.timezone = ZoneId.of(timezone);
    Arrays.fill(factors, 1.0);
    Arrays.fill(models, PeopleModel.LINEAR);
  }

  /**
   * Takes the fits of a {@link io.footfall.bus.Addresses#CALIBRATION} message: 24 {@code factors}, and the
   * {@code backgroundDevices} and {@code exponents} of the fitted models when there are 24 of each (else linear).
   *
   * @return false, leaving the calibration as it was, when the message does not hold 24 factors
   */
  boolean apply(JsonObject message) {
    JsonArray given = message.getJsonArray("factors");
    if (given == null || given.size() != 24) {
      return false;
    }
    JsonArray backgrounds = message.getJsonArray("backgroundDevices");
    JsonArray exponents = message.getJsonArray("exponents");
    boolean modelled = backgrounds != null && backgrounds.size() == 24 && exponents != null && exponents.size() == 24;
    for (int h = 0; h < 24; h++) {
      factors[h] = given.getDouble(h);
      models[h] = modelled ? new PeopleModel(backgrounds.getDouble(h), exponents.getDouble(h)) : PeopleModel.LINEAR;
    }
    return true;
  }

  /** The site's local hour of day at an event time, or at epoch 0 while the site has no event time yet. */
  int hourAt(long eventTime) {
    long at = eventTime == Long.MIN_VALUE ? 0 : eventTime;
    return Instant.ofEpochMilli(at).atZone(timezone).getHour();
  }

  double factor(int hour) {
    return factors[hour];
  }

  PeopleModel model(int hour) {
    return models[hour];
  }
}
