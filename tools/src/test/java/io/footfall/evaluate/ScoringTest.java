package io.footfall.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How footfall's answers are scored against the truth, on hand-made truth files and answers. */
class ScoringTest {

  private static final long T0 = 1_741_078_800_000L;
  private static final long MIN = 60_000;

  @TempDir
  Path truthDir;

  /** Answers from a fixed map of paths; anything else is "not served". */
  private record FixedAnswers(Map<String, Object> byPath) implements Answers {
    @Override
    public Optional<Object> get(String pathAndQuery) {
      return Optional.ofNullable(byPath.get(pathAndQuery.substring(0, pathAndQuery.indexOf('?'))));
    }

    @Override
    public Optional<Object> post(String path, JsonObject body) {
      return Optional.empty();
    }
  }

  private GroundTruth truth() throws IOException {
    // zone "a": 4 detectable people + 1 fixed device all along; zone "b": empty
    StringBuilder occupancy = new StringBuilder("ts,zone,people,detectable,staff,devices\n");
    for (int m = 0; m <= 5; m++) {
      occupancy.append(T0 + m * MIN).append(",a,5,4,0,1\n").append(T0 + m * MIN).append(",b,0,0,0,0\n");
    }
    Files.writeString(truthDir.resolve("occupancy.csv"), occupancy);
    Files.writeString(truthDir.resolve("visits.csv"), "person,kind,zone,enter,exit,detectable,closed\n");
    Files.writeString(truthDir.resolve("passersby.csv"), "ts,store,frontage,passers,detectable\n");
    Files.writeString(truthDir.resolve("transitions.csv"), "ts,person,from,to\n");
    Files.writeString(truthDir.resolve("random-devices-hour.csv"), "ts,zone,devices,macs,macsHeard\n");
    Files.writeString(truthDir.resolve("devices.csv"), "dev,phone,person,rand,fp,first\n");
    return GroundTruth.read(truthDir);
  }

  private static JsonArray series(double... devicesAvg) {
    JsonArray rows = new JsonArray();
    for (int m = 0; m < devicesAvg.length; m++) {
      rows.add(new JsonObject().put("minute", Instant.ofEpochMilli(T0 + m * MIN).toString())
          .put("devicesAvg", devicesAvg[m]));
    }
    return rows;
  }

