package io.footfall.metrics;

import static io.footfall.testkit.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.bus.Addresses;
import io.footfall.bus.Codecs;
import io.footfall.ingest.BatchIntake;
import io.footfall.ingest.IngestCounters;
import io.footfall.notify.NotifyConfig;
import io.footfall.notify.NotifyCounters;
import io.footfall.site.Site;
import io.footfall.site.SiteLoader;
import io.footfall.store.WriteQueue;
import io.footfall.wire.Sighting;
import io.footfall.wire.WireDecoder;
import io.footfall.wire.WireEncoder;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What Prometheus scrapes: ingest by source and reason, engine lag and occupancy per site, dashboards, database queue, JVM. */
@ExtendWith(VertxExtension.class)
class NodeMetricsTest {

  private static final Site DEMO = SiteLoader.loadResource("sites/demo-mall.yaml");
  private NodeMetrics metrics;

  @AfterEach
  void close() {
    if (metrics != null) {
      metrics.close();
    }
  }

  @Test
  void exposesIngestEngineDashboardDatabaseAndJvmMetricsInPrometheusFormat(Vertx vertx) throws Exception {
    Codecs.register(vertx);
    vertx.eventBus().consumer(Addresses.ENGINE_SIGHTINGS, m -> m.reply(null));
    IngestCounters counters = new IngestCounters();
    metrics = new NodeMetrics(List.of(DEMO), counters, () -> new JsonObject().put("sockets", 3),
        () -> new WriteQueue.Stats(10, 2, 0, 1, 7, 3)).follow(vertx)
        .notifications(new NotifyCounters(new NotifyConfig(List.of("https://bms.example.org/hooks"), "s", 1000, 1,
            10, 50, 10, true, "footfall-alerts")));

    // GIVEN a batch taken from the Meraki source, one refused, and an engine message for the demo mall
    BatchIntake meraki = new BatchIntake(vertx, counters, "meraki");
    byte[] batch = WireEncoder.batch("s-01", 1, List.of(Sighting.of("00000000000000aa", -60, 1_732_874_400_000L)))
        .getBytes(StandardCharsets.UTF_8);
    await(meraki.submit("demo-mall", "s-01", 0, new WireDecoder(10).decode(batch), true));
    meraki.rejected("demo-mall", "meraki", "auth");
    long watermark = System.currentTimeMillis() - 4_000;
    vertx.eventBus().publish(Addresses.liveSite("demo-mall"), new JsonObject().put("type", "occupancy")
        .put("site", "demo-mall").put("watermark", watermark)
        .put("zones", new JsonObject().put("entrance-west", 5)).put("totals", new JsonObject().put("devices", 5))
        .put("counters", new JsonObject().put("accepted", 40).put("late", 2)));

    // THEN one scrape shows all of it
    String text = awaitScrape(s -> s.contains("footfall_devices{site=\"demo-mall\"} 5.0"));
    assertThat(text)
        .contains("footfall_ingest_sightings_total{source=\"meraki\"} 1.0")
        .contains("footfall_ingest_rejected_total{reason=\"auth\"} 1.0")
        .contains("footfall_zone_devices{kind=\"entrance\",site=\"demo-mall\",zone=\"entrance-west\"} 5.0")
        .contains("footfall_engine_sightings_total{outcome=\"late\",site=\"demo-mall\"} 2.0")
        .contains("footfall_websocket_clients 3.0")
        .contains("footfall_db_queue_rows 7.0")
        .contains("footfall_db_spooled_rows 3.0")
        .contains("footfall_notify_webhook_deliveries_total{outcome=\"delivered\",target=\"bms.example.org\"} 0.0")
        .contains("footfall_notify_mqtt_alerts_total{outcome=\"published\"} 0.0")
        .contains("jvm_memory_used_bytes");
    assertThat(dashboardMetrics()).as("footfall metrics the Grafana dashboard charts").allSatisfy(name ->
        assertThat(text).containsPattern("(?m)^" + name + "[{ ]"));
    String lag = text.lines().filter(l -> l.startsWith("footfall_engine_lag_seconds{site=\"demo-mall\"}"))
        .findFirst().orElseThrow();
    assertThat(Double.parseDouble(lag.substring(lag.lastIndexOf(' ') + 1))).isGreaterThanOrEqualTo(4.0);
  }

  /** The footfall metric names used in deploy/grafana/footfall-dashboard.json, so that it cannot chart a typo. */
  private static Set<String> dashboardMetrics() throws IOException {
    String dashboard = Files.readString(Path.of("deploy/grafana/footfall-dashboard.json"));
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("footfall_[a-z_]+").matcher(dashboard);
    while (m.find()) {
      names.add(m.group());
    }
    return names;
  }

  private String awaitScrape(java.util.function.Predicate<String> done) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    String text = metrics.scrape();
    while (!done.test(text) && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(5);
      text = metrics.scrape();
    }
    return text;
  }

}
