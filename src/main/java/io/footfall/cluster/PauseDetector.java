package io.footfall.cluster;

import java.util.function.LongConsumer;

/**
 * Notices that the whole process was frozen (a long stop-the-world GC, a frozen VM, SIGSTOP): a daemon thread that
 * wakes every {@value #TICK_MS} ms and reports when it slept at least {@code thresholdMs} longer than asked. Only a
 * freeze of every thread delays it like that; a busy event loop or a worker pool does not, and neither stops the
 * Hazelcast heartbeats, whose absence is what gets a member removed.
 */
final class PauseDetector {

  private static final long TICK_MS = 100;

  private final Thread thread;
  private volatile boolean running = true;

  private PauseDetector(long thresholdMs, LongConsumer paused) {
    thread = new Thread(() -> watch(thresholdMs, paused), "footfall-pause-detector");
    thread.setDaemon(true);
    thread.setPriority(Thread.MAX_PRIORITY);
  }

  /** @param paused told how long the process was frozen, on this detector's thread */
  static PauseDetector start(long thresholdMs, LongConsumer paused) {
    PauseDetector detector = new PauseDetector(thresholdMs, paused);
    detector.thread.start();
    return detector;
  }

  void stop() {
    running = false;
    thread.interrupt();
  }

  private void watch(long thresholdMs, LongConsumer paused) {
    long last = System.nanoTime();
    while (running) {
      try {
        Thread.sleep(TICK_MS);
      } catch (InterruptedException e) {
        return;
      }
      long now = System.nanoTime();
      long overslept = (now - last) / 1_000_000 - TICK_MS;
      last = now;
      if (overslept >= thresholdMs) {
        paused.accept(overslept);
      }
    }
  }
}
