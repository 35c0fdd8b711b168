package io.footfall.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.footfall.site.SensorSpec;
import io.footfall.site.Site;
import io.footfall.site.SiteLoader;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code footfall validate} on a real manual-count day: the 2023-03-16 lecture of the Brno lab (../shared/realdata,
 * skipped without it) replayed by the sensor agent over MQTT into a real node with embedded PostgreSQL, the lab's
 * PCs listed as fixed devices in the site file, the sensor's own RSSI floor set there by the validation config,
 * one 10-minute window used for calibration.
 */
class ValidateCommandTest {

  private static final String DAY = "sc6-61_2023-03-16";

  @TempDir
  Path tmp;

  @Test
  void scoresEveryWindowButTheCalibrationOneForFootfallAndTheNaiveBaseline() throws Exception {
    Path dir = Path.of(System.getProperty("user.dir")).resolve("../shared/realdata/brno").normalize();
    Path pcap = dir.resolve(DAY + "_anonymized.pcap");
    assumeTrue(Files.isRegularFile(pcap), "Brno captures not found at " + dir
        + " (../shared/realdata/brno relative to the project): skipping");
    Path json = tmp.resolve("validate.json");

    int code = new CommandLine(new ValidateCommand()).execute("--capture", pcap.toString(),
        "--counts", dir.resolve(DAY + "_ver-99.csv").toString(),
        "--calibrate", "2023-03-16T10:10:00Z/2023-03-16T10:20:00Z",
        "--fixed-macs", Path.of("deploy/validate/brno-fixed-pcs.txt").toString(),
        "--config", Path.of("deploy/validate/rssi-floor-70.yaml").toString(),
        "--background", "1", "--exponent", "0.2",
        "--work-dir", tmp.resolve("work").toString(), "--json", json.toString());

    assertThat(code).isZero();
    // the node ran the site file a site engineer would write: the lab's 14 PCs as fixed devices (pseudonyms), the
    // sensor's floor from deploy/validate/rssi-floor-70.yaml
    try (var files = Files.walk(tmp.resolve("work"))) {
      Site site = SiteLoader.load(files.filter(f -> f.getFileName().toString().equals("site.yaml")).findFirst()
          .orElseThrow());
      assertThat(site.fixedDevices().devices()).hasSize(14);
      assertThat(site.sensors()).singleElement().extracting(SensorSpec::rssiFloorDbm).isEqualTo(-70);
    }
    JsonObject result = new JsonObject(Files.readString(json));
    JsonObject calibration = result.getJsonArray("calibration").getJsonObject(0);
    // the hand count says 15 people throughout that window; footfall's node heard the room's phones
    assertThat(calibration.getDouble("people")).isEqualTo(15.0);
    assertThat(calibration.getDouble("estimatedDevices")).isPositive();
    // one count: the factor alone, with the model given, and nothing left out to cross-validate with
    JsonObject fit = result.getJsonArray("fits").getJsonObject(0);
    assertThat(result.getJsonArray("fits")).hasSize(1);
    assertThat(fit.getInteger("points")).isEqualTo(1);
    assertThat(fit.getDouble("backgroundDevices")).isEqualTo(1.0);
    assertThat(fit.getDouble("exponent")).isEqualTo(0.2);
    assertThat(fit.getValue("cvRmse")).isNull();
    // 11:04-12:44 local: ten windows from 10:00 UTC, the calibration window left out
    assertThat(result.getJsonArray("windows")).hasSize(9)
        .noneMatch(w -> ((JsonObject) w).getString("start").equals("2023-03-16T10:10:00Z"));
    for (String who : new String[] {"footfall", "naive"}) {
      JsonObject score = result.getJsonObject(who);
      assertThat(score.getInteger("windows")).isEqualTo(9);
      assertThat(score.getDouble("mae")).isNotNull().isNotNegative();
      assertThat(score.getDouble("mapePercent")).isNotNull();
    }
  }
}
