package io.footfall.site;

import java.util.Arrays;

/**
 * The site file's {@code fixedDevices}: devices that are not people, left out of occupancy, estimates and visits
 * (docs/metrics.md, "Fixed devices"). Separate from the privacy opt-out list, which is a person's wish not to be
 * counted, not a statement about a device.
 *
 * @param devices       device ids (pseudonyms, as the sensors send them: {@code footfall opt-out --key-file KEYS
 *                      --mac MAC --file FILE} writes a MAC's id under each site key) of devices known to be fixed
 * @param detectAfterMs a device with a vendor (globally administered) address heard this long without a silence of
 *                      half an hour is found fixed; 0 turns finding them off
 */
public record FixedDeviceSpec(long[] devices, long detectAfterMs) {

  /**
   * The span docs/metrics.md suggests, three hours: longer than nearly any visit to a shop, a mall or a lecture
   * block. Not the default: a member of staff whose phone keeps its vendor address would be taken for a fixed device
   * after it (the simulated mall's staff are, 40 % of its phones keeping their address: docs/accuracy.md).
   */
  public static final long SUGGESTED_DETECT_AFTER_MS = 3 * 3_600_000L;
  /** No list, and fixed devices are not looked for. */
  public static final FixedDeviceSpec DEFAULT = new FixedDeviceSpec(new long[0], 0);

  public FixedDeviceSpec {
    devices = devices.clone();
    if (detectAfterMs < 0) {
      throw new IllegalArgumentException("detectAfterMs must be >= 0, got " + detectAfterMs);
    }
  }

  @Override
  public long[] devices() {
    return devices.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FixedDeviceSpec other && detectAfterMs == other.detectAfterMs
        && Arrays.equals(devices, other.devices);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(devices) * 31 + Long.hashCode(detectAfterMs);
  }

  @Override
  public String toString() {
    return "FixedDeviceSpec[" + devices.length + " listed, detectAfterMs=" + detectAfterMs + "]";
  }
}
