package io.footfall.sensor;

import io.footfall.console.Progress;
import io.footfall.wire.DevicePseudonyms;
import io.footfall.wire.RepeatIds;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one sensor: capture (or replay) on a thread of its own, parse, pseudonymize, batch, then either print
 * the batches or queue them on disk for the {@link MqttUplink}. A replay ends once the file is read and, when
 * publishing, once the queue has drained; live capture ends on shutdown (Ctrl-C / SIGTERM).
 */
final class SensorAgent {

  private static final Logger LOG = LoggerFactory.getLogger(SensorAgent.class);
  private static final long SHUTDOWN_GRACE_MS = 5000;

  private final SensorSettings settings;
  private final PrintStream out;
  private final SensorCounters counters = new SensorCounters();
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile PcapCapture capture;
  private volatile boolean stopping;

  SensorAgent(SensorSettings settings, PrintStream out) {
    this.settings = settings;
    this.out = out;
  }

  int run() {
    DevicePseudonyms pseudonyms = pseudonyms();
    Thread hook = new Thread(this::shutdown, "footfall-sensor-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try (Progress progress = settings.replay() ? replayProgress() : null) {
      if (settings.stdout()) {
        printBatches(pseudonyms);
      } else {
        publishBatches(pseudonyms);
      }
      LOG.info("{} finished [{}]", settings.replay() ? "replay" : "capture", counters.summary());
      return 0;
    } finally {
      finished.countDown();
      removeHook(hook);
    }
  }

  /** A replay's progress on stderr: the file's size is not a frame count, so frames read so far, with no bar. */
  private Progress replayProgress() {
    return Progress.start("sensor --read", 0, () -> counters.snapshot().get("frames"),
        n -> Progress.count(n) + " frames",
        () -> "probe requests " + Progress.count(counters.snapshot().get("probe-requests"))
            + ", batches " + Progress.count(counters.snapshot().get("batches")));
  }

  SensorCounters counters() {
    return counters;
  }

  private void printBatches(DevicePseudonyms pseudonyms) {
    Batcher batcher = new Batcher(settings.sensor(), settings.batchMs(), settings.maxBatch(), 0,
        (seq, payload) -> out.println(payload), counters);
    capture(new SightingPipeline(pseudonyms, repeatIds(pseudonyms), counters, batcher));
    out.flush();
  }

  private void publishBatches(DevicePseudonyms pseudonyms) {
    String password = password();
    BatchQueue queue = BatchQueue.open(settings.queueDir(), settings.queueMaxBytes(), counters);
    Vertx vertx = Vertx.vertx();
    try {
      MqttUplink uplink = new MqttUplink(settings, password, queue, counters);
      await(vertx.deployVerticle(uplink).toCompletionStage().toCompletableFuture(), "start the uplink");
      Batcher batcher = new Batcher(settings.sensor(), settings.batchMs(), settings.maxBatch(), queue.nextSeq(),
          (seq, payload) -> {
            queue.append(seq, payload.getBytes(StandardCharsets.UTF_8));
            uplink.wake();
          }, counters);
      AtomicReference<SensorFailure> failure = new AtomicReference<>();
      Thread thread = new Thread(() -> {
        try {
          capture(new SightingPipeline(pseudonyms, repeatIds(pseudonyms), counters, batcher));
        } catch (SensorFailure e) {
          failure.set(e);
        } catch (RuntimeException e) {
          failure.set(new SensorFailure("capture stopped: " + e.getMessage(), e));
        }
      }, "footfall-capture");
      thread.start();
      join(thread);
      if (failure.get() != null) {
        throw failure.get();
      }
      if (settings.replay() && !stopping) {
        LOG.info("replay read, waiting for the queue to drain [queued: {}]", queue.size());
        await(uplink.drained().toCompletionStage().toCompletableFuture(), "drain the queue");
      }
      await(uplink.goOffline().toCompletionStage().toCompletableFuture(), "publish the offline status");
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }

  /** Runs the capture to its end on the calling thread, which must not be an event loop. */
  private void capture(SightingPipeline pipeline) {
    try (PcapCapture c = settings.replay() ? PcapCapture.offline(settings.read(), settings.realTime())
        : PcapCapture.live(settings.iface())) {
      capture = c;
      if (stopping) {
        return;
      }
      LOG.info("capture started [source: {}, linktype: {}]", settings.captureName(), c.linkType());
      c.run(pipeline);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      pipeline.finish();
    }
  }

  /** Repeat-visit ids under the site keys, unless turned off or publishing raw addresses. */
  private RepeatIds repeatIds(DevicePseudonyms pseudonyms) {
    return pseudonyms == null || settings.repeatKeyDays() == 0 ? null
        : new RepeatIds(pseudonyms, settings.repeatKeyDays());
  }

  private DevicePseudonyms pseudonyms() {
    if (settings.rawMacs()) {
      LOG.warn("!!! publishing RAW MAC ADDRESSES (--raw-macs): these are personal data; use a key file in production");
      return null;
    }
    try {
      return DevicePseudonyms.fromKeyFile(settings.keyFile());
    } catch (IOException e) {
      throw new SensorFailure("cannot read key file " + settings.keyFile() + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new SensorFailure("bad key file: " + e.getMessage(), e);
    }
  }

  private String password() {
    try {
      String p = Files.readString(settings.passwordFile(), StandardCharsets.UTF_8).strip();
      if (p.isEmpty()) {
        throw new SensorFailure("password file " + settings.passwordFile() + " is empty");
      }
      return p;
    } catch (IOException e) {
      throw new SensorFailure("cannot read password file " + settings.passwordFile() + ": " + e.getMessage(), e);
    }
  }

  private void shutdown() {
    stopping = true;
    PcapCapture c = capture;
    if (c != null) {
      c.stop();
    }
    try {
      if (!finished.await(SHUTDOWN_GRACE_MS, TimeUnit.MILLISECONDS)) {
        LOG.warn("shutdown grace period over, queued batches stay on disk");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down and runs the hook itself
    }
  }

  private static void join(Thread thread) {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SensorFailure("interrupted while capturing", e);
    }
  }

  private static <T> T await(java.util.concurrent.CompletableFuture<T> f, String what) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SensorFailure("interrupted while trying to " + what, e);
    } catch (ExecutionException e) {
      throw new SensorFailure("could not " + what + ": " + e.getCause().getMessage(), e.getCause());
    }
  }
}
