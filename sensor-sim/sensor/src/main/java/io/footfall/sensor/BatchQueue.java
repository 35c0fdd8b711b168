package io.footfall.sensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounded on-disk queue of encoded batches: one file per batch, named by its zero-padded seq, written to a
 * temporary name and renamed so a crash never leaves half a batch. A batch is removed only once the server
 * acknowledged it; when the queue outgrows its limit the OLDEST batches are dropped and counted. The next
 * seq is kept in the directory too, so a restarted agent resumes both the queue and the numbering.
 * Methods do blocking disk IO: call them from the capture thread or a worker, never from an event loop.
 */
final class BatchQueue {

  /** One queued batch. */
  record Entry(long seq, byte[] payload) {
  }

  private static final Logger LOG = LoggerFactory.getLogger(BatchQueue.class);
  private static final String SUFFIX = ".batch";
  private static final String NEXT_SEQ = "next-seq";

  private final Path dir;
  private final long maxBytes;
  private final SensorCounters counters;
  private final TreeMap<Long, Long> sizes = new TreeMap<>();
  private long totalBytes;
  private long nextSeq;

  private BatchQueue(Path dir, long maxBytes, SensorCounters counters) {
    this.dir = dir;
    this.maxBytes = maxBytes;
    this.counters = counters;
  }

  /** Opens (or creates) the queue in {@code dir}, picking up whatever an earlier run left. */
  static BatchQueue open(Path dir, long maxBytes, SensorCounters counters) {
    BatchQueue q = new BatchQueue(dir, maxBytes, counters);
    try {
      Files.createDirectories(dir);
      q.load();
    } catch (IOException e) {
      throw new SensorFailure("cannot use queue directory " + dir + ": " + e.getMessage(), e);
    }
    if (!q.sizes.isEmpty()) {
      LOG.info("resuming queue [dir: {}, batches: {}, first-seq: {}]", dir, q.sizes.size(), q.sizes.firstKey());
    }
    return q;
  }

  synchronized long nextSeq() {
    return nextSeq;
  }

  synchronized int size() {
    return sizes.size();
  }

  synchronized boolean isEmpty() {
    return sizes.isEmpty();
  }

  /** Adds a batch, then drops the oldest ones while the queue is over its limit (never the newest). */
  synchronized void append(long seq, byte[] payload) {
    try {
      Path tmp = dir.resolve(name(seq) + ".tmp");
      Files.write(tmp, payload);
      Files.move(tmp, file(seq), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      nextSeq = Math.max(nextSeq, seq + 1);
      Path seqTmp = dir.resolve(NEXT_SEQ + ".tmp");
      Files.writeString(seqTmp, Long.toString(nextSeq));
      Files.move(seqTmp, dir.resolve(NEXT_SEQ), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot queue batch " + seq, e);
    }
    sizes.put(seq, (long) payload.length);
    totalBytes += payload.length;
    while (totalBytes > maxBytes && sizes.size() > 1) {
      long oldest = sizes.firstKey();
      remove(oldest);
      counters.queueDropped(1);
      LOG.warn("queue full, dropped the oldest batch [seq: {}, limit-bytes: {}]", oldest, maxBytes);
    }
  }

  /** The oldest batch, or null when the queue is empty. */
  synchronized Entry head() {
    while (!sizes.isEmpty()) {
      long seq = sizes.firstKey();
      try {
        return new Entry(seq, Files.readAllBytes(file(seq)));
      } catch (NoSuchFileException e) {
        LOG.warn("queued batch vanished from disk [seq: {}]", seq);
        totalBytes -= sizes.remove(seq);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read queued batch " + seq, e);
      }
    }
    return null;
  }

  /** Forgets an acknowledged batch; a no-op when it was already dropped. */
  synchronized void remove(long seq) {
    Long size = sizes.remove(seq);
    if (size == null) {
      return;
    }
    totalBytes -= size;
    try {
      Files.deleteIfExists(file(seq));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete queued batch " + seq, e);
    }
  }

  private void load() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String n = f.getFileName().toString();
        if (n.endsWith(SUFFIX) && n.length() == 20 + SUFFIX.length() && n.substring(0, 20).chars().allMatch(Character::isDigit)) {
          long seq = Long.parseLong(n.substring(0, 20));
          long size = Files.size(f);
          sizes.put(seq, size);
          totalBytes += size;
        }
      }
    }
    Path seqFile = dir.resolve(NEXT_SEQ);
    // a new queue numbers from the wall clock: the server takes each (sensor, seq) once, and an agent started afresh
    // (another box, a wiped queue, one replay after another) must not count again from where an old one began
    long stored = Files.exists(seqFile) ? Long.parseLong(Files.readString(seqFile).strip())
        : System.currentTimeMillis();
    nextSeq = Math.max(stored, sizes.isEmpty() ? 0 : sizes.lastKey() + 1);
  }

  private Path file(long seq) {
    return dir.resolve(name(seq) + SUFFIX);
  }

  private static String name(long seq) {
    return String.format("%020d", seq);
  }

  /** Queued seqs and their sizes in bytes, oldest first. */
  synchronized Map<Long, Long> snapshot() {
    return new TreeMap<>(sizes);
  }
}
