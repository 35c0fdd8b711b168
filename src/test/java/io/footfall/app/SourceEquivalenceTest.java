package io.footfall.app;

import static io.footfall.testkit.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.auth.DemoUsers;
import io.footfall.wire.DevicePseudonyms;
import io.footfall.wire.Sighting;
import io.footfall.wire.Topics;
import io.footfall.wire.WireEncoder;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sightings take the same path whatever brought them: the same phones reported by Meraki access points and by
 * footfall sensors publishing over MQTT give one node the same occupancy on two identical sites.
 */
@ExtendWith(VertxExtension.class)
class SourceEquivalenceTest {

  /** 2024-11-29T10:00:00Z. */
  private static final long T0 = 1_732_874_400_000L;
  private static final String AP_ENTRANCE = "00:18:0a:13:dd:b0";
  private static final String AP_SHOP = "00:18:0a:13:dd:b1";
  private static final String KEY_LINE = "2024-01-01 f0e1d2c3b4a5968778695a4b3c2d1e0f";
  /** Phones (one randomized) with Meraki's RSSI, dB above the noise floor, at the entrance and shop access points. */
  private static final List<Phone> PHONES = List.of(
      new Phone("18:fe:34:fc:5a:7f", 50, 20),
      new Phone("74:da:38:56:0a:80", 45, 22),
      new Phone("3c:22:fb:00:11:22", 15, 48),
      new Phone("da:a1:19:00:00:01", 40, 10));

  private record Phone(String mac, int entranceRssi, int shopRssi) {
  }

  @TempDir
  Path dir;

  private FootfallNode node;
  private WebClient http;

  @AfterEach
  void stop() throws Exception {
    if (node != null) {
      await(node.stop());
    }
  }

  @Test
  void aMerakiPostAndAnMqttBatchWithTheSameContentGiveTheSameOccupancy(Vertx vertx) throws Exception {
    node = await(FootfallNode.start(vertx, config(), true));
    http = WebClient.create(vertx);

    // WHEN the Meraki network reports the phones twice for one site and footfall sensors publish them for the other
    // (the second round moves event time past the first, so that the engine settles the first round)
    for (long round : new long[] {T0, T0 + 20_000}) {
      int status = await(http.post(node.httpPort(), "127.0.0.1", "/ingest/meraki/mall-meraki")
          .sendJsonObject(merakiV3Post(round))).statusCode();
      assertThat(status).isEqualTo(200);
      publishAsSensors(vertx, round);
    }

    // THEN both sites count the same devices in the same zones
    Map<String, Integer> expected = Map.of("entrance", 3, "shop", 1);
    Map<String, Integer> viaMeraki = awaitZones("mall-meraki", expected);
    assertThat(viaMeraki).isEqualTo(expected).isEqualTo(awaitZones("mall-mqtt", expected));

    // AND Prometheus sees both sources and the occupancy
    String metrics = await(http.get(node.httpPort(), "127.0.0.1", "/metrics").send()).bodyAsString();
    assertThat(metrics)
        .contains("footfall_ingest_sightings_total{source=\"meraki\"} 16.0")
        .contains("footfall_ingest_sightings_total{source=\"mqtt\"} 16.0")
        .contains("footfall_zone_devices{kind=\"store\",site=\"mall-meraki\",zone=\"shop\"} 1.0");
  }

  private FootfallConfig config() throws Exception {
    Path meraki = Files.writeString(dir.resolve("meraki.yaml"), site("mall-meraki"));
    Path mqtt = Files.writeString(dir.resolve("mqtt.yaml"), site("mall-mqtt"));
    // both sites have access points, so both need their key file; the same key makes the same ids
    Files.writeString(dir.resolve("mall-meraki.keys"), KEY_LINE + "\n");
    Files.writeString(dir.resolve("mall-mqtt.keys"), KEY_LINE + "\n");
    Path file = Files.writeString(dir.resolve("footfall.yaml"), "sites: [\"" + meraki + "\", \"" + mqtt + "\"]\n");
    return FootfallConfig.load(file, Map.of(), Map.ofEntries(
        Map.entry("dataDir", dir.resolve("data").toString()),
        Map.entry("http.port", "0"),
        Map.entry("mqtt.port", "0"),
        Map.entry("meraki.enabled", "true"),
        Map.entry("meraki.validator", "v"),
        Map.entry("meraki.secret", "s3cret"),
        Map.entry("meraki.keyFile", dir.resolve("{site}.keys").toString())));
  }

