package io.footfall.sensor;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The shared folder of real 802.11 captures and its manifest (see its README.md). */
final class RealCaptures {

  /** One manifest row: what a correct parser finds in the file. */
  record Expected(String file, String linkType, int probeRequests, int distinctSources, int locallyAdministered,
                  int withRssi) {
  }

  private RealCaptures() {
  }

  /** The folder, after skipping the calling test when it is absent. */
  static Path dir() {
    Path dir = Path.of(System.getProperty("user.dir")).resolve("../shared/realdata").normalize();
    assumeTrue(Files.isRegularFile(dir.resolve("manifest.tsv")),
        "real captures not found at " + dir + " (../shared/realdata relative to the project): skipping");
    return dir;
  }

  static List<Expected> manifest() throws IOException {
    List<String> lines = Files.readAllLines(dir().resolve("manifest.tsv"));
    String[] header = lines.get(0).split("\t");
    Map<String, Integer> col = new HashMap<>();
    for (int i = 0; i < header.length; i++) {
      col.put(header[i], i);
    }
    List<Expected> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t", -1);
      rows.add(new Expected(f[col.get("file")], f[col.get("linktype")], Integer.parseInt(f[col.get("probe_requests")]),
          Integer.parseInt(f[col.get("distinct_sources")]), Integer.parseInt(f[col.get("locally_administered_sources")]),
          Integer.parseInt(f[col.get("probe_requests_with_rssi")])));
    }
    return rows;
  }
}
