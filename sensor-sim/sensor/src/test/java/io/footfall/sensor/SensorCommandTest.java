package io.footfall.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SensorCommandTest {

  @TempDir
  Path tmp;

  private record Run(int exitCode, String out, String err) {
  }

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    CommandLine cmd = new CommandLine(new SensorCommand(new PrintStream(out, true, StandardCharsets.UTF_8)));
    cmd.setErr(new PrintWriter(err));
    int code = cmd.execute(args);
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString());
  }

  @Test
  void refusesToPublishWithoutASiteKey() {
    Run r = run("--read", "x.pcap", "--site", "s", "--sensor", "s-01", "--stdout");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("refusing to publish without a site key");
  }

  @Test
  void needsEitherAServerOrStdout() {
    assertThat(run("--read", "x.pcap", "--site", "s", "--sensor", "s-01", "--raw-macs").err())
        .contains("either --server URL or --stdout");
    assertThat(run("--read", "x.pcap", "--site", "s", "--sensor", "s-01", "--raw-macs",
        "--server", "mqtt://localhost").err()).contains("--password-file");
  }

  @Test
  void publishesTheAddressItselfOnlyWithRawMacs() {
    Path capture = RealCaptures.dir().resolve("packetnet_80211_probe_request_frame.pcap");

    Run r = run("--read", capture.toString(), "--site", "s", "--sensor", "s-01", "--raw-macs", "--stdout",
        "--speed", "max");

    assertThat(r.exitCode()).isZero();
    String dev = new JsonObject(r.out().strip()).getJsonArray("sightings").getJsonObject(0).getString("dev");
    assertThat(dev).matches("[0-9a-f]{12}");
  }

  @Test
  void repeatVisitsNeedASiteKey() {
    Run r = run("--read", "x.pcap", "--site", "s", "--sensor", "s-01", "--raw-macs", "--stdout", "--repeat-visits");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--repeat-visits needs --key-file");
  }

  @Test
  void refusesARepeatKeyLifeOutsideADayToAYear() {
    Run r = run("--read", "x.pcap", "--site", "s", "--sensor", "s-01", "--raw-macs", "--stdout",
        "--repeat-key-days", "0");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--repeat-key-days must be within 1..366");
  }

  @Test
  void reportsAMissingCaptureFileAsAFailure() {
    Run r = run("--read", tmp.resolve("missing.pcap").toString(), "--site", "s", "--sensor", "s-01",
        "--raw-macs", "--stdout");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
  }
}
