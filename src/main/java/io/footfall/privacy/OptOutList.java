package io.footfall.privacy;

import io.footfall.wire.DeviceKeys;
import io.footfall.wire.SightingBatch;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The device ids of people who asked not to be counted, checked at ingest: sightings of these ids are dropped
 * before any analytics sees them. One list per Vert.x instance (in its local shared data), read by every source's
 * {@code BatchIntake} on any event loop and replaced as a whole when the file changes, so lookups take no lock.
 * Held as a sorted {@code long[]}; an empty list costs one length check per batch.
 *
 * <p>File format: one device id per line, 16 hex digits exactly as the sensors send it ({@code dev}); blank lines
 * and {@code #} comments are ignored.
 */
public final class OptOutList implements Shareable {

  private static final String MAP = "footfall.privacy";
  private static final String KEY = "optOut";

  private volatile long[] sorted = new long[0];

  /** The list of this Vert.x instance (empty until an {@link OptOutVerticle} loads one). */
  public static OptOutList of(Vertx vertx) {
    return (OptOutList) vertx.sharedData().<String, Shareable>getLocalMap(MAP).computeIfAbsent(KEY, k -> new OptOutList());
  }

  public int size() {
    return sorted.length;
  }

  public boolean contains(long dev) {
    long[] ids = sorted;
    return ids.length > 0 && Arrays.binarySearch(ids, dev) >= 0;
  }

  /** Replaces the whole list (the keys of {@link DeviceKeys}). */
  public void replace(long[] devs) {
    long[] copy = devs.clone();
    Arrays.sort(copy);
    sorted = copy;
  }

  /**
   * The batch without the sightings of listed devices ({@link SightingBatch#without}); the batch itself for an
   * empty list.
   */
  public SightingBatch without(SightingBatch batch) {
    long[] ids = sorted;
    return ids.length == 0 ? batch : batch.without(dev -> Arrays.binarySearch(ids, dev) >= 0);
  }

  /** Reads an opt-out file (format in the class comment); a missing file is an empty list. */
  public static long[] read(Path file) throws IOException {
    if (!Files.exists(file)) {
      return new long[0];
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    long[] ids = new long[lines.size()];
    int n = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (!line.matches("[0-9a-fA-F]{16}")) {
        throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected a 16-hex-digit device id");
      }
      ids[n++] = DeviceKeys.of(line);
    }
    return Arrays.copyOf(ids, n);
  }
}
