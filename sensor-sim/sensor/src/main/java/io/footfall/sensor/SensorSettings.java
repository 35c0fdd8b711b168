package io.footfall.sensor;

import java.net.URI;
import java.nio.file.Path;

/**
 * The agent's validated command-line settings.
 *
 * @param iface         monitor-mode interface for live capture, or null when replaying
 * @param read          capture file to replay, or null when capturing live
 * @param server        MQTT server URL, or null with {@code --stdout}
 * @param keyFile       site key file, or null with {@code --raw-macs}
 * @param realTime      replay with the capture's original timing
 * @param queueMaxBytes on-disk queue limit
 * @param repeatKeyDays life of the repeat-visit key in days ({@code --repeat-visits}), 0 to send no repeat-visit
 *                      ids (the default: pseudonyms then rotate unlinkably)
 */
record SensorSettings(String iface, Path read, String site, String sensor, URI server, Path passwordFile,
                      Path keyFile, boolean rawMacs, boolean realTime, long batchMs, int maxBatch, Path queueDir,
                      long queueMaxBytes, long heartbeatMs, int repeatKeyDays) {

  boolean stdout() {
    return server == null;
  }

  boolean replay() {
    return read != null;
  }

  String captureName() {
    return replay() ? read.toString() : iface;
  }
}
