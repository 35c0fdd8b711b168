package io.footfall.engine;

import io.footfall.wire.BatchBytes;
import io.footfall.wire.ByteSink;
import io.footfall.wire.SightingBatch;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.WorkerExecutor;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a site's engine took since its last snapshot, on disk, so that a crash loses nothing a sensor was told was
 * taken: every batch, and every wall-clock tick that moved event time, in the order the engine applied them, in
 * {@code <dir>/<site>.<generation>.journal}. A snapshot starts a new generation; the generations before the one a
 * durable snapshot names are deleted. A restore replays the generations from the snapshot's on.
 *
 * <p>A record is written to the operating system before the batch is acknowledged; not forced to the device, since
 * what it guards against is the process dying ({@code kill -9}, an out-of-memory kill), not the machine. Writes run
 * in order on a worker executor of their own, never on the event loop and never behind password hashing; records
 * that come while a write is under way are grouped into the next one (group commit), so a busy site pays one
 * system call per write, not per batch.
 */
final class BatchJournal {

  /** One thing the engine applied: a batch, or a tick of the wall clock (then {@code batch} is null). */
  record Entry(SightingBatch batch, long tickWallMs) {
  }

  private static final byte BATCH = 'B';
  private static final byte TICK = 'T';
  /** A buffer grown beyond this by a burst (a sensor's backlog) is not kept for the next writes. */
  private static final int MAX_KEPT_BUFFER = 4 * 1024 * 1024;
  private static final Pattern FILE = Pattern.compile("(.+)\\.(\\d+)\\.journal");

  private final Path dir;
  private final String site;
  private final WorkerExecutor executor;
  private long generation;
  private FileChannel channel;
  private long openGeneration = -1;
  /** Records waiting for the write under way to finish, all of one generation, and who waits for them. */
  private ByteSink waiting = new ByteSink(64 * 1024);
  /** The buffer of the write under way, taken back for the next records once it is written. */
  private ByteSink spare = new ByteSink(64 * 1024);
  private long waitingGeneration = -1;
  private Promise<Void> waitingDone = Promise.promise();
  private boolean writing;

  BatchJournal(Path dir, String site, WorkerExecutor executor) {
    this.dir = dir;
    this.site = site;
    this.executor = executor;
  }

  /** The generation new records go to. */
  long generation() {
    return generation;
  }

  /** Continues after a restore: new records go to a generation after every one on disk. */
  void resumeAfter(long lastGeneration) {
    generation = lastGeneration + 1;
  }

  /** Encodes the batch straight into the records waiting for the next write: no copy per batch on the event loop. */
  Future<Void> append(SightingBatch batch) {
    int lengthAt = startRecord(BATCH, generation);
    BatchBytes.encode(batch, waiting);
    return endRecord(lengthAt);
  }

  Future<Void> tick(long wallClockMs) {
    int lengthAt = startRecord(TICK, generation);
    waiting.writeLong(wallClockMs);
    return endRecord(lengthAt);
  }

  /** Starts a new generation, for what comes after a snapshot taken now; returns it. */
  long rotate() {
    return ++generation;
  }

  /** Deletes the generations before {@code generation}, once a snapshot that covers them is durable. */
  Future<Void> deleteBefore(long generation) {
    return executor.executeBlocking(() -> {
      for (Path file : files(dir, site)) {
        if (generationOf(file) < generation) {
          Files.deleteIfExists(file);
        }
      }
      return null;
    }, true);
  }

  /** Completes once every write queued before is done. */
  Future<Void> flushed() {
    if (waiting.size() > 0) {
      Future<Void> grouped = waitingDone.future();
      if (!writing) {
        flush();
      }
      return grouped;
    }
    return executor.executeBlocking(() -> null, true);
  }

  /** Closes the open file after the writes queued before. */
  Future<Void> close() {
    return flushed().transform(written -> executor.executeBlocking(() -> {
      closeChannel();
      return null;
    }, true));
  }

