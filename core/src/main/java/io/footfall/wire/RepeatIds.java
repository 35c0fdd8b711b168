package io.footfall.wire;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns a globally administered MAC address into the repeat-visit id {@code rid} of the wire format: HMAC-SHA256 of
 * the six address bytes under a repeat key that lives {@code rotationDays} days, truncated to 8 bytes, as 16
 * lowercase hex digits. Unlike the device id, which changes with the daily site key, the same phone keeps its rid
 * for the whole period, so footfall can tell first-time from returning visitors; when the period ends every phone
 * gets a new rid. Thread-safe.
 *
 * <p>The repeat key of period {@code p} (UTC days since 1970-01-01 divided by {@code rotationDays}) is derived with
 * HKDF-SHA256 (RFC 5869, one block) from the site key in force when the period starts (or the first key, if the key
 * file starts later), with info {@code "footfall rid v1 <rotationDays> <p>"}. Every sensor of a site with the same
 * key file and rotation therefore derives the same key, and nobody without the key file can link a rid to a MAC.
 * Locally administered (randomized) addresses never get one: they are not stable across visits anyway.
 */
public final class RepeatIds {

  /** The default life of a repeat key, in days. */
  public static final int DEFAULT_ROTATION_DAYS = 30;
  private static final long DAY_MS = 86_400_000L;
  private static final byte[] SALT = "footfall-repeat-visit-key".getBytes(StandardCharsets.UTF_8);
  private static final HexFormat HEX = HexFormat.of();

  private final DevicePseudonyms keys;
  private final int rotationDays;
  private final Map<Long, Mac> periods = new HashMap<>();

  public RepeatIds(DevicePseudonyms keys, int rotationDays) {
    if (rotationDays < 1) {
      throw new IllegalArgumentException("the repeat key must live at least a day, got " + rotationDays);
    }
    this.keys = keys;
    this.rotationDays = rotationDays;
  }

  /** The rid of {@code mac} at {@code epochMillis}, or null when no site key is valid yet at that time. */
  public String rid(byte[] mac, long epochMillis) {
    if (keys.keyAt(epochMillis) == null) {
      return null;
    }
    long period = Math.floorDiv(Math.floorDiv(epochMillis, DAY_MS), rotationDays);
    synchronized (periods) {
      Mac hmac = periods.computeIfAbsent(period, this::periodKey);
      byte[] digest = hmac.doFinal(mac);
      String rid = HEX.formatHex(digest, 0, 8);
      // all zeros means "no id" on the wire; 2^-64 likely, but never sent
      return rid.equals("0000000000000000") ? "0000000000000001" : rid;
    }
  }

  private Mac periodKey(long period) {
    long start = period * rotationDays * DAY_MS;
    List<DevicePseudonyms.SiteKey> all = keys.keys();
    DevicePseudonyms.SiteKey base = keys.keyAt(start);
    if (base == null) {
      base = all.get(0);
    }
    byte[] prk = hmac(SALT).doFinal(base.secret());
    byte[] info = ("footfall rid v1 " + rotationDays + " " + period).getBytes(StandardCharsets.UTF_8);
    Mac expand = hmac(prk);
    expand.update(info);
    expand.update((byte) 1);
    return hmac(expand.doFinal());
  }

  private static Mac hmac(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }
}
