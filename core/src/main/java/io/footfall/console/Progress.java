package io.footfall.console;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Progress of a long-running command ({@code sim}, {@code evaluate}, {@code bench}, {@code sensor --read}) on
 * standard error, so that standard output keeps only the command's data. On a terminal ({@code System.console()})
 * a bar redrawn in place with {@code \r} five times a second; otherwise (a pipe, a log file, CI) one plain line every
 * ten seconds. {@link #close()} ends it with one summary line either way.
 *
 * <p>The command says how far it is by a {@link LongSupplier} polled from a daemon thread of this class, so the work
 * itself is never slowed or called back; a value read a little stale is fine for a display.
 */
public final class Progress implements AutoCloseable {

  private static final long TERMINAL_INTERVAL_MS = 200;
  private static final long PLAIN_INTERVAL_MS = 10_000;
  private static final int BAR_WIDTH = 24;

  private final String task;
  private final long total;
  private final LongSupplier done;
  private final LongFunction<String> amount;
  private final Supplier<String> detail;
  private final PrintStream err;
  private final boolean terminal;
  private final long startedNanos = System.nanoTime();
  private final ScheduledExecutorService ticker;
  private int drawnWidth;
  private boolean closed;

  /**
   * @param task   what runs, e.g. {@code "sim"}
   * @param total  the amount at the end, or 0 when it is not known (then no bar, percent or ETA)
   * @param done   the amount so far
   * @param amount how to print an amount (a count, a duration...)
   * @param detail counters worth seeing as it runs, e.g. {@code "arrivals 1,204 · sightings 88,120"}; may be empty
   */
  public static Progress start(String task, long total, LongSupplier done, LongFunction<String> amount,
                               Supplier<String> detail) {
    return new Progress(task, total, done, amount, detail, System.err, System.console() != null,
        System.console() != null ? TERMINAL_INTERVAL_MS : PLAIN_INTERVAL_MS);
  }

  Progress(String task, long total, LongSupplier done, LongFunction<String> amount, Supplier<String> detail,
           PrintStream err, boolean terminal, long intervalMs) {
    this.task = task;
    this.total = total;
    this.done = done;
    this.amount = amount;
    this.detail = detail;
    this.err = err;
    this.terminal = terminal;
    this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "footfall-progress");
      t.setDaemon(true);
      return t;
    });
    ticker.scheduleAtFixedRate(this::tick, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
  }

  /** Stops the display and prints the summary: {@code sim: done in 2m 05s, 12h 00m, arrivals 9,120}. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    ticker.shutdownNow();
    clear();
    err.println(summary(task, amount.apply(done.getAsLong()), elapsedMs(), detail.get()));
    err.flush();
  }

  private synchronized void tick() {
    if (closed) {
      return;
    }
    long now = done.getAsLong();
    String text = terminal
        ? bar(task, now, total, amount, elapsedMs(), detail.get())
        : line(task, now, total, amount, elapsedMs(), detail.get());
    if (terminal) {
      String padded = text.length() < drawnWidth ? text + " ".repeat(drawnWidth - text.length()) : text;
      err.print("\r" + padded);
      drawnWidth = text.length();
    } else {
      err.println(text);
    }
    err.flush();
  }

  private void clear() {
    if (terminal && drawnWidth > 0) {
      err.print("\r" + " ".repeat(drawnWidth) + "\r");
    }
  }

  private long elapsedMs() {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
  }

  /** {@code sim [#########...............]  38%  4h 33m / 12h 00m  ETA 1m 10s  arrivals 1,204}. */
  static String bar(String task, long done, long total, LongFunction<String> amount, long elapsedMs, String detail) {
    StringBuilder s = new StringBuilder(task).append(' ');
    if (total > 0) {
      double fraction = Math.min(1.0, Math.max(0.0, (double) done / total));
      int filled = (int) Math.round(fraction * BAR_WIDTH);
      s.append('[').append("#".repeat(filled)).append(".".repeat(BAR_WIDTH - filled)).append("] ")
          .append(String.format(Locale.ROOT, "%3d%%", (int) Math.floor(fraction * 100)))
          .append("  ").append(amount.apply(done)).append(" / ").append(amount.apply(total));
      eta(done, total, elapsedMs).ifPresent(eta -> s.append("  ETA ").append(eta));
    } else {
      s.append(amount.apply(done)).append("  ").append(duration(elapsedMs));
    }
    return withDetail(s, detail);
  }

  /** {@code sim: 38% (4h 33m of 12h 00m), 1m 02s elapsed, ETA 1m 10s, arrivals 1,204}: one line for logs. */
  static String line(String task, long done, long total, LongFunction<String> amount, long elapsedMs, String detail) {
    StringBuilder s = new StringBuilder(task).append(": ");
    if (total > 0) {
      double fraction = Math.min(1.0, Math.max(0.0, (double) done / total));
      s.append((int) Math.floor(fraction * 100)).append("% (").append(amount.apply(done)).append(" of ")
          .append(amount.apply(total)).append("), ").append(duration(elapsedMs)).append(" elapsed");
      eta(done, total, elapsedMs).ifPresent(eta -> s.append(", ETA ").append(eta));
    } else {
      s.append(amount.apply(done)).append(", ").append(duration(elapsedMs)).append(" elapsed");
    }
    return detail == null || detail.isEmpty() ? s.toString() : s.append(", ").append(detail).toString();
  }

  static String summary(String task, String amount, long elapsedMs, String detail) {
    String s = task + ": done in " + duration(elapsedMs) + ", " + amount;
    return detail == null || detail.isEmpty() ? s : s + ", " + detail;
  }

  /** {@code 950 ms}, {@code 42s}, {@code 3m 05s}, {@code 2h 07m}. */
  public static String duration(long ms) {
    if (ms < 1_000) {
      return ms + " ms";
    }
    long s = ms / 1_000;
    if (s < 60) {
      return s + "s";
    }
    if (s < 3_600) {
      return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%dh %02dm", s / 3_600, s % 3_600 / 60);
  }

  /** {@code 1,234,567}. */
  public static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static java.util.Optional<String> eta(long done, long total, long elapsedMs) {
    if (done <= 0 || done >= total || elapsedMs < 1_000) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(duration((long) (elapsedMs * ((double) (total - done) / done))));
  }

  private static String withDetail(StringBuilder s, String detail) {
    return detail == null || detail.isEmpty() ? s.toString() : s.append("  ").append(detail).toString();
  }
}
