package io.footfall.app;

import static io.footfall.testkit.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.footfall.sim.SimOptions;
import io.footfall.sim.SimRun;
import io.footfall.sim.SimRunner;
import io.footfall.wire.Sighting;
import io.footfall.wire.Topics;
import io.footfall.wire.WireEncoder;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.Pdf;
import org.openqa.selenium.PrintsPage;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.print.PageSize;
import org.openqa.selenium.print.PrintOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboards in a real browser (Debian's headless Chromium through Selenium) against a whole demo node:
 * MQTT in, the control room, the store manager's page and daily report, history, and a server restart. Saves screenshots of every
 * view under {@code target/screenshots/}. Skipped when chromium or chromedriver is not installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final String SITE = "demo-mall";
  private static final String SENSOR = "s-01";
  private static final String SENSOR_ZONE = "entrance-west";
  private static final String STORE = "store-northwind";
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir
  static Path dataDir;

  private Vertx vertx;
  private FootfallNode node;
  private SimRun sim;
  private WebDriver browser;
  private int httpPort;
  private int mqttPort;

  @BeforeAll
  void start() throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "browser tests need Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver)");
    httpPort = freePort();
    mqttPort = freePort();
    vertx = Vertx.vertx();
    node = startNode();
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments(
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--window-size=1920,1080", "--user-data-dir=" + Files.createTempDirectory(dataDir, "chromium"));
    // the page's console, read by assertNoConsoleErrors
    options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
    Files.createDirectories(SCREENSHOTS);
    resize(1920, 1080);
  }

  @AfterAll
  void stop() throws Exception {
    BrowserRun.stop(browser, sim, node, vertx);
  }

  @Test
  @Order(1)
  void controlRoomShowsEveryZoneAndAZoneChangesWhenSightingsArriveOverMqtt() throws Exception {
    login("control", "/");
    int zones = node.sites().get(0).zones().size();
    waitFor(d -> d.findElements(By.cssSelector("svg polygon.zone")).size() == zones);
    waitFor(d -> "live".equals(connectionState()));
    assertThat(zoneCount(SENSOR_ZONE)).isEqualTo("0");

    LOG.info("control room shows every zone");
    MqttClient sensor = await(connectSensor());
    await(publish(sensor, devices(5, afternoon().toEpochMilli() - 30_000)));

    waitFor(d -> "5".equals(zoneCount(SENSOR_ZONE)));
    await(sensor.disconnect());
    assertNoScrolling();
  }

  @Test
  @Order(2)
  void theHeatLayerGlowsAroundTheSensorThatHearsDevicesAndNowhereElse() throws Exception {
    // GIVEN the five devices of the test before, heard by s-01 at (5, 30) on the ground floor, and nothing else
    // WHEN the wall is opened with the heat layer on
    browser.get(url("/?heat=1"));
    waitFor(d -> "live".equals(connectionState()));
    waitFor(d -> d.findElements(By.cssSelector("#floors.heat-on svg image.heat[data-floor='G']")).stream()
        .allMatch(image -> String.valueOf(image.getAttribute("href")).startsWith("data:image/png")));

    // THEN the heat picture is coloured at the sensor, fades with distance, and is empty in a far store and
    // off the floor (the ground floor has no zone in its top-left corner)
    waitFor(d -> heatAlpha("G", 5, 30) > 0);
    assertThat(heatAlpha("G", 5, 30)).as("at the sensor").isGreaterThan(heatAlpha("G", 12, 30));
    assertThat(heatAlpha("G", 72.5, 12.5)).as("in Café Aroma, where no device is").isZero();
    assertThat(heatAlpha("G", 5, 5)).as("off the floor's outline").isZero();
    assertThat(heatAlpha("1", 10, 30)).as("at a first-floor sensor that heard nothing").isZero();
    assertThat(text("legend-title")).startsWithIgnoringCase("heat");
    assertThat(browser.findElements(By.cssSelector("#legend svg linearGradient stop"))).hasSizeGreaterThan(2);
    assertNoScrolling();
    browser.get(url("/"));
  }

  /** The opacity (0-255) of a floor's heat picture at a point of the floor, in metres. */
  private long heatAlpha(String floor, double x, double y) {
    return (Long) ((JavascriptExecutor) browser).executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "const image = document.querySelector(`image.heat[data-floor='${arguments[0]}']`);"
            + "const cols = Number(image.dataset.cols), rows = Number(image.dataset.rows);"
            + "const picture = new Image();"
            + "picture.onload = () => { const canvas = document.createElement('canvas');"
            + " canvas.width = cols; canvas.height = rows; const ctx = canvas.getContext('2d');"
            + " ctx.drawImage(picture, 0, 0);"
            + " const c = Math.floor(arguments[1] / image.width.baseVal.value * cols);"
            + " const r = Math.floor(arguments[2] / image.height.baseVal.value * rows);"
            + " done(ctx.getImageData(c, r, 1, 1).data[3]); };"
            + "picture.onerror = () => done(-1);"
            + "picture.src = image.getAttribute('href');", floor, x, y);
  }

  /** A wall screen never scrolls. */
  private void assertNoScrolling() {
    assertThat((Boolean) js("return document.documentElement.scrollHeight <= window.innerHeight"
        + " && document.documentElement.scrollWidth <= window.innerWidth")).isTrue();
  }

  @Test
  @Order(3)
  void theControlRoomShowsTotalsFlowsAndTheHeatLayerOfTheSimulatedMall() throws Exception {
    sim = await(SimRunner.start(vertx, node.sites().get(0),
        SimOptions.demo("127.0.0.1", mqttPort).withStart(afternoon()).withSpeed(10)));
    browser.navigate().refresh();
    waitFor(d -> "live".equals(connectionState()));
    waitFor(d -> d.findElements(By.cssSelector("svg circle.sensor.online")).size() > 5);
    waitFor(d -> number("total") > 100);

    // THEN the site totals: estimated people with the band of the estimate, and today's visitors of the site
    waitFor(d -> number("people") > 0 && text("people-band").startsWith("between"));
    waitFor(d -> text("visitors-today").matches("[0-9,]+"));
    assertThat(text("people-factor")).isEqualTo("not calibrated: 1 device ≈ 1 person");
    // AND a Sankey of the movements between zones, live from the engine (k-anonymous cells are only counted)
    // (more moves than the five devices of the test before: the simulated shoppers')
    waitFor(d -> Integer.parseInt(d.findElement(By.id("flows-chart")).getAttribute("data-links")) > 2
        && Integer.parseInt(d.findElement(By.id("flows-chart")).getAttribute("data-moves")) > 50);
    assertThat(text("flows-note")).matches("last (15 minutes|hour): the [0-9]+ largest of .*");
    assertThat(fetchStatus("/api/sites/" + SITE + "/flows/recent?minutes=60")).isEqualTo(200);
    assertThat(fetchStatus("/api/sites/" + SITE + "/flows/recent?minutes=61")).isEqualTo(400);
    clearConsole();
    assertNoScrolling();
    screenshot("control-room-1920x1080");

    // WHEN the heat layer is switched on THEN every floor gets a heat picture and the zones go dark under it
    browser.findElement(By.id("heat-toggle")).click();
    waitFor(d -> d.findElements(By.cssSelector("#floors.heat-on svg image.heat")).stream()
        .allMatch(image -> String.valueOf(image.getAttribute("href")).startsWith("data:image/png")));
    assertThat(browser.findElements(By.cssSelector("svg image.heat"))).hasSize(node.sites().get(0).floors().size());
    assertThat(text("legend-title")).startsWithIgnoringCase("heat");
    screenshot("control-room-heat-1920x1080");
    browser.findElement(By.id("heat-toggle")).click();
    waitFor(d -> d.findElements(By.cssSelector("#floors.heat-on")).isEmpty());

    resize(1024, 768);
    screenshot("control-room-1024x768");
    resize(768, 1024);
    screenshot("control-room-768x1024");
    resize(1920, 1080);
    assertNoConsoleErrors("the control room");
  }

  @Test
  @Order(4)
  void aStoreManagerSeesTheirStoreAndNothingOfAnother() throws Exception {
    logout();
    login("manager", "/store/" + STORE);
    waitFor(d -> "Northwind Outfitters".equals(d.findElement(By.id("store-name")).getText()));
    waitFor(d -> "live".equals(connectionState()));
    waitFor(d -> !d.findElement(By.id("visitors")).getText().equals("–"));
    assertThat(browser.getPageSource()).doesNotContain("Lumen Electronics").doesNotContain("store-lumen");
    // their store's alerts, which the server lists them (no 403), and in-store-now in estimated people
    waitFor(d -> d.findElement(By.id("alerts")).getText().contains("No alerts")
        || !d.findElements(By.cssSelector("#alerts .alert")).isEmpty());
    assertThat(text("now-detail")).contains("devices heard").contains("of capacity 78");
    resize(768, 1024);
    screenshot("store-768x1024");
    resize(1920, 1080);
    assertNoConsoleErrors("the store page");

    assertThat(fetchStatus("/api/sites/" + SITE + "/zones/store-lumen/series")).isEqualTo(403);
    assertThat(fetchStatus("/api/sites/" + SITE + "/stores/store-lumen/metrics")).isEqualTo(403);
    assertThat(fetchStatus("/api/sites/" + SITE + "/flows/recent")).isEqualTo(403);
    assertThat(fetchStatus("/api/sites/" + SITE + "/zones/" + STORE + "/series")).isEqualTo(200);
    waitFor(d -> d.findElement(By.id("repeat-note")).getText().contains("fixed (globally administered) address"));
    assertThat(fetchStatus("/api/sites/" + SITE + "/repeat?zone=store-lumen")).isEqualTo(403);
    assertThat(fetchStatus("/api/sites/" + SITE + "/repeat?zone=" + STORE)).isEqualTo(200);
    String firstFrame = (String) ((JavascriptExecutor) browser).executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "const ws = new WebSocket(`ws://${location.host}/live?site=" + SITE + "`);"
            + "ws.onmessage = (e) => { done(e.data); ws.close(); };"
            + "ws.onerror = () => done('error');");
    assertThat(firstFrame).contains("\"type\":\"snapshot\"").contains(STORE).doesNotContain("store-lumen")
        .doesNotContain("food-court");

    screenshot("store-1920x1080");
    resize(1024, 768);
    screenshot("store-1024x768");
    resize(390, 844);
    screenshot("store-390x844");
    resize(1920, 1080);
  }

  @Test
  @Order(5)
  void historyComparesZones() throws Exception {
    logout();
    login("admin", "/");
    // a few simulated minutes must be final and stored for the chart to show something: the third is final
    // 20 s (the absence timeout) of simulated time after its end, about 20 s of real time at 10x from the start
    waitFor(Duration.ofSeconds(90), d -> rowCount("/api/sites/" + SITE + "/zones/" + SENSOR_ZONE + "/series?from=" + afternoon().minusSeconds(3600)
        + "&to=" + afternoon().plusSeconds(3600)) >= 3);
    browser.get(url("/history"));
    waitFor(d -> d.findElements(By.cssSelector("#zones input:checked")).size() == 3);
    waitFor(d -> d.findElements(By.cssSelector("#downloads a")).size() == 3);
    assertThat(browser.findElement(By.cssSelector("#downloads a")).getAttribute("href")).contains("format=csv");
    // the simulated minutes, per minute, as average devices
    new Select(browser.findElement(By.id("step"))).selectByValue("minute");
    new Select(browser.findElement(By.id("measure"))).selectByValue("devicesAvg");
    browser.findElement(By.id("show")).click();
    waitFor(d -> d.findElement(By.cssSelector("#downloads a")).getAttribute("href").contains("step=minute"));
    screenshot("history-1920x1080");
    resize(1024, 768);
    screenshot("history-1024x768");
    resize(768, 1024);
    screenshot("history-768x1024");
    resize(1920, 1080);
    assertNoConsoleErrors("history");
  }

  @Test
  @Order(6)
  void theControlRoomRecoversAfterTheServerRestarts() throws Exception {
    browser.get(url("/"));
    waitFor(d -> "live".equals(connectionState()));
    await(sim.stop());
    sim = null;
    await(node.stop());
    waitFor(d -> "reconnecting".equals(connectionState()));
    // the figures on the wall are marked as out of date while the server is away
    waitFor(d -> d.findElement(By.id("stale-banner")).isDisplayed());
    assertThat(text("stale-banner")).contains("reconnecting");

    node = startNode();

    waitFor(d -> "live".equals(connectionState()));
    waitFor(d -> !d.findElement(By.id("stale-banner")).isDisplayed());
    assertThat(browser.getCurrentUrl()).as("still logged in").isEqualTo(url("/"));
    copyToDocs();
  }

  @Test
  @Order(7)
  void anAlertRaisedByTheServerAppearsAndCanBeAcknowledged() throws Exception {
    // GIVEN a crowded zone: far more devices than the capacity of the sensor's zone
    browser.get(url("/"));
    waitFor(d -> "live".equals(connectionState()));
    MqttClient sensor = await(connectSensor());
    await(publish(sensor, devices(400, afternoon().toEpochMilli() + 600_000)));
    // THEN the server's alert shows at once, and acknowledging it records who did
    // a cleared alert (no button) may come first in the list, and the list is redrawn as alerts change: find the
    // button itself and click it in one step
    waitFor(d -> {
      d.findElement(By.cssSelector("#alerts .alert:not(.acked) button.ack")).click();
      return true;
    });
    waitFor(d -> d.findElements(By.cssSelector("#alerts .alert.acked .ack-by")).stream()
        .anyMatch(e -> e.getText().contains("admin") || e.getText().contains("control")));
    await(sensor.disconnect());
  }

  @Test
  @Order(8)
  void aStoreManagersDailyReportShowsTheDaysFiguresAndPrints() throws Exception {
    // GIVEN a store manager on their store page, who follows its link to the report (today's, by default)
    logout();
    login("manager", "/store/" + STORE);
    waitFor(d -> d.findElement(By.id("report-link")).getAttribute("href").contains("/report/store/" + STORE));
    browser.findElement(By.id("report-link")).click();
    waitFor(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
    assertThat(browser.findElement(By.id("store-name")).getText()).isEqualTo("Northwind Outfitters");

    // WHEN they pick the simulated afternoon's day
    ZoneId timezone = ZoneId.of(node.sites().get(0).timezone());
    LocalDate day = LocalDate.ofInstant(afternoon(), timezone);
    browser.get(url("/report/store/" + STORE + "?site=" + SITE + "&date=" + day));
    waitFor(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));

    // THEN the report shows that day's figures as the API has them, with the hourly chart, and prints
    Map<?, ?> metrics = (Map<?, ?>) ((JavascriptExecutor) browser).executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "fetch(arguments[0]).then((r) => r.json()).then(done, () => done(null));",
        "/api/sites/" + SITE + "/stores/" + STORE + "/metrics?from=" + day.atStartOfDay(timezone).toInstant()
            + "&to=" + day.plusDays(1).atStartOfDay(timezone).toInstant());
    LOG.info("report of the simulated day [visitors: {}, passersBy: {}]", metrics.get("visitors"),
        metrics.get("passersBy"));
    assertThat((Long) metrics.get("passersBy")).as("passers-by of the simulated afternoon").isPositive();
    assertThat(number("visitors")).isEqualTo(metrics.get("visitors"));
    assertThat(number("passers-by")).isEqualTo(metrics.get("passersBy"));
    assertThat(browser.findElement(By.id("subtitle")).getText()).contains(Integer.toString(day.getDayOfMonth()));
    assertThat(browser.findElements(By.cssSelector("#hourly-chart canvas"))).isNotEmpty();
    screenshot("report-1920x1080");
    resize(768, 1024);
    screenshot("report-768x1024");
    resize(1920, 1080);
    assertNoConsoleErrors("the daily report");
    PrintOptions a4 = new PrintOptions();
    a4.setPageSize(new PageSize(29.7, 21.0));
    Pdf pdf = ((PrintsPage) browser).print(a4);
    Files.write(SCREENSHOTS.resolve("report.pdf"), Base64.getDecoder().decode(pdf.getContent()));
  }

  @Test
  @Order(9)
  void theStoreCardsTheirHistoryTheCsvAndTheApiCountTheSameVisitors() throws Exception {
    // GIVEN the simulated afternoon's day, as the API has it: every visitor, fixed and randomized addresses
    ZoneId timezone = ZoneId.of(node.sites().get(0).timezone());
    LocalDate day = LocalDate.ofInstant(afternoon(), timezone);
    browser.get(url("/store/" + STORE + "?site=" + SITE));
    JsonObject metrics = new JsonObject((String) ((JavascriptExecutor) browser).executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "fetch(arguments[0]).then((r) => r.text()).then(done, () => done('null'));",
        "/api/sites/" + SITE + "/stores/" + STORE + "/metrics?from=" + day.atStartOfDay(timezone).toInstant()
            + "&to=" + day.plusDays(1).atStartOfDay(timezone).toInstant()));
    long visitors = metrics.getLong("visitors");
    assertThat(visitors).as("visitors of the simulated afternoon").isPositive();
    assertThat(metrics.getLong("fixedAddressVisitors") + metrics.getLong("random")).isEqualTo(visitors);

    // WHEN the store page draws the last seven days
    waitFor(d -> d.findElement(By.id("history")).getAttribute("data-days") != null);
    JsonObject drawn = new JsonObject(browser.findElement(By.id("history")).getAttribute("data-days"));

    // THEN that day's bar, the page's CSV download and the API give the same visitors
    assertThat(drawn.getLong(day.toString())).isEqualTo(visitors);
    String csv = (String) ((JavascriptExecutor) browser).executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "fetch(document.getElementById('csv').href).then((r) => r.text()).then(done, () => done(''));");
    List<String> lines = csv.lines().toList();
    assertThat(lines.get(0)).startsWith("zone,period,timezone,visitors,");
    long inCsv = lines.stream().skip(1).map(line -> line.split(","))
        .filter(cells -> cells[1].startsWith(day.toString())).mapToLong(cells -> Long.parseLong(cells[3])).sum();
    assertThat(inCsv).as("the CSV's visitors of that day, hours in local time").isEqualTo(visitors);
    assertNoConsoleErrors("the store page");
  }

  @Test
  @Order(10)
  void theControlRoomCalibratesWithAHeadcountAndAnAdminDeletesAWrongOne() throws Exception {
    // GIVEN an admin on the calibration page, the site not calibrated yet
    logout();
    login("admin", "/");
    browser.get(url("/calibration"));
    waitFor(d -> "false".equals(d.findElement(By.id("fits")).getAttribute("data-calibrated")));
    assertThat(text("fits")).contains("Not calibrated");

    // WHEN they count 60 people in Ground Mall Central over the simulated afternoon's first 20 minutes
    new Select(browser.findElement(By.id("zone"))).selectByValue("corridor-g-central");
    js("const local = (ms) => new Date(ms - new Date(ms).getTimezoneOffset() * 60000).toISOString().slice(0, 16);"
        + "document.getElementById('from').value = local(" + afternoon().toEpochMilli() + ");"
        + "document.getElementById('to').value = local(" + afternoon().plusSeconds(1200).toEpochMilli() + ");");
    browser.findElement(By.id("people")).sendKeys("60");
    browser.findElement(By.id("add")).click();

    // THEN the model is fitted to it, and the count is listed with the devices heard in that period
    waitFor(d -> "true".equals(d.findElement(By.id("fits")).getAttribute("data-calibrated")));
    assertThat(text("fits")).contains("every hour");
    waitFor(d -> d.findElements(By.cssSelector("#counts tr[data-id]")).size() == 1);
    assertThat(text("counts")).contains("Ground Mall Central").contains("60");
    screenshot("calibration-1920x1080");
    resize(768, 1024);
    screenshot("calibration-768x1024");
    resize(1920, 1080);

    // WHEN the admin deletes it THEN the site is back to one device per person
    browser.findElement(By.cssSelector("#counts tr[data-id] button.delete")).click();
    waitFor(d -> d.findElements(By.cssSelector("#counts tr[data-id]")).isEmpty());
    waitFor(d -> "false".equals(d.findElement(By.id("fits")).getAttribute("data-calibrated")));
    assertNoConsoleErrors("the calibration page");
  }

  /** No error in the page's console since the last look (a look empties it). */
  private void assertNoConsoleErrors(String page) {
    List<String> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage).toList();
    assertThat(errors).as("console errors on %s", page).isEmpty();
  }

  /** Forgets what the console holds: requests the test makes on purpose (a 403) log errors of their own. */
  private void clearConsole() {
    browser.manage().logs().get(LogType.BROWSER);
  }

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DashboardBrowserTest.class);

  /**
   * Yesterday mid-afternoon, when the simulated mall is busy, so that the pictures show it at work. Event time
   * starts there and, with the idle advance off, stays with the data instead of jumping to the wall clock.
   */
  private Instant afternoon() {
    ZoneId timezone = ZoneId.of(node.sites().get(0).timezone());
    return LocalDate.now(timezone).minusDays(1).atTime(15, 0).atZone(timezone).toInstant();
  }

  private FootfallNode startNode() throws Exception {
    Map<String, String> settings = new java.util.HashMap<>(Map.of(
        "dataDir", dataDir.toString(),
        "http.port", Integer.toString(httpPort),
        "http.host", "127.0.0.1",
        "mqtt.port", Integer.toString(mqttPort),
        "mqtt.host", "127.0.0.1",
        "engine.allowedLatenessMs", "0",
        "engine.idleAdvanceMs", "86400000",
        "engine.absenceTimeoutMs", "20000",
        "engine.exitGraceMs", "10000"));
    // visits shortened like the absence timeout, so that the simulated afternoon has store and site visitors
    settings.put("metrics.minStoreVisitMs", "15000");
    settings.put("metrics.minSiteVisitMs", "30000");
    FootfallConfig config = FootfallConfig.load(null, Map.of(), settings);
    return await(FootfallNode.start(vertx, config, true));
  }

  private void login(String user, String expectedPath) {
    LOG.info("browser logs in [user: {}]", user);
    browser.get(url("/login.html"));
    browser.findElement(By.id("name")).sendKeys(user);
    browser.findElement(By.id("password")).sendKeys("demo");
    // the login page asks who is logged in and is told nobody (401), an error in its console by design
    clearConsole();
    browser.findElement(By.id("submit")).click();
    waitFor(ExpectedConditions.urlToBe(url(expectedPath)));
  }

  private void logout() {
    browser.findElement(By.id("logout")).click();
    waitFor(ExpectedConditions.urlContains("/login.html"));
  }

  private String connectionState() {
    return browser.findElement(By.id("connection")).getAttribute("data-state");
  }

  private String text(String id) {
    return browser.findElement(By.id(id)).getText();
  }

  private long number(String id) {
    return Long.parseLong(text(id).replace(",", ""));
  }

  private String zoneCount(String zone) {
    return browser.findElement(By.cssSelector("text.zone-count[data-zone='" + zone + "']")).getText();
  }

  private long fetchStatus(String path) {
    return (Long) ((JavascriptExecutor) browser).executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "fetch(arguments[0]).then((r) => done(r.status), () => done(-1));", path);
  }

  private long rowCount(String path) {
    return (Long) ((JavascriptExecutor) browser).executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "fetch(arguments[0]).then((r) => r.json()).then((rows) => done(rows.length), () => done(-1));", path);
  }

  private Object js(String script) {
    return ((JavascriptExecutor) browser).executeScript(script);
  }

  /** Sizes the viewport (not the window, which includes the browser's own bars) to the given size. */
  private void resize(int width, int height) {
    browser.manage().window().setSize(new Dimension(width, height));
    long innerWidth = (Long) js("return window.innerWidth");
    long innerHeight = (Long) js("return window.innerHeight");
    browser.manage().window().setSize(new Dimension(2 * width - (int) innerWidth, 2 * height - (int) innerHeight));
  }

  private void waitFor(java.util.function.Function<WebDriver, ?> condition) {
    waitFor(WAIT, condition);
  }

  private void waitFor(Duration wait, java.util.function.Function<WebDriver, ?> condition) {
    new WebDriverWait(browser, wait).ignoring(RuntimeException.class).until(condition::apply);
  }

  private void screenshot(String name) throws IOException {
    // let charts redraw after a resize: wait for two animation frames rather than a fixed time
    ((JavascriptExecutor) browser).executeAsyncScript(
        "const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done()));");
    File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * The README's pictures, refreshed from this run only when asked ({@code -Dfootfall.screenshots=docs}), so that a
   * test run never changes the checkout.
   */
  private static void copyToDocs() throws IOException {
    Path docs = Path.of("docs", "images");
    if (!"docs".equals(System.getProperty("footfall.screenshots")) || !Files.isDirectory(docs)) {
      return;
    }
    for (String[] pair : new String[][] {{"control-room-1920x1080", "control-room"},
        {"control-room-heat-1920x1080", "control-room-heat"}, {"store-1024x768", "store-tablet"},
        {"history-1920x1080", "history"}}) {
      Path shot = SCREENSHOTS.resolve(pair[0] + ".png");
      if (Files.exists(shot)) {
        Files.copy(shot, docs.resolve(pair[1] + ".png"), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  private String url(String path) {
    return "http://127.0.0.1:" + httpPort + path;
  }

  private Future<MqttClient> connectSensor() {
    MqttClient client = MqttClient.create(vertx, new MqttClientOptions().setUsername(SENSOR).setPassword("demo")
        .setClientId(SENSOR + "-test"));
    return client.connect(mqttPort, "127.0.0.1").map(ack -> client);
  }

  /** Numbers the test sensor's batches, as a sensor does: the server takes each number once. */
  private static final AtomicLong SEQ = new AtomicLong();

  private static Future<Void> publish(MqttClient client, List<Sighting> sightings) {
    Promise<Void> acked = Promise.promise();
    client.publishCompletionHandler(id -> acked.tryComplete());
    return client.publish(Topics.sightings(SITE, SENSOR),
        Buffer.buffer(WireEncoder.batch(SENSOR, SEQ.incrementAndGet(), sightings)),
        MqttQoS.AT_LEAST_ONCE, false, false).compose(id -> acked.future());
  }

  private static List<Sighting> devices(int n, long ts) {
    List<Sighting> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(Sighting.of(String.format("%016x", 0xb0550000L + i), -50, ts + i));
    }
    return list;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

}
