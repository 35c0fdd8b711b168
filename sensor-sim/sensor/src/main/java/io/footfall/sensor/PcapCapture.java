package io.footfall.sensor;

import java.io.EOFException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.Pcaps;

/**
 * Reads packets with libpcap (through pcap4j) from a monitor-mode interface or a pcap/pcapng file and hands
 * their raw bytes, timestamps and link type to a {@link Listener}. {@link #run} blocks: call it on a thread of
 * its own, never on an event loop. pcap4j is used for reading only; the bytes are parsed by {@link FrameParser}.
 */
final class PcapCapture implements AutoCloseable {

  /** Receives packets on the capture thread. */
  interface Listener {
    void frame(long epochMillis, int linkType, byte[] packet, int originalLength);

    /** Capture time moved on to {@code epochMillis} without a packet. */
    void idle(long epochMillis);
  }

  static final int SNAPLEN = 512;
  private static final int READ_TIMEOUT_MS = 250;
  private static final long MAX_IDLE_SLEEP_MS = 200;

  private final PcapHandle handle;
  private final boolean live;
  private final boolean realTime;
  private volatile boolean stopped;

  private PcapCapture(PcapHandle handle, boolean live, boolean realTime) {
    this.handle = handle;
    this.live = live;
    this.realTime = realTime;
  }

  /** Opens a capture file (pcap or pcapng); {@code realTime} replays with the original gaps between packets. */
  static PcapCapture offline(Path file, boolean realTime) {
    Libpcap.locate();
    try {
      return new PcapCapture(Pcaps.openOffline(file.toString()), false, realTime);
    } catch (PcapNativeException | LinkageError e) {
      throw Libpcap.explain(e, file.toString());
    }
  }

  /** Opens a monitor-mode interface, promiscuous, with a snap length of {@value #SNAPLEN}. */
  static PcapCapture live(String iface) {
    Libpcap.locate();
    try {
      PcapNetworkInterface nif = Pcaps.getDevByName(iface);
      if (nif == null) {
        throw new SensorFailure("no such capture interface: " + iface);
      }
      PcapHandle h = nif.openLive(SNAPLEN, PcapNetworkInterface.PromiscuousMode.PROMISCUOUS, READ_TIMEOUT_MS);
      return new PcapCapture(h, true, true);
    } catch (PcapNativeException | LinkageError e) {
      throw Libpcap.explain(e, iface);
    }
  }

  int linkType() {
    return handle.getDlt().value();
  }

  /** Delivers packets until the file ends or {@link #stop} is called. */
  void run(Listener listener) throws InterruptedException {
    int linkType = linkType();
    long firstTs = Long.MIN_VALUE;
    long startNanos = 0;
    try {
      while (!stopped) {
        byte[] packet;
        try {
          packet = handle.getNextRawPacketEx();
        } catch (TimeoutException e) {
          listener.idle(System.currentTimeMillis());
          continue;
        } catch (EOFException e) {
          return;
        }
        long ts = handle.getTimestamp().getTime();
        int originalLength = handle.getOriginalLength();
        if (realTime && !live) {
          if (firstTs == Long.MIN_VALUE) {
            firstTs = ts;
            startNanos = System.nanoTime();
          }
          waitUntil(ts, firstTs, startNanos, listener);
        }
        listener.frame(ts, linkType, packet, originalLength);
      }
    } catch (PcapNativeException | NotOpenException e) {
      if (!stopped) {
        throw new SensorFailure("capture failed: " + e.getMessage(), e);
      }
    }
  }

  /** Makes {@link #run} return soon; safe from any thread. */
  void stop() {
    stopped = true;
  }

  @Override
  public void close() {
    handle.close();
  }

  /** Sleeps until packet time {@code ts} is due, telling the listener how capture time moves meanwhile. */
  private void waitUntil(long ts, long firstTs, long startNanos, Listener listener) throws InterruptedException {
    while (!stopped) {
      long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
      long wait = (ts - firstTs) - elapsed;
      if (wait <= 0) {
        return;
      }
      Thread.sleep(Math.min(wait, MAX_IDLE_SLEEP_MS));
      listener.idle(firstTs + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    }
  }
}
