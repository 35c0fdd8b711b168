package io.footfall.ingest;

import io.footfall.fault.ClientFault;
import io.footfall.site.SensorSecrets;
import io.footfall.site.SensorSpec;
import io.footfall.site.Site;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides which (site, sensor) pairs a connecting sensor may publish as. The MQTT username is the sensor id;
 * because two malls of a group may both have an {@code s-01}, a connection is granted every site whose sensor of
 * that id accepts the password. Verification is a deliberately slow password hash: call it off the event loop.
 */
final class SensorAuthenticator {

  /** The password every demo sensor accepts in demo mode; refused everywhere else. */
  static final String DEMO_PASSWORD = "demo";

  private final List<Site> sites;
  private final boolean demo;

  SensorAuthenticator(List<Site> sites, boolean demo) {
    this.sites = List.copyOf(sites);
    this.demo = demo;
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
    return grants;
  }

  /** Whether a site file names this sensor id (cheap: no password is checked). */
  boolean knows(String sensorId) {
    return sensorId != null && sites.stream().anyMatch(site -> site.sensor(sensorId).isPresent());
  }

  private boolean accepts(SensorSpec sensor, String password) {
    if (DEMO_PASSWORD.equals(password)) {
      return demo;
    }
    return sensor.secret() != null && SensorSecrets.verify(password, sensor.secret());
  }
}
