package io.footfall.site;

/**
 * How estimated devices turn into people before the calibration factor:
 * {@code people = factor x max(0, devices - backgroundDevices) ^ exponent}.
 *
 * <p>Why not simply {@code factor x devices}: on real phones the devices a sensor hears per person vary from one
 * day to the next by a factor of three (the same 15 people in the Brno lab gave 40 distinct addresses in ten
 * minutes one day, 190 another: phone models, screen use, how often they rotate), and a sensor hears some devices
 * when the room is empty (the corridor, the room next door). A background subtracted and an exponent below one
 * make one count's factor carry over to other days: a room twice as loud is not twice as full.
 * {@link #LINEAR} (0, 1) is the plain factor, which the simulator, whose phones probe at one rate, is scored with.
 *
 * @param backgroundDevices devices heard with nobody there, subtracted first
 * @param exponent          in (0, 1]: 1 proportional, lower values compress loud days towards quiet ones
 */
public record PeopleModel(double backgroundDevices, double exponent) {

  public static final PeopleModel LINEAR = new PeopleModel(0, 1);

  public PeopleModel {
    if (!(backgroundDevices >= 0) || !(exponent > 0 && exponent <= 1)) {
      throw new IllegalArgumentException("backgroundDevices must be >= 0 and exponent within (0, 1], got "
          + backgroundDevices + ", " + exponent);
    }
  }

  /** The devices as the calibration factor multiplies them. */
  public double scaled(double devices) {
    double above = devices - backgroundDevices;
    return above <= 0 ? 0 : exponent == 1 ? above : Math.pow(above, exponent);
  }
}