  private static String site(String id) {
    return String.join("\n",
        "id: " + id,
        "floors: [{id: G, width: 40, height: 20}]",
        "zones:",
        "  - {id: entrance, kind: entrance, floor: G, capacity: 50, polygon: [[0, 0], [20, 0], [20, 20], [0, 20]]}",
        "  - {id: shop, kind: store, floor: G, capacity: 30, polygon: [[20, 0], [40, 0], [40, 20], [20, 20]]}",
        "sensors:",
        "  - {id: ap-1, floor: G, x: 10, y: 10, zone: entrance, merakiApMac: \"" + AP_ENTRANCE + "\"}",
        "  - {id: ap-2, floor: G, x: 30, y: 10, zone: shop, merakiApMac: \"" + AP_SHOP + "\"}",
        "");
  }

  private static JsonObject merakiV3Post(long t0) {
    JsonArray observations = new JsonArray();
    for (int i = 0; i < PHONES.size(); i++) {
      Phone phone = PHONES.get(i);
      observations.add(new JsonObject().put("clientMac", phone.mac).put("locations", new JsonArray().add(new JsonObject()
          .put("time", Instant.ofEpochMilli(t0 + i * 1000L).toString())
          .put("rssiRecords", new JsonArray()
              .add(new JsonObject().put("apMac", AP_ENTRANCE).put("rssi", phone.entranceRssi))
              .add(new JsonObject().put("apMac", AP_SHOP).put("rssi", phone.shopRssi))))));
    }
    return new JsonObject().put("version", "3.0").put("secret", "s3cret").put("type", "WiFi")
        .put("data", new JsonObject().put("networkId", "N_1").put("observations", observations));
  }

  /** What footfall sensors at the two access points' places send: the same phones, hashed with the same key. */
  private void publishAsSensors(Vertx vertx, long t0) throws Exception {
    DevicePseudonyms keys = DevicePseudonyms.fromKeyFile(dir.resolve("mall-meraki.keys"));
    List<Sighting> entrance = new ArrayList<>();
    List<Sighting> shop = new ArrayList<>();
    for (int i = 0; i < PHONES.size(); i++) {
      Phone phone = PHONES.get(i);
      byte[] mac = HexFormat.of().parseHex(phone.mac.replace(":", ""));
      long ts = t0 + i * 1000L;
      String dev = keys.pseudonym(mac, ts);
      boolean randomized = (mac[0] & 0x02) != 0;
      entrance.add(new Sighting(dev, phone.entranceRssi - 95, ts, randomized, null, null, 1));
      shop.add(new Sighting(dev, phone.shopRssi - 95, ts, randomized, null, null, 1));
    }
    await(publish(vertx, "ap-1", t0, entrance));
    await(publish(vertx, "ap-2", t0, shop));
  }

  private Future<Void> publish(Vertx vertx, String sensor, long seq, List<Sighting> sightings) {
    MqttClient client = MqttClient.create(vertx, new MqttClientOptions().setUsername(sensor).setPassword("demo")
        .setClientId(sensor));
    Promise<Void> acked = Promise.promise();
    client.publishCompletionHandler(id -> acked.tryComplete());
    return client.connect(node.mqttPort(), "127.0.0.1")
        .compose(ack -> client.publish(Topics.sightings("mall-mqtt", sensor),
            Buffer.buffer(WireEncoder.batch(sensor, seq, sightings)), MqttQoS.AT_LEAST_ONCE, false, false))
        .compose(id -> acked.future())
        .compose(v -> client.disconnect());
  }

  /**
   * Polls the REST snapshot until the engine placed the phones as expected (the second access point's sightings
   * move one phone, so an earlier snapshot may differ); fails after 15 s with the last zones seen.
   */
  private Map<String, Integer> awaitZones(String site, Map<String, Integer> expected) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (true) {
      Map<String, Integer> zones = zones(await(http.get(node.httpPort(), "127.0.0.1",
          "/api/sites/" + site + "/occupancy").basicAuthentication("admin", DemoUsers.PASSWORD).send())
          .bodyAsJsonObject());
      if (zones.equals(expected) || System.nanoTime() > deadline) {
        return zones;
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }

  private static Map<String, Integer> zones(JsonObject snapshot) {
    Map<String, Integer> zones = new LinkedHashMap<>();
    snapshot.getJsonArray("zones").stream().map(JsonObject.class::cast)
        .forEach(z -> zones.put(z.getString("id"), z.getInteger("devices")));
    return zones;
  }

}
