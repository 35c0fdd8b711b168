package io.footfall.wire;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns a MAC address into the opaque device id {@code dev} of the wire format: HMAC-SHA256 of the six
 * address bytes under the site key valid at the frame's time, truncated to 8 bytes, as 16 lowercase hex
 * digits. Without the key nobody can link an id back to a MAC, and when the key rotates every device gets a
 * new id that nothing in the key file links to the old one. Thread-safe.
 *
 * <p>Key file: one key per line, {@code <valid-from> <key>}, where valid-from is an ISO date (UTC midnight)
 * or an ISO instant and the key is hex or base64 of at least 16 bytes; blank lines and {@code #} comments are
 * ignored. A key is used from its valid-from until the next key's valid-from.
 */
public final class DevicePseudonyms {

  /** Shortest accepted key, in bytes. */
  public static final int MIN_KEY_BYTES = 16;

  /**
   * One site key and the moment it takes over.
   *
   * @param validFrom first instant the key applies to
   * @param secret    the HMAC key bytes
   */
  public record SiteKey(Instant validFrom, byte[] secret) {

    /** The key's id, its valid-from instant, which is safe to show (unlike the secret). */
    public String id() {
      return validFrom.toString();
    }

    @Override
    public String toString() {
      return "SiteKey[" + id() + "]";
    }
  }

  private static final HexFormat HEX = HexFormat.of();

  private final List<SiteKey> keys;
  private final Mac[] macs;

  private DevicePseudonyms(List<SiteKey> keys) {
    this.keys = keys;
    this.macs = new Mac[keys.size()];
  }

  /** Pseudonyms under the given keys, which may come in any order. */
  public static DevicePseudonyms of(List<SiteKey> keys) {
    List<SiteKey> sorted = new ArrayList<>(keys);
    sorted.sort(Comparator.comparing(SiteKey::validFrom));
    for (SiteKey k : sorted) {
      if (k.secret().length < MIN_KEY_BYTES) {
        throw new IllegalArgumentException("site key " + k.id() + " is shorter than " + MIN_KEY_BYTES + " bytes");
      }
    }
    return new DevicePseudonyms(List.copyOf(sorted));
  }

  /** Reads a key file (format in the class comment). */
  public static DevicePseudonyms fromKeyFile(Path file) throws IOException {
    List<SiteKey> keys = new ArrayList<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("\\s+");
      if (parts.length != 2) {
        throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected '<valid-from> <key>'");
      }
      keys.add(new SiteKey(validFrom(parts[0], file, i + 1), secret(parts[1], file, i + 1)));
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException(file + ": no keys");
    }
    return of(keys);
  }

  /** The id of {@code mac} at {@code epochMillis}, or null when no key is valid yet at that time. */
  public String pseudonym(byte[] mac, long epochMillis) {
    int k = keyIndexAt(epochMillis);
    if (k < 0) {
      return null;
    }
    synchronized (macs) {
      if (macs[k] == null) {
        macs[k] = hmac(keys.get(k).secret());
      }
      byte[] digest = macs[k].doFinal(mac);
      return HEX.formatHex(digest, 0, 8);
    }
  }

  /** Every key, oldest first. */
  List<SiteKey> keys() {
    return keys;
  }

  /** The ids of {@code mac} under every key, oldest key first (what an opt-out list records). */
  public List<String> everyPseudonym(byte[] mac) {
    List<String> ids = new ArrayList<>(keys.size());
    for (SiteKey key : keys) {
      ids.add(pseudonym(mac, key.validFrom().toEpochMilli()));
    }
    return ids;
  }

  /** The key in force at {@code epochMillis}, or null before the first key. */
  public SiteKey keyAt(long epochMillis) {
    int k = keyIndexAt(epochMillis);
    return k < 0 ? null : keys.get(k);
  }

  /**
   * Whether {@code epochMillis} falls within {@code windowMs} after a key took over from an earlier one: a device
   * heard just before and just after the change must not be linkable by anything it sends but its pseudonym.
   */
  public boolean justRotated(long epochMillis, long windowMs) {
    int k = keyIndexAt(epochMillis);
    return k > 0 && epochMillis - keys.get(k).validFrom().toEpochMilli() < windowMs;
  }

  /** The address itself as 12 hex digits, for {@code --raw-macs} only: this is personal data. */
  public static String rawId(byte[] mac) {
    return HEX.formatHex(mac);
  }

  private int keyIndexAt(long epochMillis) {
    for (int i = keys.size() - 1; i >= 0; i--) {
      if (keys.get(i).validFrom().toEpochMilli() <= epochMillis) {
        return i;
      }
    }
    return -1;
  }

  private static Mac hmac(byte[] secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }

  private static Instant validFrom(String s, Path file, int line) {
    try {
      return s.contains("T") ? Instant.parse(s) : LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(file + " line " + line + ": valid-from is not an ISO date or instant");
    }
  }

  private static byte[] secret(String s, Path file, int line) {
    byte[] key;
    try {
      key = s.matches("(?:[0-9a-fA-F]{2})+") ? HEX.parseHex(s) : Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + " line " + line + ": key is neither hex nor base64");
    }
    if (key.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException(file + " line " + line + ": key shorter than " + MIN_KEY_BYTES + " bytes");
    }
    return key;
  }
}
