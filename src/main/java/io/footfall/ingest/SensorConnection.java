package io.footfall.ingest;

import io.footfall.fault.ClientFault;
import io.vertx.mqtt.MqttEndpoint;
import java.util.List;

/** One authenticated sensor connection and what it may publish. */
record SensorConnection(MqttEndpoint endpoint, List<SensorGrant> grants, PublishBudget budget) {

  String sensorId() {
    return grants.get(0).sensor();
  }

  /**
   * The grant a topic falls under: a sensor may publish only its own sightings and status, on a site it belongs to.
   *
   * @param topic the topic split by {@link io.footfall.wire.Topics#parse}, or null when it was not a footfall topic
   */
  SensorGrant authorize(String[] topic) {
    if (topic == null || !("sightings".equals(topic[2]) || "status".equals(topic[2]))) {
      throw new ClientFault(ClientFault.Kind.FORBIDDEN, "acl", "topic is not footfall/v1/{site}/{sensor}/sightings or /status");
    }
    for (SensorGrant grant : grants) {
      if (grant.site().equals(topic[0]) && grant.sensor().equals(topic[1])) {
        return grant;
      }
    }
    throw new ClientFault(ClientFault.Kind.FORBIDDEN, "acl",
        "sensor " + sensorId() + " may not publish as " + topic[1] + " on site " + topic[0]);
  }
}
