package io.footfall.notify;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How alert deliveries went, per webhook target and for the broker: written by {@link Webhooks} and
 * {@link MqttAlerts} on the notifier's event loop, read by {@code /metrics} from a worker thread.
 *
 * <p>A webhook target is named by its URL's host and port only ({@link #targetNames}): paths and user info often
 * carry the receiver's token ({@code https://hooks.example/services/T0/B0/XXXX}, {@code https://user:pw@host/}), and
 * a metric label or log line must not leak it.
 */
public final class NotifyCounters {

  private final Map<String, Webhook> webhooks = new LinkedHashMap<>();
  private final List<String> targets;
  private final boolean mqtt;
  private final AtomicLong mqttPublished = new AtomicLong();
  private final AtomicLong mqttFailed = new AtomicLong();
  private final AtomicLong mqttDropped = new AtomicLong();

  public NotifyCounters(NotifyConfig config) {
    this.targets = targetNames(config.webhooks());
    this.mqtt = config.mqtt();
    targets.forEach(target -> webhooks.put(target, new Webhook()));
  }

  /**
   * The target names of webhook URLs, in their order: {@code host} or {@code host:port} when the URL has a port;
   * a host that occurs again gets {@code #2}, {@code #3}... in configuration order.
   */
  public static List<String> targetNames(List<String> urls) {
    Map<String, Integer> seen = new HashMap<>();
    List<String> names = new ArrayList<>();
    for (String url : urls) {
      URI uri = URI.create(url);
      String host = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
      int occurrence = seen.merge(host, 1, Integer::sum);
      names.add(occurrence == 1 ? host : host + "#" + occurrence);
    }
    return List.copyOf(names);
  }

  /** The target names, in the order of {@code notifications.webhooks}. */
  public List<String> webhookTargets() {
    return targets;
  }

  /** The counters of one target of {@link #webhookTargets()}. */
  public Webhook webhook(String target) {
    Webhook counters = webhooks.get(target);
    if (counters == null) {
      throw new IllegalArgumentException("no webhook target '" + target + "'");
    }
    return counters;
  }

  /** Whether alerts are published to the broker ({@code notifications.mqtt}). */
  public boolean mqtt() {
    return mqtt;
  }

  /** Alert changes the broker acknowledged. */
  public long mqttPublished() {
    return mqttPublished.get();
  }

  /** Publish attempts that failed or lost their connection before the broker's PUBACK; each is published again. */
  public long mqttFailed() {
    return mqttFailed.get();
  }

  /** Alert changes given up because {@code notifications.maxQueued} were waiting for the broker. */
  public long mqttDropped() {
    return mqttDropped.get();
  }

  void mqttPublished(int count) {
    mqttPublished.addAndGet(count);
  }

  void mqttFailed(int count) {
    mqttFailed.addAndGet(count);
  }

  long mqttDroppedOne() {
    return mqttDropped.incrementAndGet();
  }

  /** Deliveries to one webhook target: each change is one delivery, however many attempts it takes. */
  public static final class Webhook {
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    /** Deliveries that got a 2xx answer. */
    public long delivered() {
      return delivered.get();
    }

    /** Deliveries given up after their last attempt or refused by the receiver. */
    public long failed() {
      return failed.get();
    }

    /** Attempts after a failed one: the retries. */
    public long retried() {
      return retried.get();
    }

    /** Deliveries never attempted because {@code notifications.maxQueued} were pending. */
    public long dropped() {
      return dropped.get();
    }

    void deliveredOne() {
      delivered.incrementAndGet();
    }

    void failedOne() {
      failed.incrementAndGet();
    }

    void retriedOne() {
      retried.incrementAndGet();
    }

    long droppedOne() {
      return dropped.incrementAndGet();
    }
  }
}
