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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The probe device whose zone changes the dashboards time: every {@code probePeriodMs} it moves on to the next of
 * the probe zones, round the ring — the new zone's sensor hears it strongly and the old one's faintly, in batches
 * stamped with the moment of the switch. Every probe sensor also sends a sighting too weak to count every
 * {@value #FILLER_MS} ms,
 * so that they never hold the site's event time back (an active sensor that is silent would). The last
 * {@value #HISTORY} switches are remembered, so that a dashboard can match a frame to its switch however late it
 * comes: an update frame lists only the zones that changed, so {@code "probe-3":1} in one is the effect of a
 * switch to probe-3, the oldest one the dashboard has not matched yet (the engine applies them in order). With a
 * ring of {@value SyntheticSite#PROBE_ZONES} zones, switches whose effects were coalesced into one frame cannot be
 * mistaken for one another.
 *
 * <p>Consumes nothing; produces sighting batches over MQTT on the probe sensors' topics, as real sensors do.
 */
final class LatencyProbe extends VerticleBase {

  static final long FILLER_MS = 20;
  private static final long PROBE_DEVICE = 0x0b0bbe7c4f00d001L;
  private static final long FILLER_DEVICE = 0x0b0bbe7c4f00d002L;
  private static final int STRONG_DBM = -40;
  private static final int FAINT_DBM = -80;
  private static final int WEAK_DBM = -99;
  /** The zone-change rule smooths RSSI, so a few samples per switch make the new zone win clearly. */
  private static final int SAMPLES = 3;

  private final LoadLane.Endpoint endpoint;
  private final long periodMs;
  private final BatchWriter writer = new BatchWriter();
  private final MqttClient[] clients = new MqttClient[SyntheticSite.PROBE_ZONES];
  private final long[] seq = new long[SyntheticSite.PROBE_ZONES];
  private final long epochOffsetMs = System.currentTimeMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
  static final int HISTORY = 256;

  private final AtomicLong switches = new AtomicLong();
  private final AtomicLongArray switchedAt = new AtomicLongArray(HISTORY);
  private final List<Long> timers = new ArrayList<>();

  LatencyProbe(LoadLane.Endpoint endpoint, long periodMs) {
    this.endpoint = endpoint;
    this.periodMs = periodMs;
  }

  @Override
  public Future<?> start() {
    List<Future<?>> connected = new ArrayList<>();
    for (int z = 0; z < clients.length; z++) {
      String id = SyntheticSite.probeSensorId(z);
      clients[z] = MqttClient.create(vertx, new MqttClientOptions().setClientId(id).setUsername(id)
          .setPassword(endpoint.password()).setCleanSession(true));
      connected.add(clients[z].connect(endpoint.port(), endpoint.host()));
    }
    return Future.all(connected).onSuccess(v -> {
      timers.add(vertx.setPeriodic(FILLER_MS, id -> filler()));
      timers.add(vertx.setPeriodic(periodMs, id -> flip()));
    });
  }

  @Override
  public Future<?> stop() {
    timers.forEach(vertx::cancelTimer);
    List<Future<?>> closed = new ArrayList<>();
    for (MqttClient c : clients) {
      if (c != null && c.isConnected()) {
        closed.add(c.disconnect());
      }
    }
    return Future.join(closed);
  }

  /** Switches so far; switch {@code n} (from 0) moved the probe to probe zone {@code (n + 1) % PROBE_ZONES}. */
  long switches() {
    return switches.get();
  }

  /** nanoTime of switch {@code n}, if it is among the last {@value #HISTORY}; else 0. */
  long switchedAt(long n) {
    return n < switches.get() - HISTORY ? 0 : switchedAt.get((int) (n % HISTORY));
  }

  /** The probe zone switch {@code n} moved the probe to. */
  static int zoneOf(long n) {
    return (int) ((n + 1) % SyntheticSite.PROBE_ZONES);
  }

  private void flip() {
    long n = switches.get();
    int to = zoneOf(n);
    long now = System.nanoTime();
    long ts = TimeUnit.NANOSECONDS.toMillis(now) + epochOffsetMs;
    switchedAt.set((int) (n % HISTORY), now);
    switches.incrementAndGet();
    send(to, PROBE_DEVICE, STRONG_DBM, ts, SAMPLES);
    send((int) (n % SyntheticSite.PROBE_ZONES), PROBE_DEVICE, FAINT_DBM, ts, SAMPLES);
  }

  private void filler() {
    long ts = TimeUnit.NANOSECONDS.toMillis(System.nanoTime()) + epochOffsetMs;
    for (int z = 0; z < clients.length; z++) {
      send(z, FILLER_DEVICE, WEAK_DBM, ts, 1);
    }
  }

  private void send(int z, long dev, int rssi, long ts, int samples) {
    if (!clients[z].isConnected()) {
      return;
    }
    writer.begin(BatchWriter.sensorPrefix(SyntheticSite.probeSensorId(z)), ++seq[z]);
    for (int k = 0; k < samples; k++) {
      writer.sighting(k == 0, dev, rssi, ts, true, (int) (seq[z] & 4095), dev >>> 32);
    }
    clients[z].publish(Topics.sightings(endpoint.siteId(), SyntheticSite.probeSensorId(z)),
        Buffer.buffer(writer.end()), MqttQoS.AT_MOST_ONCE, false, false);
  }
}
