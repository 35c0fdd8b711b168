package io.footfall.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.KeySpec;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes as {@code pbkdf2-sha256$<iterations>$<salt>$<hash>} (PBKDF2-HMAC-SHA256, 16-byte random salt,
 * 32-byte key, unpadded base64). The iteration count travels with the hash so it can be raised later without
 * invalidating existing users. Hashing is deliberately slow: call it off the event loop.
 */
public final class PasswordHash {

  /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
  public static final int ITERATIONS = 600_000;
  private static final String SCHEME = "pbkdf2-sha256";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  private PasswordHash() {
  }

  public static String hash(char[] password) {
    return hash(password, ITERATIONS);
  }

  /** Fewer iterations only for tests, which create many users. */
  public static String hash(char[] password, int iterations) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return SCHEME + "$" + iterations + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(derive(password, salt, iterations));
  }

  /** Constant-time check of a password against a stored hash; a malformed hash never matches. */
  public static boolean verify(char[] password, String stored) {
    String[] parts = stored == null ? new String[0] : stored.split("\\$");
    if (parts.length != 4 || !SCHEME.equals(parts[0])) {
      return false;
    }
    try {
      int iterations = Integer.parseInt(parts[1]);
      byte[] salt = B64D.decode(parts[2]);
      byte[] expected = B64D.decode(parts[3]);
      return iterations > 0 && MessageDigest.isEqual(expected, derive(password, salt, iterations));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations) {
    try {
      KeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
    }
  }
}
