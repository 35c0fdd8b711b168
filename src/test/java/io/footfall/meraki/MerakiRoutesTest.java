package io.footfall.meraki;

import static io.footfall.testkit.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.auth.WebAuth;
import io.footfall.bus.Addresses;
import io.footfall.bus.Codecs;
import io.footfall.bus.NodeHealth;
import io.footfall.bus.OnContext;
import io.footfall.ingest.BatchIntake;
import io.footfall.ingest.IngestCounters;
import io.footfall.live.HttpConfig;
import io.footfall.live.WebVerticle;
import io.footfall.site.Floor;
import io.footfall.site.Point;
import io.footfall.site.SensorSpec;
import io.footfall.site.Site;
import io.footfall.site.Zone;
import io.footfall.site.ZoneKind;
import io.footfall.wire.DeviceKeys;
import io.footfall.wire.DevicePseudonyms;
import io.footfall.wire.RepeatIds;
import io.footfall.wire.Sighting;
import io.footfall.wire.SightingBatch;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The Meraki Scanning API receiver on a real web server, with the engine's side of the event bus faked by a consumer. */
@ExtendWith(VertxExtension.class)
class MerakiRoutesTest {

  static final String KEY_LINE = "2024-01-01 000102030405060708090a0b0c0d0e0f";
  static final String AP_ENTRANCE = "00:18:0a:13:dd:b0";
  static final String AP_SHOP = "00:18:0a:13:dd:b1";
  /** 2024-11-29T10:00:00Z. */
  static final long T0 = 1_732_874_400_000L;
  private static final String PHONE = "18:fe:34:fc:5a:7f";
  /** Locally administered: the second bit of the first byte is set, as with a randomized address. */
  private static final String RANDOM_PHONE = "da:a1:19:00:00:01";

  @TempDir
  Path dir;

  private final List<SightingBatch> engineReceived = new CopyOnWriteArrayList<>();
  private final IngestCounters counters = new IngestCounters();
  private DevicePseudonyms keys;
  private Vertx vertx;
  private HttpClient http;
  private int port;

  static Site site(String id) {
    List<Point> square = List.of(new Point(0, 0), new Point(10, 0), new Point(10, 10), new Point(0, 10));
    List<Point> other = List.of(new Point(10, 0), new Point(20, 0), new Point(20, 10), new Point(10, 10));
    return new Site(id, "Mall", "UTC", List.of(new Floor("G", "Ground", 0, 20, 20)),
        List.of(new Zone(0, "entrance", "Entrance", ZoneKind.ENTRANCE, "G", 50, square, null),
            new Zone(1, "shop", "Shop", ZoneKind.STORE, "G", 30, other, null)),
        List.of(new SensorSpec(0, "ap-1", "G", 5, 5, "entrance", null, AP_ENTRANCE),
            new SensorSpec(1, "ap-2", "G", 15, 5, "shop", null, AP_SHOP)));
  }

  @BeforeEach
  void deploy(Vertx vertx) throws Exception {
    Codecs.register(vertx);
    vertx.eventBus().<SightingBatch>consumer(Addresses.ENGINE_SIGHTINGS, m -> {
      engineReceived.add(m.body());
      m.reply(null);
    });
    Path keyFile = Files.writeString(dir.resolve("mall-a.keys"), KEY_LINE + "\n");
    keys = DevicePseudonyms.fromKeyFile(keyFile);
    MerakiConfig config = new MerakiConfig(true, "validator-123", "s3cret", dir.resolve("{site}.keys").toString(), -95,
        1 << 20, true);
    MerakiRoutes meraki = new MerakiRoutes(vertx, config, List.of(site("mall-a")),
        new BatchIntake(vertx, counters, "meraki"), RepeatIds.DEFAULT_ROTATION_DAYS);
    WebVerticle web = new WebVerticle(new HttpConfig("127.0.0.1", 0, 50), List.of(site("mall-a")), new NodeHealth(),
        (site, zone, from, to) -> Future.succeededFuture(List.of()), new WebAuth(List.of())).withRoutes(meraki::mount);
    await(vertx.deployVerticle(web));
    port = web.actualPort();
    http = vertx.createHttpClient();
    this.vertx = vertx;
  }

