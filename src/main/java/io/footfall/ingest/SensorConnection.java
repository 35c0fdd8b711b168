package io.footfall.ingest;

import io.footfall.fault.ClientFault;
import io.footfall.fault.FootfallException;
import io.vertx.mqtt.MqttEndpoint;
import java.util.List;

/** One authenticated sensor connection, what it may publish, and how far it is from closing. Event loop only. */
final class SensorConnection {

  private final MqttEndpoint endpoint;
  private final List<SensorGrant> grants;
  private final PublishBudget budget;
  private final String clientId;
  /** The client closed with DISCONNECT, so its will is not used (MQTT 5 may ask for it all the same). */
  private boolean graceful;
  /** Why the connection is being shed, or null; once set, no publish is taken any more. */
  private FootfallException shedding;
  /** Confirmed batches handed to the engine and not yet answered; a shed connection closes once none are left. */
  private int awaitingEngine;

  SensorConnection(MqttEndpoint endpoint, List<SensorGrant> grants, PublishBudget budget, String clientId) {
    this.endpoint = endpoint;
    this.grants = List.copyOf(grants);
    this.budget = budget;
    this.clientId = clientId;
  }

  MqttEndpoint endpoint() {
    return endpoint;
  }

  List<SensorGrant> grants() {
    return grants;
  }

  PublishBudget budget() {
    return budget;
  }

  String clientId() {
    return clientId;
  }

  String sensorId() {
    return grants.get(0).sensor();
  }

  /** {@code site/sensor} of the connection's first site, for counters of what belongs to no topic. */
  String key() {
    return grants.get(0).site() + "/" + sensorId();
  }

  boolean graceful() {
    return graceful;
  }

  void disconnected(boolean keepWill) {
    graceful = !keepWill;
  }

  FootfallException shedding() {
    return shedding;
  }

  /** Stops taking publishes; the first reason given is the one the sensor is told. */
  void shed(FootfallException reason) {
    if (shedding == null) {
      shedding = reason;
    }
  }

  void handedToEngine() {
    awaitingEngine++;
  }

  void answeredByEngine() {
    awaitingEngine--;
  }

  boolean awaitingEngine() {
    return awaitingEngine > 0;
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
