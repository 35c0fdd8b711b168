package io.footfall.store;

import io.vertx.core.json.JsonArray;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rows PostgreSQL has not taken yet, on disk: segments {@code <name>-<n>.jsonl} of one JSON array per row (see
 * {@link RowFormat}), numbered in the order they were written, so replaying them oldest first keeps the newest
 * figures of a period on top. Every append is forced to the device before it returns. A segment that reaches {@value #SEGMENT_ROWS} rows
 * is sealed and a new one begun; the oldest segments are deleted (and their rows counted as dropped) when the spool
 * would outgrow {@code maxBytes}. A line torn by a crash is skipped on reading.
 *
 * <p>Every method blocks on file IO: call them from a worker, one at a time and in order (the writer uses ordered
 * {@code executeBlocking} on its context). Several spools may share a directory, one per name. The rows footfall
 * spools hold aggregates, alerts and repeat-visit triples (a pseudonym valid for one key rotation, never a MAC or
 * device pseudonym) only; no sighting reaches a spool.
 *
 * @param <T> the row type
 */
final class Spool<T> {

  static final int SEGMENT_ROWS = 10_000;
  private static final Logger LOG = LoggerFactory.getLogger(Spool.class);

  /** A segment read back for replay. */
  record Segment<T>(long number, List<T> rows) {
  }

  private record Extent(long rows, long bytes) {
  }

  private final Path dir;
  private final RowFormat<T> format;
  private final Pattern segment;
  private final long maxBytes;
  private final TreeMap<Long, Extent> segments = new TreeMap<>();
  private long current = -1;
  private volatile long rows;

  /** Opens (creating if needed) the spool directory and indexes the segments a previous run left there. */
  Spool(Path dir, RowFormat<T> format, long maxBytes) {
    this.dir = dir;
    this.format = format;
    this.segment = Pattern.compile(Pattern.quote(format.name()) + "-(\\d{12})\\.jsonl");
    this.maxBytes = maxBytes;
    try {
      Files.createDirectories(dir);
      try (Stream<Path> files = Files.list(dir)) {
        files.forEach(this::index);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + format.name() + " spool " + dir, e);
    }
    rows = segments.values().stream().mapToLong(Extent::rows).sum();
    if (rows > 0) {
      LOG.info("spool holds rows of an earlier run [spool: {}, segments: {}, rows: {}, dir: {}]", format.name(),
          segments.size(), rows, dir);
    }
  }

  /** Rows on disk; readable from any thread. */
  long rows() {
    return rows;
  }

  boolean isEmpty() {
    return segments.isEmpty();
  }

  /**
   * Appends rows behind everything spooled so far and forces them to disk.
   *
   * @return rows dropped with the oldest segments to stay within {@code maxBytes}
   */
  long append(List<T> batch) throws IOException {
    if (batch.isEmpty()) {
      return 0;
    }
    if (current < 0 || segments.get(current).rows() >= SEGMENT_ROWS) {
      current = segments.isEmpty() ? 1 : segments.lastKey() + 1;
      segments.put(current, new Extent(0, 0));
    }
    StringBuilder text = new StringBuilder(batch.size() * 96);
    for (T row : batch) {
      text.append(format.encode(row).encode()).append('\n');
    }
    ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
    int length = bytes.remaining();
    try (FileChannel channel = FileChannel.open(path(current), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND)) {
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      channel.force(true);
    }
    Extent before = segments.get(current);
    segments.put(current, new Extent(before.rows() + batch.size(), before.bytes() + length));
    rows += batch.size();
    return trim();
  }

  /** The oldest segment's rows, sealing it if appends were still going to it; null when the spool is empty. */
  Segment<T> oldest() throws IOException {
    if (segments.isEmpty()) {
      return null;
    }
    long number = segments.firstKey();
    if (number == current) {
      current = -1;
    }
    List<T> read = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(path(number), StandardCharsets.UTF_8)) {
      String line;
      while ((line = reader.readLine()) != null) {
        T row = decode(line);
        if (row != null) {
          read.add(row);
        }
      }
    }
    return new Segment<>(number, read);
  }

  /** Removes a segment once PostgreSQL has taken its rows. */
  void delete(long number) throws IOException {
    Extent gone = segments.remove(number);
    if (gone != null) {
      Files.deleteIfExists(path(number));
      rows -= gone.rows();
    }
    if (number == current) {
      current = -1;
    }
  }

  private long trim() throws IOException {
    long dropped = 0;
    while (segments.size() > 1 && totalBytes() > maxBytes) {
      Map.Entry<Long, Extent> oldest = segments.firstEntry();
      dropped += oldest.getValue().rows();
      delete(oldest.getKey());
    }
    return dropped;
  }

  private long totalBytes() {
    return segments.values().stream().mapToLong(Extent::bytes).sum();
  }

  private void index(Path file) {
    Matcher m = segment.matcher(file.getFileName().toString());
    if (!m.matches()) {
      return;
    }
    try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
      segments.put(Long.parseLong(m.group(1)), new Extent(lines.count(), Files.size(file)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read spool segment " + file, e);
    }
  }

  private Path path(long number) {
    return dir.resolve(String.format("%s-%012d.jsonl", format.name(), number));
  }

  /** A row, or null for a line torn by a crash mid-append. */
  T decode(String line) {
    try {
      return format.decode(new JsonArray(line));
    } catch (RuntimeException e) {
      LOG.warn("skipping unreadable spooled row [spool: {}, reason: {}]", format.name(), e.getMessage());
      return null;
    }
  }
}
