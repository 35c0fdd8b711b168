package io.footfall.bench;

import io.footfall.wire.Topics;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One event loop's share of the load: a set of sensor connections and an open-loop schedule. Every millisecond
 * it issues the publishes that are due by now at the lane's rate, round-robin over its sensors, whether or not
 * earlier ones were answered. A publish finding its sensor's in-flight window full (unwritten QoS 0 publishes, or
 * QoS 1 publishes without PUBACK) is skipped and counted: the target did not keep up. How late each publish
 * left against its schedule is recorded, to tell when the generator itself falls behind.
 */
final class LoadLane extends VerticleBase {

  private static final long HIGHEST_LAG_MICROS = TimeUnit.MINUTES.toMicros(5);
  /** Frames per probe burst; a phone sends a few per channel it scans. */
  static final int BURST_FRAMES = 4;

  private final BenchOptions options;
  private final Endpoint endpoint;
  private final List<Integer> sensorIndexes;
  private final Delivery delivery;
  private final DevicePopulation population;
  private final BatchWriter writer = new BatchWriter();
  private final List<MqttClient> clients = new ArrayList<>();
  private final Recorder lag = new Recorder(HIGHEST_LAG_MICROS, 3);
  private final LongAdder sentPublishes = new LongAdder();
  private final LongAdder sentSightings = new LongAdder();
  private final LongAdder skippedPublishes = new LongAdder();
  private final long epochOffsetMs = System.currentTimeMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime());

  private String[] topics;
  private byte[][] prefixes;
  private long[] seq;
  private int[] inflight;
  /** Seqs awaiting PUBACK per sensor, oldest first (a broker acknowledges in order), when an ack means delivered. */
  private long[][] unacked;
  private int[] unackedHead;
  private MqttQoS qos;
  private int next;
  private double publishesPerNano;
  private long origin;
  private long issued;
  private long timer = -1;

  /** Where the load goes: an MQTT broker, the site whose topics to use and the sensors' password. */
  /**
   * @param ackIsDelivery whether a PUBACK is the delivery to time (a server in another process, where the engine
   *                      cannot be watched: footfall acknowledges a QoS 1 batch once its engine has taken it)
   */
  record Endpoint(String host, int port, String siteId, String password, boolean ackIsDelivery) {
  }

  LoadLane(BenchOptions options, Endpoint endpoint, List<Integer> sensorIndexes, Delivery delivery, long seed) {
    this.options = options;
    this.endpoint = endpoint;
    this.sensorIndexes = List.copyOf(sensorIndexes);
    this.delivery = delivery;
    this.population = new DevicePopulation(sensorIndexes.size(),
        (int) Math.max(sensorIndexes.size(), options.devices() / Math.max(1, options.lanes())),
        Math.max(1, options.dwellSightings() / BURST_FRAMES), seed);
  }

  @Override
  public Future<?> start() {
    int n = sensorIndexes.size();
    topics = new String[n];
    prefixes = new byte[n][];
    seq = new long[n];
    inflight = new int[n];
    unacked = new long[n][options.window() + 1];
    unackedHead = new int[n];
    qos = options.qos() == 1 ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE;
    List<Future<?>> connected = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = SyntheticSite.loadSensorId(sensorIndexes.get(i));
      topics[i] = Topics.sightings(endpoint.siteId(), id);
      prefixes[i] = BatchWriter.sensorPrefix(id);
      connected.add(connect(i, id));
    }
    timer = vertx.setPeriodic(1, id -> tick());
    return Future.all(connected);
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    List<Future<?>> closed = new ArrayList<>();
    for (MqttClient client : clients) {
      if (client.isConnected()) {
        closed.add(client.disconnect());
      }
    }
    return Future.join(closed);
  }

  private Future<?> connect(int i, String id) {
    MqttClientOptions o = new MqttClientOptions()
        .setClientId(id)
        .setUsername(id)
        .setPassword(endpoint.password())
        .setCleanSession(true)
        .setKeepAliveInterval(60)
        .setMaxInflightQueue(options.window() + 1)
        .setMaxMessageSize(-1);
    MqttClient client = MqttClient.create(vertx, o);
    clients.add(client);
    client.publishCompletionHandler(packetId -> acknowledged(i));
    client.publishCompletionExpirationHandler(packetId -> lost(i));
    client.publishCompletionUnknownPacketIdHandler(packetId -> { });
    return client.connect(endpoint.port(), endpoint.host());
  }

  /** Sets the lane's rate in publishes per second (0 pauses); called from any thread. */
  void rate(double publishesPerSecond) {
    context.runOnContext(v -> {
      publishesPerNano = publishesPerSecond / 1e9;
      origin = System.nanoTime();
      issued = 0;
    });
  }

  Counts takeCounts() {
    return new Counts(sentPublishes.sumThenReset(), sentSightings.sumThenReset(), skippedPublishes.sumThenReset(),
        lag.getIntervalHistogram());
  }

  /** What the lane sent since the previous call; {@code lagMicros} is how late publishes left their schedule. */
  record Counts(long publishes, long sightings, long skipped, Histogram lagMicros) {
  }

  private void tick() {
    if (publishesPerNano <= 0) {
      return;
    }
    long now = System.nanoTime();
    long due = (long) ((now - origin) * publishesPerNano);
    while (issued < due) {
      long scheduled = origin + (long) (issued / publishesPerNano);
      issued++;
      publish(scheduled);
    }
  }

  private void publish(long scheduled) {
    int i = next;
    next = next + 1 == clients.size() ? 0 : next + 1;
    MqttClient client = clients.get(i);
    if (inflight[i] >= options.window() || !client.isConnected()) {
      skippedPublishes.increment();
      return;
    }
    long s = ++seq[i];
    int sensor = sensorIndexes.get(i);
    // event time is when the batch really leaves, as a sensor stamps it: a late generator must not make late data
    byte[] payload = batch(i, s, TimeUnit.NANOSECONDS.toMillis(System.nanoTime()) + epochOffsetMs);
    delivery.scheduled(sensor, s, scheduled);
    lag.recordValue(Math.max(0, Math.min(HIGHEST_LAG_MICROS, (System.nanoTime() - scheduled) / 1000)));
    if (endpoint.ackIsDelivery()) {
      long[] ring = unacked[i];
      ring[(unackedHead[i] + inflight[i]) % ring.length] = s;
    }
    inflight[i]++;
    sentPublishes.increment();
    sentSightings.add(options.batchSize());
    Future<Integer> sent = client.publish(topics[i], Buffer.buffer(payload), qos, false, false);
    if (qos == MqttQoS.AT_MOST_ONCE) {
      sent.onComplete(r -> done(i));
    } else {
      sent.onFailure(e -> lost(i));
    }
  }

  /**
   * Probe bursts of {@value #BURST_FRAMES} frames, as phones send them: mostly of phones near this sensor, heard
   * well; some of phones near the neighbouring sensors, heard faintly, so that a device that moved is placed in its
   * new zone by the strength of its signals, at the engine's decision on its next burst.
   */
  private byte[] batch(int i, long s, long tsMs) {
    SplittableRandom random = population.random();
    writer.begin(prefixes[i], s);
    long dev = 0;
    int rssi = 0;
    int sn = 0;
    for (int k = 0; k < options.batchSize(); k++) {
      if (k % BURST_FRAMES == 0) {
        boolean faint = random.nextInt(5) == 0;
        dev = faint ? population.neighbourOf(i) : population.near(i);
        rssi = faint ? -76 - random.nextInt(6) : -48 - random.nextInt(14);
        sn = random.nextInt(4096);
      }
      writer.sighting(k == 0, dev, rssi - random.nextInt(3), tsMs + k % BURST_FRAMES, (dev & 2) != 0,
          (sn + k % BURST_FRAMES) & 4095, dev >>> 32);
    }
    return writer.end();
  }

  private void acknowledged(int i) {
    if (endpoint.ackIsDelivery() && inflight[i] > 0) {
      long[] ring = unacked[i];
      delivery.arrived(sensorIndexes.get(i), ring[unackedHead[i]], options.batchSize());
      unackedHead[i] = (unackedHead[i] + 1) % ring.length;
    }
    done(i);
  }

  /** A QoS 1 publish that will never be acknowledged: it leaves the window undelivered. */
  private void lost(int i) {
    if (endpoint.ackIsDelivery() && inflight[i] > 0) {
      unackedHead[i] = (unackedHead[i] + 1) % unacked[i].length;
    }
    done(i);
  }

  private void done(int i) {
    inflight[i] = Math.max(0, inflight[i] - 1);
  }
}