  /** Blocking: the entries of every generation from {@code fromGeneration} on, oldest first; a torn tail is dropped. */
  static List<Entry> read(Path dir, String site, long fromGeneration) throws IOException {
    List<Entry> entries = new ArrayList<>();
    for (Path file : files(dir, site)) {
      if (generationOf(file) >= fromGeneration) {
        readFile(file, entries);
      }
    }
    return entries;
  }

  /** Blocking: the newest generation on disk, or -1. */
  static long lastGeneration(Path dir, String site) throws IOException {
    long last = -1;
    for (Path file : files(dir, site)) {
      last = Math.max(last, generationOf(file));
    }
    return last;
  }

  /** On the event loop: starts a record among those waiting; returns where its length goes. */
  private int startRecord(byte type, long gen) {
    if (waiting.size() > 0 && waitingGeneration != gen) {
      // a snapshot rotated the journal: what waits goes to the old generation first
      flush();
    }
    waitingGeneration = gen;
    waiting.writeByte(type);
    int lengthAt = waiting.size();
    waiting.writeInt(0);
    return lengthAt;
  }

  /** Completes once the record is written with the others queued beside it. */
  private Future<Void> endRecord(int lengthAt) {
    waiting.setInt(lengthAt, waiting.size() - lengthAt - 4);
    Future<Void> done = waitingDone.future();
    if (!writing) {
      flush();
    }
    return done;
  }

  private void flush() {
    ByteSink records = waiting;
    long gen = waitingGeneration;
    Promise<Void> done = waitingDone;
    // a rotation flushes while a write is under way: then the spare is in flight too
    waiting = spare != null ? spare : new ByteSink(64 * 1024);
    waiting.reset();
    spare = null;
    waitingDone = Promise.promise();
    writing = true;
    executor.<Void>executeBlocking(() -> {
      FileChannel out = channelFor(gen);
      ByteBuffer buffer = ByteBuffer.wrap(records.array(), 0, records.size());
      while (buffer.hasRemaining()) {
        out.write(buffer);
      }
      return null;
    }, true).onComplete(written -> {
      writing = false;
      if (spare == null && records.array().length <= MAX_KEPT_BUFFER) {
        spare = records;
      }
      done.handle(written);
      if (waiting.size() > 0) {
        flush();
      }
    });
  }

  private FileChannel channelFor(long gen) throws IOException {
    if (channel == null || openGeneration != gen) {
      closeChannel();
      Files.createDirectories(dir);
      channel = FileChannel.open(dir.resolve(site + "." + gen + ".journal"), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE, StandardOpenOption.APPEND);
      openGeneration = gen;
    }
    return channel;
  }

  private void closeChannel() throws IOException {
    if (channel != null) {
      channel.close();
      channel = null;
    }
  }

  private static void readFile(Path file, List<Entry> entries) throws IOException {
    try (InputStream raw = Files.newInputStream(file);
         DataInputStream in = new DataInputStream(new BufferedInputStream(raw))) {
      while (true) {
        int type = in.read();
        if (type < 0) {
          return;
        }
        try {
          int length = in.readInt();
          if (length < 0 || length > 64 * 1024 * 1024) {
            return;
          }
          byte[] payload = in.readNBytes(length);
          if (payload.length < length) {
            return;
          }
          if (type == BATCH) {
            entries.add(new Entry(BatchBytes.decode(payload), 0));
          } else if (type == TICK) {
            entries.add(new Entry(null, ByteBuffer.wrap(payload).getLong()));
          } else {
            return;
          }
        } catch (EOFException torn) {
          return;
        }
      }
    }
  }

  private static List<Path> files(Path dir, String site) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(p -> {
        Matcher m = FILE.matcher(p.getFileName().toString());
        return m.matches() && m.group(1).equals(site);
      }).sorted((a, b) -> Long.compare(generationOf(a), generationOf(b))).toList();
    }
  }

  private static long generationOf(Path file) {
    Matcher m = FILE.matcher(file.getFileName().toString());
    return m.matches() ? Long.parseLong(m.group(2)) : -1;
  }
}
