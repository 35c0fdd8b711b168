package io.footfall.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HandCountsTest {

  @TempDir
  Path tmp;

  private static long at(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  @Test
  void aBrnoCsvIsShiftedSoThatItsFirstRowIsTheCapturesFirstProbeRoundedToAQuarterHour() throws Exception {
    Path csv = Files.writeString(tmp.resolve("day_ver-99.csv"), """
        datetime;dst;src;src_vendor;randomized;rssi;idx;seq_num;ch_freq;FCfield;ssid;dot11elt;oui;occupancy
        2023-03-16 11:00:00.000;ff;aa;;1;-60;0;1;2412;;;[];[];0.0
        2023-03-16 11:05:00.000;ff;aa;;1;-60;1;2;2412;;;[];[];10.0
        2023-03-16 11:15:00.000;ff;aa;;1;-60;2;3;2412;;;[];[];10.0
        """);
    // the capture's first probe, UTC, came 2.5 s after the local 11:00 minus an hour
    HandCounts counts = HandCounts.read(csv, at("2023-03-16T10:00:02.500Z"), "lab");

    assertThat(counts.firstMs()).isEqualTo(at("2023-03-16T10:00:00Z"));
    assertThat(counts.lastMs()).isEqualTo(at("2023-03-16T10:15:00Z"));
    // 0 people for 5 minutes then 10 for 5 minutes
    assertThat(counts.mean(at("2023-03-16T10:00:00Z"), at("2023-03-16T10:10:00Z"))).isEqualTo(5.0);
  }

  @Test
  void countsOfSeveralZonesAddUpAndAPeriodTheyDoNotCoverIsUnknown() throws Exception {
    Path file = Files.writeString(tmp.resolve("counts.csv"), """
        time,zone,people
        2025-03-04T10:00:00Z,store-a,4
        2025-03-04T10:00:00Z,store-b,2
        2025-03-04T10:30:00Z,store-a,6
        2025-03-04T11:00:00Z,store-a,0
        2025-03-04T11:00:00Z,store-b,0
        """);
    HandCounts counts = HandCounts.read(file, 0, "ignored");

    assertThat(counts.mean(at("2025-03-04T10:20:00Z"), at("2025-03-04T10:40:00Z"))).isEqualTo(5.0 + 2.0);
    assertThat(counts.mean(at("2025-03-04T10:50:00Z"), at("2025-03-04T11:20:00Z"))).isNaN();
  }

  @Test
  void anUnknownHeaderIsRefusedWithTheFormatsItCouldHaveBeen() throws Exception {
    Path file = Files.writeString(tmp.resolve("counts.csv"), "when,people\n2025-03-04T10:00:00Z,3\n");

    assertThatThrownBy(() -> HandCounts.read(file, 0, "room")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("time,zone,people");
  }
}
