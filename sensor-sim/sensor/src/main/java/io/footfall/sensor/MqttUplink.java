package io.footfall.sensor;

import io.footfall.wire.Topics;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the {@link BatchQueue} to the footfall server over MQTT. Consumes queued batches oldest first and
 * produces QoS 1 publishes on the sensor's sightings topic, one in flight at a time, removing each batch only
 * after its PUBACK; so batches arrive in seq order and a lost connection loses nothing (the unacknowledged
 * batch is sent again, flagged dup). Reconnects with exponential backoff. Keeps a retained status on the
 * status topic: online on connect and every heartbeat, offline as the will and on a clean stop.
 */
final class MqttUplink extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(MqttUplink.class);
  private static final int DEFAULT_PORT = 1883;
  private static final long FIRST_BACKOFF_MS = 100;
  private static final long MAX_BACKOFF_MS = 10_000;
  private static final int ACK_TIMEOUT_S = 20;
  private static final int UNKNOWN_PACKET = -1;

  private final SensorSettings settings;
  private final String password;
  private final BatchQueue queue;
  private final SensorCounters counters;
  private final String sightingsTopic;
  private final String statusTopic;
  private final List<Promise<Void>> drainWaiters = new ArrayList<>();

  private MqttClient client;
  private boolean connected;
  private boolean stopping;
  private long backoffMs = FIRST_BACKOFF_MS;
  private long heartbeatTimer = -1;
  private InFlight inFlight;
  private boolean reading;
  private boolean pumpAgain;
  private long lastSentSeq = -1;

  /** The batch awaiting its PUBACK. */
  private static final class InFlight {
    final long seq;
    int packetId = UNKNOWN_PACKET;
    int earlyAck = UNKNOWN_PACKET;

    InFlight(long seq) {
      this.seq = seq;
    }
  }

  MqttUplink(SensorSettings settings, String password, BatchQueue queue, SensorCounters counters) {
    this.settings = settings;
    this.password = password;
    this.queue = queue;
    this.counters = counters;
    this.sightingsTopic = Topics.sightings(settings.site(), settings.sensor());
    this.statusTopic = Topics.status(settings.site(), settings.sensor());
  }

  @Override
  public Future<?> start() {
    heartbeatTimer = vertx.setPeriodic(settings.heartbeatMs(), id -> {
      if (connected) {
        publishStatus("online");
      }
    });
    connect();
    return Future.succeededFuture();
  }

  /** Tells the uplink a batch was queued; safe from any thread. */
  void wake() {
    context.runOnContext(v -> pump());
  }

  /** Completes once every queued batch has been acknowledged. */
  Future<Void> drained() {
    Promise<Void> p = Promise.promise();
    context.runOnContext(v -> {
      drainWaiters.add(p);
      pump();
    });
    return p.future();
  }

  /** Publishes the offline status (when connected) and disconnects; the queue stays on disk. */
  Future<Void> goOffline() {
    Promise<Void> p = Promise.promise();
    context.runOnContext(v -> {
      stopping = true;
      vertx.cancelTimer(heartbeatTimer);
      if (!connected) {
        p.complete();
        return;
      }
      publishStatus("offline")
          .compose(id -> client.disconnect())
          .onComplete(ar -> p.complete());
    });
    return p.future();
  }

  private void connect() {
    if (stopping) {
      return;
    }
    String host = settings.server().getHost();
    int port = settings.server().getPort() < 0 ? DEFAULT_PORT : settings.server().getPort();
    MqttClientOptions options = new MqttClientOptions()
        .setClientId(settings.sensor())
        .setUsername(settings.sensor())
        .setPassword(password)
        .setCleanSession(true)
        .setAckTimeout(ACK_TIMEOUT_S)
        .setWillFlag(true)
        .setWillTopic(statusTopic)
        .setWillMessageBytes(statusPayload("offline"))
        .setWillQoS(1)
        .setWillRetain(true);
    MqttClient c = MqttClient.create(vertx, options);
    c.publishCompletionHandler(this::acknowledged)
        .publishCompletionExpirationHandler(this::ackExpired)
        .closeHandler(v -> disconnected(c));
    client = c;
    c.connect(port, host)
        .onSuccess(ack -> connected(host, port))
        .onFailure(e -> {
          LOG.warn("cannot connect [server: {}:{}, reason: {}, retry-in-ms: {}]", host, port, e.getMessage(), backoffMs);
          retryLater();
        });
  }

  private void connected(String host, int port) {
    LOG.info("connected [server: {}:{}, queued: {}]", host, port, queue.size());
    connected = true;
    backoffMs = FIRST_BACKOFF_MS;
    publishStatus("online");
    pump();
  }

  private void disconnected(MqttClient c) {
    if (c != client) {
      return;
    }
    boolean wasConnected = connected;
    connected = false;
    inFlight = null;
    if (stopping) {
      return;
    }
    if (wasConnected) {
      LOG.warn("connection lost, will resend unacknowledged batches [queued: {}]", queue.size());
    }
    retryLater();
  }

  private void retryLater() {
    if (stopping) {
      return;
    }
    long delay = backoffMs;
    backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
    vertx.setTimer(delay, id -> connect());
  }

  /** Sends the oldest queued batch unless one is already in flight. */
  private void pump() {
    if (!connected || inFlight != null) {
      return;
    }
    if (reading) {
      // a batch queued while the head was being read must not wait for the next wake-up
      pumpAgain = true;
      return;
    }
    reading = true;
    vertx.executeBlocking(queue::head, false)
        .onComplete(ar -> reading = false)
        .onSuccess(this::send)
        .onFailure(e -> LOG.error("cannot read the queue [reason: {}]", e.getMessage()))
        .onComplete(ar -> {
          if (pumpAgain) {
            pumpAgain = false;
            pump();
          }
        });
  }

  private void send(BatchQueue.Entry head) {
    if (head == null) {
      drainWaiters.forEach(Promise::tryComplete);
      drainWaiters.clear();
      return;
    }
    if (!connected || inFlight != null) {
      return;
    }
    InFlight f = new InFlight(head.seq());
    inFlight = f;
    boolean dup = head.seq() <= lastSentSeq;
    lastSentSeq = Math.max(lastSentSeq, head.seq());
    LOG.debug("publishing batch [seq: {}, dup: {}]", head.seq(), dup);
    client.publish(sightingsTopic, Buffer.buffer(head.payload()), MqttQoS.AT_LEAST_ONCE, dup, false)
        .onSuccess(id -> {
          f.packetId = id;
          if (f.earlyAck == id) {
            acknowledged(id);
          }
        })
        .onFailure(e -> {
          LOG.warn("publish failed, will resend [seq: {}, reason: {}]", f.seq, e.getMessage());
          if (inFlight == f) {
            inFlight = null;
          }
        });
  }

  private void acknowledged(int packetId) {
    InFlight f = inFlight;
    if (f == null) {
      return;
    }
    if (f.packetId == UNKNOWN_PACKET) {
      f.earlyAck = packetId;
      return;
    }
    if (f.packetId != packetId) {
      return;
    }
    vertx.executeBlocking(() -> {
      queue.remove(f.seq);
      return null;
    }, false).onComplete(ar -> {
      if (inFlight == f) {
        inFlight = null;
      }
      pump();
    });
  }

  private void ackExpired(int packetId) {
    InFlight f = inFlight;
    if (f != null && f.packetId == packetId) {
      LOG.warn("no acknowledgement, resending [seq: {}]", f.seq);
      inFlight = null;
      pump();
    }
  }

  private Future<Integer> publishStatus(String state) {
    return client.publish(statusTopic, statusPayload(state), MqttQoS.AT_LEAST_ONCE, false, true);
  }

  private Buffer statusPayload(String state) {
    JsonObject counterJson = new JsonObject();
    counters.snapshot().forEach(counterJson::put);
    return new JsonObject()
        .put("state", state)
        .put("version", version())
        .put("counters", counterJson)
        .put("at", System.currentTimeMillis())
        .toBuffer();
  }

  private static String version() {
    String v = MqttUplink.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
