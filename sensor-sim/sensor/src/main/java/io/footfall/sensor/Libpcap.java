package io.footfall.sensor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the native libpcap for pcap4j. pcap4j asks JNA for a library named "pcap", which needs the
 * development symlink {@code libpcap.so}; runtime-only installs (Debian's libpcap0.8) have just
 * {@code libpcap.so.0.8}, so when the symlink is missing the versioned file is named directly.
 */
final class Libpcap {

  static final String LIB_NAME_PROPERTY = "org.pcap4j.core.pcapLibName";
  static final String NOT_FOUND =
      "libpcap not found: install libpcap0.8 (Debian/Ubuntu: apt-get install libpcap0.8)";

  private static final Logger LOG = LoggerFactory.getLogger(Libpcap.class);
  private static final List<String> DIRS = List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
      "/usr/lib/arm-linux-gnueabihf", "/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu", "/lib/arm-linux-gnueabihf",
      "/usr/lib64", "/usr/lib", "/usr/local/lib", "/lib");

  private Libpcap() {
  }

  /** Points pcap4j at a versioned libpcap when there is no plain {@code libpcap.so}; call before first use. */
  static synchronized void locate() {
    if (System.getProperty(LIB_NAME_PROPERTY) != null) {
      return;
    }
    for (String dir : DIRS) {
      if (Files.exists(Path.of(dir, "libpcap.so"))) {
        return;
      }
    }
    for (String dir : DIRS) {
      Path versioned = versioned(Path.of(dir));
      if (versioned != null) {
        LOG.debug("using versioned libpcap [path: {}]", versioned);
        System.setProperty(LIB_NAME_PROPERTY, versioned.toString());
        return;
      }
    }
  }

  /** The operator-facing failure for an error pcap4j raised while opening a capture. */
  static SensorFailure explain(Throwable e, String what) {
    if (e instanceof LinkageError) {
      return new SensorFailure(NOT_FOUND, e);
    }
    String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    if (m.contains("permission") || m.contains("not permitted")) {
      return new SensorFailure("capturing on " + what + " needs CAP_NET_RAW/root (e.g. sudo setcap "
          + "cap_net_raw,cap_net_admin=eip $(readlink -f $(which java))): " + e.getMessage(), e);
    }
    return new SensorFailure("cannot open " + what + ": " + e.getMessage(), e);
  }

  private static Path versioned(Path dir) {
    if (!Files.isDirectory(dir)) {
      return null;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().startsWith("libpcap.so."))
          .sorted().findFirst().orElse(null);
    } catch (java.io.IOException e) {
      return null;
    }
  }
}
