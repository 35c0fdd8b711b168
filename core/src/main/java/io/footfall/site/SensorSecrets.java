package io.footfall.site;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted PBKDF2 hashes of sensor passwords, in the form {@code pbkdf2-sha256$iterations$salt$hash}, so that a
 * site file never holds a password in plain text.
 */
public final class SensorSecrets {

  private static final String PREFIX = "pbkdf2-sha256$";
  private static final int ITERATIONS = 120_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  private SensorSecrets() {
  }

  public static boolean isHash(String value) {
    return value.startsWith(PREFIX) && value.split("\\$").length == 4;
  }

  /** Hashes a password with a fresh random salt. */
  public static String hash(String password) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return PREFIX + ITERATIONS + "$" + b64(salt) + "$" + b64(derive(password, salt, ITERATIONS));
  }

  /** Constant-time check of a password against a hash made by {@link #hash}. */
  public static boolean verify(String password, String hash) {
    if (password == null || hash == null || !isHash(hash)) {
      return false;
    }
    String[] parts = hash.split("\\$");
    byte[] salt = Base64.getDecoder().decode(parts[2]);
    byte[] expected = Base64.getDecoder().decode(parts[3]);
    return MessageDigest.isEqual(expected, derive(password, salt, Integer.parseInt(parts[1])));
  }

  private static byte[] derive(String password, byte[] salt, int iterations) {
    try {
      PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 missing from this JVM", e);
    }
  }

  private static String b64(byte[] bytes) {
    return Base64.getEncoder().withoutPadding().encodeToString(bytes);
  }
}
