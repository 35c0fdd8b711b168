package io.footfall.live;

import static io.footfall.testkit.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.footfall.auth.WebAuth;
import io.footfall.bus.NodeHealth;
import io.footfall.bus.OnContext;
import io.footfall.cluster.ClusterRoutes;
import io.footfall.ingest.BatchIntake;
import io.footfall.ingest.IngestCounters;
import io.footfall.meraki.MerakiConfig;
import io.footfall.meraki.MerakiRoutes;
import io.footfall.metrics.NodeMetrics;
import io.footfall.site.SensorSpec;
import io.footfall.site.Site;
import io.footfall.store.DecisionQueries;
import io.footfall.store.EstimateStore;
import io.footfall.store.RepeatConfig;
import io.footfall.store.RepeatStore;
import io.footfall.store.WriteQueue;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI description at {@code /api/openapi.yaml} (behind the login) is true: every API route the web server of a fully
 * equipped node has (REST, Meraki receiver, metrics) is described, and everything described is routed.
 */
@ExtendWith(VertxExtension.class)
class OpenApiConformanceTest {

  /** Served paths outside the REST API: the WebSocket (docs/web.md), the dashboard and its static files. */
  private static final Set<String> NOT_REST = Set.of("/live");
  private static final Set<String> OPERATIONS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

  @TempDir
  Path dir;

  private WebVerticle web;
  private NodeMetrics metrics;
  private HttpClient http;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    Site demo = WebFixture.DEMO;
    List<SensorSpec> sensors = new ArrayList<>(demo.sensors());
    SensorSpec first = sensors.get(0);
    sensors.set(0, new SensorSpec(first.index(), first.id(), first.floor(), first.x(), first.y(), first.zone(), null,
        "00:18:0a:13:dd:b0"));
    Site withAccessPoint = new Site(demo.id(), demo.name(), demo.timezone(), demo.floors(), demo.zones(), sensors);
    Files.writeString(dir.resolve("demo-mall.keys"), "2024-01-01 000102030405060708090a0b0c0d0e0f\n");
    IngestCounters counters = new IngestCounters();
    MerakiRoutes meraki = new MerakiRoutes(vertx, new MerakiConfig(true, "v", "s", dir.resolve("{site}.keys").toString(),
        -95, 1 << 20), List.of(withAccessPoint), new BatchIntake(vertx, counters, "meraki"), 30);
    web = new WebVerticle(new HttpConfig("127.0.0.1", 0, 50), List.of(withAccessPoint), new NodeHealth(),
        (site, zone, from, to) -> Future.succeededFuture(List.of()), new WebAuth(WebFixture.USERS));
    metrics = new NodeMetrics(List.of(withAccessPoint), counters, web::liveStats,
        () -> WriteQueue.Stats.NONE).follow(vertx);
    // the routes a fully equipped node adds: estimates, repeat visits, the cluster view (its handlers never run here)
    EstimateRoutes estimates = new EstimateRoutes(List.of(withAccessPoint), new EstimateStore(null));
    web.withRoutes(meraki::mount).withRoutes(metrics::mount).withRoutes(estimates::mount)
        .withRoutes(new ClusterRoutes(null))
        .withRoutes(new RepeatRoutes(List.of(withAccessPoint), new RepeatStore(null), RepeatConfig.defaults(), 5)::mount)
        .withRoutes(new DecisionRoutes(List.of(withAccessPoint), new DecisionQueries(null), 30, 5)::mount);
    await(vertx.deployVerticle(web));
  }

  @AfterEach
  void close() {
    metrics.close();
  }

  @Test
  void everyApiRouteIsDescribedAndEveryDescribedOperationIsRouted(Vertx vertx) throws Exception {
    Set<String> routed = new TreeSet<>();
    for (Route route : web.routes()) {
      String path = route.getPath();
      if (path == null || route.methods() == null || route.methods().isEmpty() || !isApi(path)) {
        continue;
      }
      for (HttpMethod method : route.methods()) {
        routed.add(method.name().toLowerCase(Locale.ROOT) + " " + path.replaceAll(":([A-Za-z]+)", "{$1}"));
      }
    }

    Set<String> described = new TreeSet<>();
    JsonNode paths = new ObjectMapper(new YAMLFactory()).readTree(served(vertx).getBytes()).get("paths");
    paths.fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(operation -> {
      if (OPERATIONS.contains(operation)) {
        described.add(operation + " " + path.getKey());
      }
    }));

    assertThat(routed).as("routes of the web server").isNotEmpty().isEqualTo(described);
  }

  private static boolean isApi(String path) {
    return (path.startsWith("/api/") || path.startsWith("/ingest/") || path.equals("/metrics"))
        && !path.endsWith("/") && !NOT_REST.contains(path);
  }

  /** The document as the server serves it. */
  private Buffer served(Vertx vertx) throws Exception {
    // kept in a field until the answer is in: Vert.x closes a client that nothing references any more
    http = vertx.createHttpClient();
    return await(OnContext.run(vertx, () -> http.request(HttpMethod.GET, web.actualPort(), "127.0.0.1", "/api/openapi.yaml")
        .compose(request -> request.putHeader("Authorization", WebFixture.basic("admin")).send())
        .compose(response -> {
          assertThat(response.statusCode()).isEqualTo(200);
          assertThat(response.getHeader("Content-Type")).startsWith("application/yaml");
          return response.body();
        })));
  }

}
