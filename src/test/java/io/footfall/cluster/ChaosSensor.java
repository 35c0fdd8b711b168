package io.footfall.cluster;

import io.footfall.wire.SightingBatch;
import io.footfall.wire.Topics;
import io.footfall.wire.WireEncoder;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A sensor as {@code MqttUplink} of sensor-sim/sensor behaves towards a cluster: a queue of batches sent oldest first
 * with QoS 1, one in flight, each removed only on its PUBACK; a connection that breaks or falls silent (no PUBACK nor
 * PINGRESP for {@link #SILENT_S} s, as to a frozen node) is given up, and the sensor connects to the next of the
 * cluster's addresses in turn and sends the unacknowledged batch again under the same seq, flagged dup. A PUBACK
 * answers only the batch in flight on the connection it came on.
 */
final class ChaosSensor extends VerticleBase {

  /** Longer than a keep-alive interval of 1 s plus a loaded machine's hiccup, far shorter than a takeover. */
  private static final long SILENT_MS = 3_000;
  private static final long RECONNECT_MS = 200;

  private final String site;
  private final String id;
  private final String password;
  private final List<Integer> ports;
  private final Queue<SightingBatch> queue = new ArrayDeque<>();
  private final Set<Long> sent = new HashSet<>();
  private final Queue<SightingBatch> acked = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger resent = new AtomicInteger();
  private final AtomicInteger silences = new AtomicInteger();
  private int next;
  private MqttClient client;
  private boolean connected;
  private SightingBatch inFlight;
  private int inFlightPacket = -1;
  private int earlyAck = -1;
  private long lastHeard;

  ChaosSensor(String site, String id, String password, List<Integer> ports, int first) {
    this.site = site;
    this.id = id;
    this.password = password;
    this.ports = List.copyOf(ports);
    this.next = first;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(SILENT_MS / 6, t -> {
      MqttClient c = client;
      if (c != null && System.currentTimeMillis() - lastHeard > SILENT_MS) {
        silences.incrementAndGet();
        lost(c);
        if (c.isConnected()) {
          c.disconnect();
        }
      }
    });
    connect();
    return Future.succeededFuture();
  }

  /** Queues a batch for sending; safe from any thread. */
  void offer(SightingBatch batch) {
    queued.incrementAndGet();
    context.runOnContext(v -> {
      queue.add(batch);
      pump();
    });
  }

  /** Batches queued and not acknowledged yet. */
  int unacknowledged() {
    return queued.get();
  }

  /** The batches a node acknowledged, in the order it did. */
  List<SightingBatch> acknowledged() {
    return List.copyOf(acked);
  }

  int connections() {
    return connections.get();
  }

  /** Connections given up because the node fell silent (frozen). */
  int silences() {
    return silences.get();
  }

  /** Batches sent again after a connection was given up before their PUBACK. */
  int resent() {
    return resent.get();
  }

  private void connect() {
    int port = ports.get(next);
    next = (next + 1) % ports.size();
    MqttClientOptions options = new MqttClientOptions().setClientId(id).setUsername(id).setPassword(password)
        .setCleanSession(true).setKeepAliveInterval(1).setAckTimeout(60);
    MqttClient c = MqttClient.create(vertx, options);
    client = c;
    lastHeard = System.currentTimeMillis();
    c.publishCompletionHandler(packet -> acknowledged(c, packet))
        .pingResponseHandler(v -> heard(c))
        .closeHandler(v -> lost(c));
    c.connect(port, "127.0.0.1")
        .onSuccess(ack -> {
          if (client != c) {
            // given up while a frozen node held the CONNACK back
            c.disconnect();
          } else {
            heard(c);
            connected = true;
            connections.incrementAndGet();
            pump();
          }
        })
        .onFailure(e -> lost(c));
  }

  private void heard(MqttClient c) {
    if (client == c) {
      lastHeard = System.currentTimeMillis();
    }
  }

  private void lost(MqttClient c) {
    if (client != c) {
      return;
    }
    client = null;
    connected = false;
    inFlight = null;
    vertx.setTimer(RECONNECT_MS, t -> connect());
  }

  private void pump() {
    if (!connected || inFlight != null || queue.isEmpty()) {
      return;
    }
    SightingBatch batch = queue.peek();
    MqttClient c = client;
    inFlight = batch;
    inFlightPacket = -1;
    earlyAck = -1;
    boolean dup = !sent.add(batch.seq);
    if (dup) {
      resent.incrementAndGet();
    }
    c.publish(Topics.sightings(site, id), Buffer.buffer(WireEncoder.batch(batch)), MqttQoS.AT_LEAST_ONCE, dup, false)
        .onSuccess(packet -> {
          if (client == c && inFlight == batch) {
            inFlightPacket = packet;
            if (earlyAck == packet) {
              acknowledged(c, packet);
            }
          }
        })
        .onFailure(e -> lost(c));
  }

  private void acknowledged(MqttClient c, int packet) {
    heard(c);
    if (client != c || inFlight == null) {
      return;
    }
    if (inFlightPacket == -1) {
      earlyAck = packet;
      return;
    }
    if (packet != inFlightPacket) {
      return;
    }
    acked.add(queue.remove());
    queued.decrementAndGet();
    inFlight = null;
    pump();
  }
}
