package io.footfall.bench;

import io.footfall.bus.OnContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Dashboard clients on footfall's {@code /live} WebSocket. Each one looks at every update frame for the probe
 * device having arrived in a probe zone ({@code "probe-3":1}) and records, once per probe switch, the time from
 * the switch to that frame: publish to browser, fan-out to every client included.
 */
final class Dashboards {

  private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(5);
  private static final String UPDATE = "{\"type\":\"update\"";
  private static final String[] ARRIVED = new String[SyntheticSite.PROBE_ZONES];

  static {
    for (int z = 0; z < ARRIVED.length; z++) {
      ARRIVED[z] = "\"" + SyntheticSite.probeZoneId(z) + "\":1";
    }
  }

  private final Vertx vertx;
  private final LatencyProbe probe;
  private final Recorder latency = new Recorder(HIGHEST_MICROS, 3);
  private final LongAdder frames = new LongAdder();
  private final List<WebSocket> sockets = new ArrayList<>();
  private WebSocketClient client;

  Dashboards(Vertx vertx, LatencyProbe probe) {
    this.vertx = vertx;
    this.probe = probe;
  }

  /** @param login {@code name:password}, sent as HTTP Basic with each upgrade */
  Future<Void> connect(String host, int port, String siteId, int count, String login) {
    String authorization = "Basic " + Base64.getEncoder().encodeToString(login.getBytes(StandardCharsets.UTF_8));
    client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(1 << 20)
        .setMaxMessageSize(1 << 24).setMaxConnections(Math.max(count, 1)));
    // on a context, so that each socket's handler is set before its first frame can arrive
    return OnContext.run(vertx, () -> {
      List<Future<?>> connected = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        connected.add(client.connect(new WebSocketConnectOptions().setHost(host).setPort(port)
                .setURI("/live?site=" + siteId).addHeader("Authorization", authorization))
            .onSuccess(this::follow));
      }
      return Future.all(connected).mapEmpty();
    });
  }

  private void follow(WebSocket socket) {
    synchronized (sockets) {
      sockets.add(socket);
    }
    long[] nextSwitch = {probe.switches()};
    socket.textMessageHandler(text -> {
      long now = System.nanoTime();
      frames.increment();
      if (!text.startsWith(UPDATE)) {
        return;
      }
      for (int zone = 0; zone < ARRIVED.length; zone++) {
        if (text.contains(ARRIVED[zone])) {
          match(nextSwitch, zone, now);
        }
      }
    });
  }

  /** Times the oldest switch to {@code zone} that this dashboard has not matched yet. */
  private void match(long[] nextSwitch, int zone, long now) {
    long n = Math.max(nextSwitch[0], probe.switches() - LatencyProbe.HISTORY);
    for (; n < probe.switches(); n++) {
      if (LatencyProbe.zoneOf(n) == zone) {
        long at = probe.switchedAt(n);
        if (at != 0) {
          latency.recordValue(Math.max(0, Math.min(HIGHEST_MICROS, (now - at) / 1000)));
        }
        nextSwitch[0] = n + 1;
        return;
      }
    }
  }

  int connected() {
    synchronized (sockets) {
      return sockets.size();
    }
  }

  long frames() {
    return frames.sum();
  }

  /** Publish-to-frame latency in microseconds since the previous call. */
  Histogram takeLatency() {
    return latency.getIntervalHistogram();
  }

  Future<Void> close() {
    return client == null ? Future.succeededFuture() : client.close();
  }
}