  @Test
  void answersMerakisValidationRequestWithTheConfiguredValidator() throws Exception {
    Reply reply = await(send(HttpMethod.GET, "/ingest/meraki/mall-a", null));

    assertThat(reply.status).isEqualTo(200);
    assertThat(reply.body.toString()).isEqualTo("validator-123");
  }

  @Test
  void refusesAPostWithTheWrongSecretAndPassesNothingOn() throws Exception {
    JsonObject post = v2Post(AP_ENTRANCE, PHONE, 47, T0 / 1000).put("secret", "guess");

    Reply reply = await(send(HttpMethod.POST, "/ingest/meraki/mall-a", post));

    assertThat(reply.status).isEqualTo(403);
    assertThat(engineReceived).isEmpty();
    assertThat(counters.rejected("auth")).isEqualTo(1);
  }

  @Test
  void answersNotFoundForASiteWithoutMerakiAccessPoints() throws Exception {
    assertThat(await(send(HttpMethod.GET, "/ingest/meraki/elsewhere", null)).status).isEqualTo(404);
  }

  @Test
  void turnsAV2DevicesSeenPostIntoABatchOfTheAccessPointsSensorWithHashedMacsAndDbm() throws Exception {
    JsonObject post = v2Post(AP_ENTRANCE, PHONE, 47, T0 / 1000);
    post.getJsonObject("data").getJsonArray("observations").add(new JsonObject()
        .put("clientMac", RANDOM_PHONE).put("seenTime", "2024-11-29T10:00:05Z").put("rssi", 20));

    Reply reply = await(send(HttpMethod.POST, "/ingest/meraki/mall-a", post));

    assertThat(reply.status).isEqualTo(200);
    assertThat(engineReceived).hasSize(1);
    SightingBatch batch = engineReceived.get(0);
    assertThat(batch.site).isEqualTo("mall-a");
    assertThat(batch.sensor).isEqualTo("ap-1");
    assertThat(batch.sensorIndex).isEqualTo(0);
    assertThat(batch.size).isEqualTo(2);
    assertThat(batch.dev[0]).isEqualTo(deviceKey(PHONE, T0));
    assertThat(batch.rssi[0]).isEqualTo((short) (47 - 95));
    assertThat(batch.ts[0]).isEqualTo(T0);
    assertThat(batch.isRandom(0)).isFalse();
    assertThat(batch.ts[1]).isEqualTo(T0 + 5_000);
    assertThat(batch.rssi[1]).isEqualTo((short) (20 - 95));
    assertThat(batch.isRandom(1)).isTrue();
    assertThat(batch.rid(0)).as("the repeat-visit id a footfall sensor would send").isEqualTo(DeviceKeys.of(
        new RepeatIds(keys, RepeatIds.DEFAULT_ROTATION_DAYS).rid(HexFormat.of().parseHex(PHONE.replace(":", "")), T0)));
    assertThat(batch.rid(1)).as("none for a randomized address").isEqualTo(SightingBatch.NO_RID);
  }

  @Test
  void withoutRepeatVisitsSwitchedOnNoClientGetsARepeatVisitId() {
    MerakiDecoder byDefault = new MerakiDecoder(site("mall-a"), keys, null, -95);

    MerakiDecoder.Decoded decoded = byDefault.decode(v2Post(AP_ENTRANCE, PHONE, 47, T0 / 1000));

    assertThat(decoded.bySensor().values()).singleElement().asList().singleElement()
        .satisfies(sighting -> assertThat(((Sighting) sighting).rid()).isNull());
    assertThat(new MerakiConfig(false, "", "", "", -95, 1 << 20).repeatVisits()).isFalse();
  }

