package io.footfall.engine;

import io.footfall.wire.SightingBatch;
import io.footfall.wire.WireEncoder;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Batches the analytics failed on, kept whole instead of dropped: one JSON file each in
 * {@code <dataDir>/dead-letter/<site>/}, named by arrival, sensor and batch number, holding the site, sensor, number,
 * arrival, failure and the batch itself in the wire format, so that {@code footfall dead-letter replay} can publish
 * it again once the fault is fixed. Device ids are the sensors' pseudonyms, as on the wire.
 *
 * <p>Blocking file IO: call off the event loop.
 */
public final class DeadLetters {

  private final Path dir;

  public DeadLetters(Path dir) {
    this.dir = dir;
  }

  /** Writes the batch and why it failed; returns the file. */
  Path keep(SightingBatch batch, Throwable failure, long failedAtMs) throws IOException {
    Path siteDir = dir.resolve(SnapshotStore.safeName(batch.site));
    Files.createDirectories(siteDir);
    String name = batch.receivedAt + "-" + SnapshotStore.safeName(batch.sensor) + "-" + batch.seq + ".json";
    JsonObject letter = new JsonObject()
        .put("site", batch.site)
        .put("sensor", batch.sensor)
        .put("seq", batch.seq)
        .put("receivedAt", batch.receivedAt)
        .put("failedAt", failedAtMs)
        .put("failure", String.valueOf(failure))
        .put("batch", new JsonObject(WireEncoder.batch(batch)));
    Path temp = siteDir.resolve(name + ".tmp");
    Files.writeString(temp, letter.encodePrettily(), StandardCharsets.UTF_8);
    Path target = siteDir.resolve(name);
    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return target;
  }

  /** Every dead letter kept, oldest first within each site. */
  public List<Path> list() throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir, 2)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
    }
  }

  /** A dead letter's content. */
  public static JsonObject read(Path file) throws IOException {
    return new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
  }
}
