package io.footfall.app;

import static io.footfall.testkit.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.footfall.sim.SimOptions;
import io.footfall.sim.SimRun;
import io.footfall.sim.SimRunner;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An accelerated soak of the control-room wall: a demo node with the simulator at 20x and a frame pushed every 50 ms
 * (ten times a real wall's rate), the heat layer on and the flows panel alternating, watched in headless Chromium.
 * Every 30 s it forces a garbage collection through the DevTools protocol and samples the page's JS heap, its DOM
 * node count and its ECharts instances; after a warm-up none of them may trend upward nor leave a bound. Then it
 * checks what a wall needs when things go wrong: the data stops (the page says it is stale), the server restarts (the
 * page says it is reconnecting, comes back live on its own and takes frames again). Samples are printed and saved to
 * {@code target/soak/wall-samples.csv}. Excluded from the normal build: run with {@code mvn -B verify -Psoak}
 * ({@code -Dfootfall.soak.minutes=N} after the 1-minute warm-up; 30 by default, about 35 minutes in all).
 */
@Tag("soak")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WallSoakTest {

  private static final Logger LOG = LoggerFactory.getLogger(WallSoakTest.class);
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SAMPLES = Path.of("target", "soak", "wall-samples.csv");
  private static final Duration WARM_UP = Duration.ofSeconds(60);
  private static final Duration EVERY = Duration.ofSeconds(30);
  private static final long DEFAULT_MINUTES = 30;
  /** The simulator's speed: simulated seconds per second. */
  private static final int SPEED = 20;
  /** The last third's median heap may exceed the first third's by this fraction (GC and JIT noise), no more. */
  private static final double HEAP_MARGIN = 0.20;
  /**
   * No single sample's heap may exceed the first third's median by more than this fraction: even after a forced
   * GC a sample now and then catches a heat picture or a chart redraw in flight (up to +60 % in a 15-minute run).
   */
  private static final double HEAP_BOUND = 1.0;
  /** live.js calls the page stale after 10 s without a frame; a few seconds more for its 1-second check. */
  private static final Duration STALE_WITHIN = Duration.ofSeconds(30);
  /** The page's reconnect backoff is capped at 15 s. */
  private static final Duration BACK_WITHIN = Duration.ofSeconds(60);
  /** alerts.js keeps the newest 50. */
  private static final long MAX_ALERTS = 50;
  /** Counts everything the page receives, installed before any of the page's own scripts run. */
  private static final String FRAME_COUNTER = "(() => { const Native = window.WebSocket; window.__frames = 0;"
      + " window.WebSocket = class extends Native { constructor(...args) { super(...args);"
      + " this.addEventListener('message', () => { window.__frames += 1; }); } }; })();";

  @TempDir
  static Path dataDir;

  private Vertx vertx;
  private FootfallNode node;
  private SimRun sim;
  private ChromeDriver browser;
  private int httpPort;
  private int mqttPort;
  private Instant simStart;

  /** One sample of the page, after a forced garbage collection. */
  record Sample(long elapsedSeconds, long frames, long heapUsedBytes, long domNodes, long alertNodes, long alerts,
      long charts) {
    /** The page's nodes but the alert list's, which grows by design up to its cap of 50 alerts. */
    long pageNodes() {
      return domNodes - alertNodes;
    }

    String csv() {
      return elapsedSeconds + "," + frames + "," + heapUsedBytes + "," + domNodes + "," + alertNodes + "," + alerts
          + "," + charts;
    }
  }

  @BeforeAll
  void start() throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "the soak needs Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver)");
    httpPort = freePort();
    mqttPort = freePort();
    vertx = Vertx.vertx();
    node = startNode();
    simStart = busyStart();
    sim = startSim(simStart);
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments(
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--window-size=1920,1080", "--user-data-dir=" + Files.createTempDirectory(dataDir, "chromium"));
    browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build(), options);
    browser.executeCdpCommand("Page.enable", Map.of());
    browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", FRAME_COUNTER));
  }

  @AfterAll
  void stop() throws Exception {
    BrowserRun.stop(browser, sim, node, vertx);
  }

  @Test
  // the soak's length is set by footfall.soak.minutes, so the suite's 3-minute default cannot apply
  @Timeout(value = 24, unit = TimeUnit.HOURS)
  void theWallKeepsItsHeapAndDomFlatUnderTenTimesTheFrameRate() throws Exception {
    // GIVEN the wall, logged in, with the heat layer on, live and busy
    login();
    browser.get(url("/?heat=1"));
    waitFor(Duration.ofSeconds(30), d -> "live".equals(
        d.findElement(By.id("connection")).getAttribute("data-state")));
    waitFor(Duration.ofSeconds(60), d -> d.findElements(By.cssSelector("#floors.heat-on svg image.heat")).stream()
        .allMatch(image -> String.valueOf(image.getAttribute("href")).startsWith("data:image/png")));

    // WHEN it runs for the soak's length after a warm-up, sampled every 30 s
    long minutes = minutes();
    Instant begin = Instant.now();
    sleepUntil(begin.plus(WARM_UP));
    List<Sample> samples = new ArrayList<>();
    for (Duration at = WARM_UP; at.compareTo(WARM_UP.plusMinutes(minutes)) <= 0; at = at.plus(EVERY)) {
      sleepUntil(begin.plus(at));
      Sample sample = sample(at.toSeconds());
      samples.add(sample);
      LOG.info("wall sample [at: {} s, frames: {}, heap: {} KiB, dom nodes: {}, alerts: {}, charts: {}]",
          sample.elapsedSeconds(), sample.frames(), sample.heapUsedBytes() / 1024, sample.domNodes(), sample.alerts(),
          sample.charts());
    }
    save(samples);

    // THEN it kept receiving, and neither the heap nor the DOM nor the charts grew
    assertThat(connectionState()).isEqualTo("live");
    assertThat(samples.get(samples.size() - 1).frames() - samples.get(0).frames())
        .as("frames received during the soak").isGreaterThan(minutes * 60 * 2);
    int third = Math.max(1, samples.size() / 3);
    List<Sample> first = samples.subList(0, third);
    List<Sample> last = samples.subList(samples.size() - third, samples.size());
    long firstHeap = median(first.stream().mapToLong(Sample::heapUsedBytes).toArray());
    long lastHeap = median(last.stream().mapToLong(Sample::heapUsedBytes).toArray());
    assertThat(lastHeap).as("median heap of the last third vs the first third (%d bytes)", firstHeap)
        .isLessThanOrEqualTo((long) (firstHeap * (1 + HEAP_MARGIN)));
    assertThat(samples).as("heap of every sample within %d%% of the first third's median (%d bytes)",
            Math.round(HEAP_BOUND * 100), firstHeap)
        .allSatisfy(s -> assertThat(s.heapUsedBytes()).isLessThanOrEqualTo((long) (firstHeap * (1 + HEAP_BOUND))));
    long firstNodes = median(first.stream().mapToLong(Sample::pageNodes).toArray());
    assertThat(samples).as("DOM nodes but the alerts' bounded by the first third's median (%d) + 5%%", firstNodes)
        .allSatisfy(s -> assertThat(s.pageNodes()).isLessThanOrEqualTo(firstNodes + firstNodes / 20));
    assertThat(samples).as("alerts listed").allSatisfy(s -> assertThat(s.alerts()).isLessThanOrEqualTo(MAX_ALERTS));
    assertThat(samples).as("ECharts instances").allSatisfy(s -> assertThat(s.charts()).isEqualTo(samples.get(0).charts()));

    // AND WHEN the data stops, THEN the wall says so within seconds
    Sample beforeOutage = sample(Duration.between(begin, Instant.now()).toSeconds());
    await(sim.stop());
    sim = null;
    waitFor(STALE_WITHIN, d -> "stale".equals(connectionState()) && bannerShows("no new data"));
    LOG.info("wall shows stale data [banner: {}]", browser.findElement(By.id("stale-banner")).getText());

    // AND WHEN the server goes away and comes back, THEN the wall says it is reconnecting, is live again on its own
    // and takes frames again once there is data
    await(node.stop());
    node = null;
    waitFor(STALE_WITHIN, d -> "reconnecting".equals(connectionState()) && bannerShows("reconnecting"));
    Instant restartAt = Instant.now();
    node = startNode();
    waitFor(BACK_WITHIN, d -> "live".equals(connectionState())
        && !d.findElement(By.id("stale-banner")).isDisplayed());
    LOG.info("wall live again [seconds after the restart: {}]", Duration.between(restartAt, Instant.now()).toSeconds());
    sim = startSim(simStart.plus(Duration.between(begin, Instant.now()).plusMinutes(2).multipliedBy(SPEED)));
    long framesBack = sample(0).frames();
    waitFor(BACK_WITHIN, d -> ((Number) js("return window.__frames")).longValue() > framesBack + 100);
    assertThat(connectionState()).isEqualTo("live");
    assertThat(browser.getCurrentUrl()).as("still logged in").isEqualTo(url("/?heat=1"));

    // AND the recovery left the page as lean as before
    Sample afterRecovery = sample(Duration.between(begin, Instant.now()).toSeconds());
    LOG.info("wall after recovery [heap: {} KiB (before the outage {} KiB), dom nodes: {} (before {})]",
        afterRecovery.heapUsedBytes() / 1024, beforeOutage.heapUsedBytes() / 1024, afterRecovery.pageNodes(),
        beforeOutage.pageNodes());
    assertThat(afterRecovery.pageNodes()).as("DOM nodes but the alerts' after the recovery")
        .isLessThanOrEqualTo(firstNodes + firstNodes / 20);
    assertThat(afterRecovery.charts()).isEqualTo(samples.get(0).charts());
    assertThat(afterRecovery.heapUsedBytes()).as("heap after the recovery")
        .isLessThanOrEqualTo((long) (firstHeap * (1 + HEAP_BOUND)));
  }

  /**
   * The simulated day starts at 10:00, when the mall fills up (a night-time start sends the page a fraction of the
   * frames), and ends before the wall clock however long the soak: the latest 10:00 that leaves room for it.
   */
  private Instant busyStart() {
    ZoneId timezone = ZoneId.of(node.sites().get(0).timezone());
    Instant latest = Instant.now().minus(Duration.ofMinutes(minutes() + 10).multipliedBy(SPEED));
    ZonedDateTime start = latest.atZone(timezone).toLocalDate().atTime(10, 0).atZone(timezone);
    return (start.toInstant().isAfter(latest) ? start.minusDays(1) : start).toInstant();
  }

  private static long minutes() {
    return Long.getLong("footfall.soak.minutes", DEFAULT_MINUTES);
  }

  private FootfallNode startNode() throws Exception {
    return await(FootfallNode.start(vertx, FootfallConfig.load(null, Map.of(), Map.of(
        "dataDir", dataDir.toString(),
        "http.port", Integer.toString(httpPort),
        "http.host", "127.0.0.1",
        "http.pushIntervalMs", "50",
        "engine.publishIntervalMs", "50",
        "mqtt.port", Integer.toString(mqttPort),
        "mqtt.host", "127.0.0.1",
        "engine.allowedLatenessMs", "0",
        "engine.idleAdvanceMs", "86400000")), true));
  }

  private SimRun startSim(Instant start) throws Exception {
    return await(SimRunner.start(vertx, node.sites().get(0),
        SimOptions.demo("127.0.0.1", mqttPort).withStart(start).withSpeed(SPEED)));
  }

  private boolean bannerShows(String text) {
    return browser.findElement(By.id("stale-banner")).isDisplayed()
        && browser.findElement(By.id("stale-banner")).getText().contains(text);
  }

  private Sample sample(long elapsedSeconds) {
    browser.executeCdpCommand("HeapProfiler.collectGarbage", Map.of());
    Map<String, Object> heap = browser.executeCdpCommand("Runtime.getHeapUsage", Map.of());
    return new Sample(elapsedSeconds,
        ((Number) js("return window.__frames")).longValue(),
        ((Number) heap.get("usedSize")).longValue(),
        ((Number) js("return document.getElementsByTagName('*').length")).longValue(),
        ((Number) js("return document.querySelectorAll('#alerts *').length")).longValue(),
        ((Number) js("return document.querySelectorAll('#alerts .alert').length")).longValue(),
        // every ECharts instance marks its container with this attribute
        ((Number) js("return document.querySelectorAll('[_echarts_instance_]').length")).longValue());
  }

  private static void save(List<Sample> samples) throws IOException {
    Files.createDirectories(SAMPLES.getParent());
    List<String> lines = new ArrayList<>(
        List.of("elapsed_s,frames,heap_used_bytes,dom_nodes,alert_nodes,alerts,echarts"));
    samples.forEach(s -> lines.add(s.csv()));
    Files.write(SAMPLES, lines);
    System.out.println(String.join(System.lineSeparator(), lines));
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  /** The soak's clock: samples are taken at fixed times after the start, whatever sampling itself costs. */
  private static void sleepUntil(Instant when) throws InterruptedException {
    long millis = Duration.between(Instant.now(), when).toMillis();
    if (millis > 0) {
      Thread.sleep(millis);
    }
  }

  private void login() {
    browser.get(url("/login.html"));
    browser.findElement(By.id("name")).sendKeys("control");
    browser.findElement(By.id("password")).sendKeys("demo");
    browser.findElement(By.id("submit")).click();
    waitFor(Duration.ofSeconds(20), ExpectedConditions.urlToBe(url("/")));
  }

  private String connectionState() {
    return browser.findElement(By.id("connection")).getAttribute("data-state");
  }

  private Object js(String script) {
    return ((JavascriptExecutor) browser).executeScript(script);
  }

  private void waitFor(Duration wait, java.util.function.Function<WebDriver, ?> condition) {
    new WebDriverWait(browser, wait).ignoring(RuntimeException.class).until(condition::apply);
  }

  private String url(String path) {
    return "http://127.0.0.1:" + httpPort + path;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

}
