package io.footfall.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * An API token of a user, as stored: only the SHA-256 of the token is kept (a token carries 256 random bits, so a
 * fast hash is enough; it cannot be guessed from its hash). A token is {@code fft_<id>_<secret>}; the id is public
 * (it names the token in listings and revocations), the secret is shown once, when the token is issued.
 *
 * @param id      8 hex digits naming the token
 * @param label   what the token is for ("wall-screen script"), may be empty
 * @param sha256  hex SHA-256 of the whole token
 * @param created when it was issued, ISO-8601
 */
public record ApiToken(String id, String label, String sha256, String created) {

  public static final String PREFIX = "fft_";
  private static final SecureRandom RANDOM = new SecureRandom();

  public ApiToken {
    if (id == null || !id.matches("[0-9a-f]{8}")) {
      throw new IllegalArgumentException("token id must be 8 hex digits, got '" + id + "'");
    }
    if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("token " + id + " has no sha256");
    }
    label = label == null ? "" : label;
    created = created == null ? "" : created;
  }

  /** A new token: what is stored, and the token itself, which exists nowhere else. */
  public record Issued(ApiToken stored, String token) {
  }

  public static Issued issue(String label, String created) {
    byte[] id = new byte[4];
    byte[] secret = new byte[32];
    RANDOM.nextBytes(id);
    RANDOM.nextBytes(secret);
    String hexId = HexFormat.of().formatHex(id);
    String token = PREFIX + hexId + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    return new Issued(new ApiToken(hexId, label, sha256(token), created), token);
  }

  /** The hex SHA-256 a presented token is looked up by. */
  public static String sha256(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
