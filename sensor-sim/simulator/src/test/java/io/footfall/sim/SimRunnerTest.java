package io.footfall.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.site.SensorSpec;
import io.footfall.site.Site;
import io.footfall.site.SiteLoader;
import io.footfall.wire.SightingBatch;
import io.footfall.wire.Topics;
import io.footfall.wire.WireDecoder;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class SimRunnerTest {

  private static final Site SITE = SiteLoader.loadResource("sites/demo-mall.yaml");
  private static final Instant NOON = Instant.parse("2025-03-04T12:00:00Z");
  private static final int MINUTES = 2;

  private static Set<String> sensorIds() {
    return SITE.sensors().stream().map(SensorSpec::id).collect(Collectors.toSet());
  }

  private static SimOptions shortRun(int port) {
    return SimOptions.defaults().withServer("localhost", port).withSpeed(SimOptions.MAX_SPEED).withSeed(3)
        .withStart(NOON).withDuration(Duration.ofMinutes(MINUTES)).withWarmStart(true).withMaxInflight(4);
  }

  @Test
  void publishesOneBatchPerSensorPerSecondOnItsOwnTopicAtMaxSpeed(Vertx vertx, VertxTestContext ctx) {
    TestBroker broker = new TestBroker(vertx, sensorIds(), "demo");
    broker.start()
        .compose(port -> SimRunner.start(vertx, SITE, shortRun(port)))
        .compose(SimRun::finished)
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          Map<String, List<TestBroker.Publish>> bySensor = broker.publishes().stream()
              .collect(Collectors.groupingBy(TestBroker.Publish::username));
          assertThat(bySensor).containsOnlyKeys(sensorIds());
          WireDecoder decoder = new WireDecoder(100_000);
          long sightings = 0;
          for (Map.Entry<String, List<TestBroker.Publish>> e : bySensor.entrySet()) {
            List<TestBroker.Publish> list = e.getValue();
            assertThat(list).hasSize(MINUTES * 60);
            // numbered on from the wall clock at the start, so a restarted simulator is not taken for re-sends
            long expectedSeq = decoder.decode(list.get(0).payload()).seq;
            assertThat(expectedSeq).isGreaterThan(NOON.toEpochMilli());
            for (TestBroker.Publish p : list) {
              assertThat(p.topic()).isEqualTo(Topics.sightings(SITE.id(), e.getKey()));
              assertThat(p.qos()).isEqualTo(MqttQoS.AT_LEAST_ONCE);
              SightingBatch batch = decoder.decode(p.payload());
              assertThat(batch.sensor).isEqualTo(e.getKey());
              assertThat(batch.seq).isEqualTo(expectedSeq++);
              for (int i = 0; i < batch.size; i++) {
                assertThat(batch.ts[i]).isBetween(NOON.toEpochMilli(), NOON.toEpochMilli() + MINUTES * 60_000L - 1);
              }
              sightings += batch.size;
            }
          }
          assertThat(sightings).as("a warm mall at noon is heard").isGreaterThan(1000);
          ctx.completeNow();
        })))
        .eventually(broker::close);
  }

  @Test
  void failsToStartWhenTheBrokerRefusesThePassword(Vertx vertx, VertxTestContext ctx) {
    TestBroker broker = new TestBroker(vertx, sensorIds(), "not-demo");
    broker.start()
        .compose(port -> SimRunner.start(vertx, SITE, shortRun(port)))
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertThat(broker.refused()).isNotEmpty();
          ctx.completeNow();
        })))
        .eventually(broker::close);
  }

  @Test
  void stopEndsAnEndlessRunAndDisconnects(Vertx vertx, VertxTestContext ctx) {
    TestBroker broker = new TestBroker(vertx, sensorIds(), "demo");
    broker.start()
        .compose(port -> SimRunner.start(vertx, SITE, shortRun(port).withDuration(null).withSpeed(600)))
        .compose(run -> vertx.timer(300).compose(t -> run.stop()).map(v -> run))
        .onComplete(ctx.succeeding(run -> ctx.verify(() -> {
          assertThat(run.finished().succeeded()).isTrue();
          assertThat(broker.publishes()).isNotEmpty();
          ctx.completeNow();
        })))
        .eventually(broker::close);
  }
}