  @Test
  void occupancyErrorIsTheAbsoluteErrorOverTheTrueDevicesAfterTheWarmUp() throws IOException {
    // GIVEN footfall saw 4 instead of 5 in zone a from minute 2 on, and a phantom device in zone b in minute 4
    Answers api = new FixedAnswers(Map.of(
        "/api/sites/s/zones/a/series", series(0, 0, 4, 4, 5),
        "/api/sites/s/zones/b/series", series(0, 0, 0, 0, 1)));

    Score score = OccupancyScoring.score(api, "/api/sites/s", List.of("a", "b"), truth(), T0, T0 + 5 * MIN, 10.0)
        .score();

    // THEN minutes 2-4 count: |4-5| + |4-5| + 0 in a, 1 in b, over 15 true device-minutes
    assertThat(score.measured()).isCloseTo(100.0 * 3 / 15, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(score.missed()).isTrue();
  }

  @Test
  void metricsWithoutTheirEndpointAreNotServedAndDoNotFailTheRun() throws IOException {
    MetricScoring metrics = new MetricScoring(new FixedAnswers(Map.of()), "/api/sites/s", truth(), T0, T0 + 5 * MIN,
        2 * MIN);

    List<Score> scores = new java.util.ArrayList<>(metrics.stores(List.of("a")));
    scores.add(metrics.transitions());
    scores.add(metrics.randomDevices(List.of("a", "b")));
    scores.add(metrics.randomDevicesSite());
    scores.add(metrics.headcount(List.of("a", "b")));

    assertThat(scores).allSatisfy(s -> {
      assertThat(s.isMeasured()).isFalse();
      assertThat(s.detail()).isEqualTo(MetricScoring.NOT_SERVED);
    });
    assertThat(new Scorecard("run", scores).passed()).isTrue();
  }

  @Test
  void storeMetricsCountOnlyQualifyingVisitsOfPhonesThatKeepTheirAddress() throws IOException {
    // GIVEN in store a: v-1 10 min and v-2 4 min (fixed MACs), v-3 1 min (under the 2-min minimum), r-4 10 min
    // with a randomizing phone (footfall counts it apart); on the frontage f: p-5 and p-6 walk past (fixed), r-7
    // walks past (randomizing), v-1 walks into the store and back (no pass)
    truth();
    Files.writeString(truthDir.resolve("visits.csv"), "person,kind,zone,enter,exit,detectable,closed\n"
        + "v-1,shopper,a," + T0 + "," + (T0 + 10 * MIN) + ",true,true\n"
        + "v-2,shopper,a," + T0 + "," + (T0 + 4 * MIN) + ",true,true\n"
        + "v-3,shopper,a," + T0 + "," + (T0 + 1 * MIN) + ",true,true\n"
        + "r-4,shopper,a," + T0 + "," + (T0 + 10 * MIN) + ",true,true\n"
        + "p-5,shopper,f," + T0 + "," + (T0 + MIN) + ",true,true\n"
        + "p-6,shopper,f," + T0 + "," + (T0 + MIN) + ",true,true\n"
        + "r-7,shopper,f," + T0 + "," + (T0 + MIN) + ",true,true\n");
    Files.writeString(truthDir.resolve("passersby.csv"), "ts,store,frontage,passers,detectable\n"
        + T0 + ",a,f,3,3\n");
    Files.writeString(truthDir.resolve("transitions.csv"), "ts,person,from,to\n"
        + T0 + ",p-5,e,f\n" + (T0 + MIN) + ",p-5,f,g\n"
        + T0 + ",p-6,g,f\n" + (T0 + MIN) + ",p-6,f,e\n"
        + T0 + ",r-7,e,f\n" + (T0 + MIN) + ",r-7,f,g\n"
        + T0 + ",v-1,e,f\n" + (T0 + MIN) + ",v-1,f,a\n" + (T0 + 11 * MIN) + ",v-1,a,f\n"
        + (T0 + 12 * MIN) + ",v-1,f,e\n");
    Files.writeString(truthDir.resolve("devices.csv"), "dev,phone,person,rand,fp,first\n"
        + "d1,1,v-1,false,f," + T0 + "\n" + "d2,2,v-2,false,f," + T0 + "\n" + "d3,3,v-3,false,f," + T0 + "\n"
        + "d4,4,r-4,true,f," + T0 + "\n" + "d5,5,p-5,false,f," + T0 + "\n" + "d6,6,p-6,false,f," + T0 + "\n"
        + "d7,7,r-7,true,f," + T0 + "\n");
    GroundTruth truth = GroundTruth.read(truthDir);
    // truly 2 fixed-address visitors (median dwell 7 min) and 2 passers-by, capture 50 %; the API's visitors hold
    // the randomized one too, which the truth of fixed-address people leaves out
    Answers api = new FixedAnswers(Map.of("/api/sites/s/stores/a/metrics", new JsonObject().put("visitors", 3)
        .put("fixedAddressVisitors", 2).put("passersBy", 3).put("random", 1)
        .put("dwell", new JsonObject().put("medianMin", 7.7))));

    List<Score> scores = new MetricScoring(api, "/api/sites/s", truth, T0, T0 + 60 * MIN, 2 * MIN)
        .stores(List.of("a"));

    assertThat(scores).extracting(Score::metric).containsExactly("visitors per store", "passers-by per store",
        "capture rate per store", "dwell median per store");
    assertThat(scores.get(0).measured()).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(scores.get(1).measured()).isCloseTo(50.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(scores.get(2).measured()).isCloseTo(10.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(scores.get(3).measured()).isCloseTo(10.0, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void trueVisitorsAreTheVisitsThatQualifiedInTheRunWhileTheDwellIsOfThoseThatEndedInIt() throws IOException {
    // GIVEN a run from 0:10 to 1:00; in store a: v-1 in from 0:00 (qualified 0:02, before the run) to 0:20, v-2
    // from 0:30 still there at the end (qualified 0:32), v-3 from 0:50 to 1:05 (qualified 0:52, ended after), v-4
    // from 0:59 still there (not qualified yet), v-5 from 0:20 to 0:26
    truth();
    Files.writeString(truthDir.resolve("visits.csv"), "person,kind,zone,enter,exit,detectable,closed\n"
        + "v-1,shopper,a," + T0 + "," + (T0 + 20 * MIN) + ",true,true\n"
        + "v-2,shopper,a," + (T0 + 30 * MIN) + "," + (T0 + 60 * MIN) + ",true,false\n"
        + "v-3,shopper,a," + (T0 + 50 * MIN) + "," + (T0 + 65 * MIN) + ",true,true\n"
        + "v-4,shopper,a," + (T0 + 59 * MIN) + "," + (T0 + 60 * MIN) + ",true,false\n"
        + "v-5,shopper,a," + (T0 + 20 * MIN) + "," + (T0 + 26 * MIN) + ",true,true\n");
    Files.writeString(truthDir.resolve("devices.csv"), "dev,phone,person,rand,fp,first\n"
        + "d1,1,v-1,false,f," + T0 + "\n" + "d2,2,v-2,false,f," + T0 + "\n" + "d3,3,v-3,false,f," + T0 + "\n"
        + "d4,4,v-4,false,f," + T0 + "\n" + "d5,5,v-5,false,f," + T0 + "\n");
    GroundTruth truth = GroundTruth.read(truthDir);
    Answers api = new FixedAnswers(Map.of("/api/sites/s/stores/a/metrics", new JsonObject().put("visitors", 3)
        .put("fixedAddressVisitors", 3).put("passersBy", 0).put("random", 0)
        .put("dwell", new JsonObject().put("medianMin", 13.0))));

    List<Score> scores = new MetricScoring(api, "/api/sites/s", truth, T0 + 10 * MIN, T0 + 60 * MIN, 2 * MIN)
        .stores(List.of("a"));

    // THEN 3 true visitors (v-2, v-3, v-5), as footfall's 3; the true median dwell of v-1 and v-5 is 13 min
    assertThat(scores.get(0).detail()).endsWith("footfall/true 3/3");
    assertThat(scores.get(0).measured()).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(scores.get(3).measured()).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void anAnswerWithoutTheDocumentedFieldsSaysWhichFieldItLacks() throws IOException {
    Answers api = new FixedAnswers(Map.of(
        "/api/sites/s/stores/a/metrics", new JsonObject().put("fixedAddressVisitors", 2).put("passersby", 3),
        "/api/sites/s/flows", new JsonObject().put("transitions", new JsonArray()),
        "/api/sites/s/estimates", new JsonObject().put("hours", new JsonArray())));
    MetricScoring metrics = new MetricScoring(api, "/api/sites/s", truth(), T0, T0 + 5 * MIN, 2 * MIN);

    assertThat(metrics.stores(List.of("a")).get(0).detail()).isEqualTo("n/a (answer lacks passersBy)");
    assertThat(metrics.transitions().detail()).isEqualTo("n/a (answer lacks cells)");
    assertThat(metrics.randomDevices(List.of("a")).detail()).isEqualTo("n/a (answer lacks rows)");
  }

  @Test
  void transitionsCompareTheTopTrueMovesWithTheHourlyCellsCountingSuppressedAsZero() throws IOException {
    // GIVEN 6 true moves a>b and 2 b>a; footfall has 5 + 1 a>b over two hours and a suppressed b>a cell
    truth();
    StringBuilder moves = new StringBuilder("ts,person,from,to\n");
    for (int i = 0; i < 6; i++) {
      moves.append(T0 + i * MIN).append(",p-").append(i).append(",a,b\n");
    }
    moves.append(T0).append(",p-0,b,a\n").append(T0).append(",p-1,b,a\n");
    Files.writeString(truthDir.resolve("transitions.csv"), moves);
    StringBuilder visits = new StringBuilder("person,kind,zone,enter,exit,detectable,closed\n");
    for (int i = 0; i < 6; i++) {
      visits.append("p-").append(i).append(",shopper,a,").append(T0).append(',').append(T0 + MIN).append(",true,true\n");
    }
    Files.writeString(truthDir.resolve("visits.csv"), visits);
    GroundTruth truth = GroundTruth.read(truthDir);
    JsonArray cells = new JsonArray()
        .add(new JsonObject().put("from", "a").put("to", "b").put("transitions", 5).put("suppressed", false))
        .add(new JsonObject().put("from", "a").put("to", "b").put("transitions", 1).put("suppressed", false))
        .add(new JsonObject().put("from", "b").put("to", "a").putNull("transitions").put("suppressed", true));
    Answers api = new FixedAnswers(Map.of("/api/sites/s/flows", new JsonObject().put("cells", cells)));

    Score score = new MetricScoring(api, "/api/sites/s", truth, T0, T0 + 60 * MIN, 2 * MIN).transitions();

    // THEN |6-6| + |0-2| over 8 true moves
    assertThat(score.measured()).isCloseTo(25.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(score.detail()).contains("1 suppressed");
  }

  @Test
  void devicesBehindRandomMacsAreTheEstimatedDevicesLessTheGloballyAdministeredOnes() throws IOException {
    // GIVEN truly 4 randomizing phones in zone a in the first hour; footfall heard 7 devices of which 6 random
    // MACs, linked into 5 estimated devices in all (1 global + 4 chains)
    truth();
    Files.writeString(truthDir.resolve("random-devices-hour.csv"), "ts,zone,devices,macs,macsHeard\n"
        + T0 + ",a,4,6,6\n");
    GroundTruth truth = GroundTruth.read(truthDir);
    Answers api = new FixedAnswers(Map.of("/api/sites/s/estimates", new JsonObject().put("rows", new JsonArray()
        .add(new JsonObject().put("start", Instant.ofEpochMilli(T0).toString()).put("devices", 7)
            .put("randomMacs", 6).put("estimatedDevices", 5)))));

    Score score = new MetricScoring(api, "/api/sites/s", truth, T0, T0 + 60 * MIN, 2 * MIN)
        .randomDevices(List.of("a"));

    assertThat(score.measured()).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(score.detail()).contains("raw randomMacs would be 50.0 %");
  }

  @Test
  void siteWideRandomDevicesAreComparedWithThePhonesThatStartedAMacInTheHour() throws IOException {
    // GIVEN phones 1 and 2 rotate through three random MACs in the first hour, phone 3 keeps its vendor MAC
    truth();
    Files.writeString(truthDir.resolve("devices.csv"), "dev,phone,person,rand,fp,first\n"
        + "d1,1,p-1,true,f," + T0 + "\n" + "d2,1,p-1,true,f," + (T0 + 5 * MIN) + "\n"
        + "d3,2,p-2,true,f," + (T0 + 10 * MIN) + "\n" + "d4,3,p-3,false,f," + T0 + "\n");
    GroundTruth truth = GroundTruth.read(truthDir);
    // footfall linked the 3 random MACs into 3 chains: 1 global + 3 = 4 estimated devices
    Answers api = new FixedAnswers(Map.of("/api/sites/s/estimates", new JsonObject().put("rows", new JsonArray()
        .add(new JsonObject().put("start", Instant.ofEpochMilli(T0).toString()).put("devices", 4)
            .put("randomMacs", 3).put("estimatedDevices", 4)))));

    Score score = new MetricScoring(api, "/api/sites/s", truth, T0, T0 + 60 * MIN, 2 * MIN).randomDevicesSite();

    // THEN 3 against 2 true phones
    assertThat(score.measured()).isCloseTo(50.0, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void returningShareIsComparedOverTheShoppersWhosePhoneKeepsItsAddress() throws IOException {
    // GIVEN r-1 shopping in a on two days, v-2 once, r-4 on two days but once too briefly, and r-3 on two days
    // with a randomizing phone (no repeat id, so not counted)
    truth();
    long day = 24 * 60 * MIN;
    Files.writeString(truthDir.resolve("visits.csv"), "person,kind,zone,enter,exit,detectable,closed\n"
        + "r-1,shopper,a," + T0 + "," + (T0 + 10 * MIN) + ",true,true\n"
        + "r-1,shopper,a," + (T0 + day) + "," + (T0 + day + 10 * MIN) + ",true,true\n"
        + "v-2,shopper,a," + T0 + "," + (T0 + 10 * MIN) + ",true,true\n"
        + "r-3,shopper,a," + T0 + "," + (T0 + 10 * MIN) + ",true,true\n"
        + "r-3,shopper,a," + (T0 + day) + "," + (T0 + day + 10 * MIN) + ",true,true\n"
        + "r-4,shopper,a," + T0 + "," + (T0 + 10 * MIN) + ",true,true\n"
        + "r-4,shopper,a," + (T0 + day) + "," + (T0 + day + MIN) + ",true,true\n");
    Files.writeString(truthDir.resolve("devices.csv"), "dev,phone,person,rand,fp,first\n"
        + "d1,1,r-1,false,f," + T0 + "\n" + "d2,2,v-2,false,f," + T0 + "\n" + "d3,3,r-3,true,f," + T0 + "\n"
        + "d4,4,r-4,false,f," + T0 + "\n");
    GroundTruth truth = GroundTruth.read(truthDir);
    Answers api = new FixedAnswers(Map.of("/api/sites/s/repeat", new JsonObject().put("returningShare", 0.5)));

    Score score = new RepeatScoring(api, "/api/sites/s", truth, T0, T0 + 2 * day, java.time.ZoneOffset.UTC)
        .score(List.of("a"));
    Score unserved = new RepeatScoring(new FixedAnswers(Map.of()), "/api/sites/s", truth, T0, T0 + 2 * day,
        java.time.ZoneOffset.UTC).score(List.of("a"));

    // THEN truly 1 of 3 returned: 33.3 % against 50 %
    assertThat(score.measured()).isCloseTo(100.0 / 6, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(score.verdict()).isEqualTo("info");
    assertThat(unserved.detail()).isEqualTo(MetricScoring.NOT_SERVED);
  }
}
