package io.footfall.broker;

/** {@link BrokerBridgeTest}'s specification with footfall subscribing in MQTT 5 (session expiry, reason codes). */
class BrokerBridgeMqtt5Test extends BrokerBridgeTest {

  @Override
  String protocol() {
    return "5";
  }
}
