package io.footfall.analytics;

/**
 * Devices of one zone (or of the whole site, zone {@value #SITE}) over one period, with the devices behind
 * randomized MACs estimated instead of counted.
 *
 * <p>Two resolutions: a {@value #MINUTE}-second row holds the devices present at the minute mark {@code start} as
 * the final rollups have them (moves and exits dated back), released once the minute is final; a {@value #HOUR}-second
 * row counts the distinct devices heard in the zone during the hour starting at {@code start}.
 *
 * @param devices          raw count: in a minute row the devices tracked (a followed rotation is one device), in
 *                         an hour row every address heard
 * @param randomMacs       the random MACs among {@code devices}
 * @param estimatedDevices devices with globally administered addresses plus the estimated devices behind the
 *                         random MACs
 * @param low              lower end of the band of {@code estimatedDevices} (loose linking)
 * @param high             upper end of the band (strict linking)
 */
public record DeviceEstimate(String site, String zone, long start, int resolutionSec, int devices, int randomMacs,
                             int estimatedDevices, int low, int high) {

  /** Zone id of the rows that cover the whole site. */
  public static final String SITE = "*";
  public static final int MINUTE = 60;
  public static final int HOUR = 3600;

  /** The estimated devices behind random MACs alone. */
  public int randomDevices() {
    return estimatedDevices - (devices - randomMacs);
  }
}