  @Test
  void splitsAV3NetworkPostIntoOneBatchPerAccessPoint() throws Exception {
    JsonObject seenByBoth = new JsonObject().put("clientMac", PHONE).put("locations", new JsonArray().add(new JsonObject()
        .put("time", "2024-11-29T10:00:00Z")
        .put("rssiRecords", new JsonArray()
            .add(new JsonObject().put("apMac", AP_ENTRANCE).put("rssi", 40))
            .add(new JsonObject().put("apMac", AP_SHOP).put("rssi", 25)))));
    JsonObject onlyLatest = new JsonObject().put("clientMac", RANDOM_PHONE).put("locations", new JsonArray())
        .put("latestRecord", new JsonObject().put("time", "2024-11-29T10:00:02Z").put("nearestApMac", AP_SHOP)
            .put("nearestApRssi", 30));
    JsonObject unknownAp = new JsonObject().put("clientMac", PHONE).put("latestRecord", new JsonObject()
        .put("time", "2024-11-29T10:00:02Z").put("nearestApMac", "00:00:5e:00:53:01").put("nearestApRssi", 30));

    Reply reply = await(send(HttpMethod.POST, "/ingest/meraki/mall-a", v3Post(seenByBoth, onlyLatest, unknownAp)));

    assertThat(reply.status).isEqualTo(200);
    assertThat(engineReceived).extracting(b -> b.sensor).containsExactlyInAnyOrder("ap-1", "ap-2");
    SightingBatch shop = engineReceived.stream().filter(b -> b.sensor.equals("ap-2")).findFirst().orElseThrow();
    assertThat(shop.size).isEqualTo(2);
    assertThat(shop.dev[0]).isEqualTo(deviceKey(PHONE, T0));
    assertThat(shop.rssi[0]).isEqualTo((short) (25 - 95));
    assertThat(shop.dev[1]).isEqualTo(deviceKey(RANDOM_PHONE, T0 + 2_000));
    assertThat(shop.isRandom(1)).isTrue();
    assertThat(counters.rejected("unknown-ap")).isEqualTo(1);
  }

  @Test
  void refusesABodyThatIsNotJson() throws Exception {
    Reply reply = await(send(HttpMethod.POST, "/ingest/meraki/mall-a", null, Buffer.buffer("not json")));

    assertThat(reply.status).isEqualTo(400);
    assertThat(engineReceived).isEmpty();
  }

  static JsonObject v2Post(String apMac, String clientMac, int rssi, long seenEpoch) {
    return new JsonObject().put("version", "2.0").put("secret", "s3cret").put("type", "DevicesSeen")
        .put("data", new JsonObject().put("apMac", apMac).put("apFloors", new JsonArray())
            .put("observations", new JsonArray().add(new JsonObject()
                .put("clientMac", clientMac).put("seenEpoch", seenEpoch).put("rssi", rssi)
                .put("ipv4", null).put("ssid", null).put("manufacturer", "Espressif"))));
  }

  static JsonObject v3Post(JsonObject... observations) {
    return new JsonObject().put("version", "3.0").put("secret", "s3cret").put("type", "WiFi")
        .put("data", new JsonObject().put("networkId", "N_1").put("observations", new JsonArray(List.of(observations))));
  }

  private long deviceKey(String mac, long ts) {
    return DeviceKeys.of(keys.pseudonym(HexFormat.of().parseHex(mac.replace(":", "")), ts));
  }

  private record Reply(int status, Buffer body) {
  }

  private Future<Reply> send(HttpMethod method, String uri, JsonObject json) {
    return send(method, uri, json, null);
  }

  private Future<Reply> send(HttpMethod method, String uri, JsonObject json, Buffer raw) {
    Buffer body = raw != null ? raw : json == null ? Buffer.buffer() : json.toBuffer();
    return OnContext.run(vertx, () -> http.request(method, port, "127.0.0.1", uri)
        .compose(request -> request.send(body))
        .compose(response -> response.body().map(b -> new Reply(response.statusCode(), b))));
  }

}
