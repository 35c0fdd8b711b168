package io.footfall.ingest;

import io.footfall.fault.ClientFault;
import io.footfall.site.SensorSecrets;
import io.footfall.site.SensorSpec;
import io.footfall.site.Site;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Decides which (site, sensor) pairs a connecting sensor may publish as. The MQTT username is the sensor id;
 * because two malls of a group may both have an {@code s-01}, a connection is granted every site whose sensor of
 * that id accepts the password. Verification is a deliberately slow password hash: call it off the event loop.
 *
 * <p>A reconnect storm must not hash every sensor's password again: once a password passed, the sensor's entry
 * remembers an HMAC-SHA256 of it under a key drawn at start (never the password, and worthless outside this process)
 * with the grants it earned, and {@link #remembered} answers the sensor's next connections from that in microseconds.
 * Only passwords that passed are remembered, at most one per sensor id of the site files, so the memory is bounded
 * and a wrong password can neither fill nor evict anything.
 */
final class SensorAuthenticator {

  /** The password every demo sensor accepts in demo mode; refused everywhere else. */
  static final String DEMO_PASSWORD = "demo";

  private final List<Site> sites;
  private final boolean demo;
  private final SecretKeySpec digestKey;
  private final Map<String, Verified> verified = new ConcurrentHashMap<>();
  private final AtomicLong slowChecks = new AtomicLong();

  SensorAuthenticator(List<Site> sites, boolean demo) {
    this.sites = List.copyOf(sites);
    this.demo = demo;
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    this.digestKey = new SecretKeySpec(key, "HmacSHA256");
  }

  /**
   * The grants of a sensor whose password passed {@link #authenticate} before, without hashing it again; cheap
   * enough for the event loop.
   *
   * @return null when this password has not passed for this sensor id (check it with {@link #authenticate})
   */
  List<SensorGrant> remembered(String sensorId, String password) {
    if (sensorId == null || password == null) {
      return null;
    }
    Verified entry = verified.get(sensorId);
    return entry != null && MessageDigest.isEqual(entry.digest, digest(sensorId, password)) ? entry.grants : null;
  }

  /** Slow password hashes computed since the start (the checks {@link #remembered} could not spare). */
  long slowChecks() {
    return slowChecks.get();
  }

  /**
   * @return the grants for this sensor id and password, never empty
   * @throws ClientFault UNAUTHENTICATED when the id is unknown or the password is wrong
   */
  List<SensorGrant> authenticate(String sensorId, String password) {
    if (sensorId == null || sensorId.isEmpty() || password == null) {
      throw new ClientFault(ClientFault.Kind.UNAUTHENTICATED, "auth", "username (sensor id) and password required");
    }
    List<SensorGrant> grants = new ArrayList<>();
    for (Site site : sites) {
      site.sensor(sensorId)
          .filter(sensor -> accepts(sensor, password))
          .ifPresent(sensor -> grants.add(new SensorGrant(site.id(), sensor.id(), sensor.index())));
    }
    if (grants.isEmpty()) {
      throw new ClientFault(ClientFault.Kind.UNAUTHENTICATED, "auth", "unknown sensor or wrong password");
    }
    List<SensorGrant> granted = List.copyOf(grants);
    verified.put(sensorId, new Verified(digest(sensorId, password), granted));
    return granted;
  }

  private byte[] digest(String sensorId, String password) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(digestKey);
      mac.update(sensorId.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      return mac.doFinal(password.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 missing from this JVM", e);
    }
  }

  private record Verified(byte[] digest, List<SensorGrant> grants) {
  }

  /** Whether a site file names this sensor id (cheap: no password is checked). */
  boolean knows(String sensorId) {
    return sensorId != null && sites.stream().anyMatch(site -> site.sensor(sensorId).isPresent());
  }

  private boolean accepts(SensorSpec sensor, String password) {
    if (DEMO_PASSWORD.equals(password)) {
      return demo;
    }
    if (sensor.secret() == null) {
      return false;
    }
    slowChecks.incrementAndGet();
    return SensorSecrets.verify(password, sensor.secret());
  }
}
