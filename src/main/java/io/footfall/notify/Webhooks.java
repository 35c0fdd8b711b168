package io.footfall.notify;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers alert changes to the configured webhooks: one JSON POST per change and URL, signed with
 * {@value #SIGNATURE_HEADER}{@code : sha256=<hex HMAC-SHA256 of the body>} under {@code notifications.secret},
 * retried with exponential backoff and jitter on network errors, timeouts, 5xx, 408 and 429 until
 * {@code notifications.maxAttempts}. Another 4xx is the receiver refusing the alert: it is given up at once.
 * Deliveries waiting or under way are bounded by {@code notifications.maxQueued}; beyond it new ones are dropped,
 * counted and logged. Everything runs on the calling event loop without blocking; retries of one URL may overtake
 * each other, so receivers order by the alert's times (docs/integrations.md).
 */
public final class Webhooks {

  public static final String SIGNATURE_HEADER = "X-Footfall-Signature";
  public static final String TIMESTAMP_HEADER = "X-Footfall-Timestamp";
  public static final String DELIVERY_HEADER = "X-Footfall-Delivery";

  private static final Logger LOG = LoggerFactory.getLogger(Webhooks.class);

  private final Vertx vertx;
  private final NotifyConfig config;
  private final HttpClientAgent client;
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private int pending;

  public Webhooks(Vertx vertx, NotifyConfig config) {
    this.vertx = vertx;
    this.config = config;
    this.client = vertx.createHttpClient();
  }

  /** Queues the change for every webhook; never waits. */
  public void deliver(JsonObject alert) {
    Buffer body = alert.toBuffer();
    String signature = signature(config.secret(), body);
    for (String url : config.webhooks()) {
      if (pending >= config.maxQueued()) {
        long total = dropped.incrementAndGet();
        LOG.warn("dropping webhook delivery [url: {}, alert: {}, reason: queue full, dropped: {}]",
            url, alert.getString("id"), total);
        continue;
      }
      pending++;
      attempt(new Delivery(url, UUID.randomUUID().toString(), alert.getString("id"), body, signature), 1);
    }
  }

  /** Deliveries that got a 2xx answer. */
  public long delivered() {
    return delivered.get();
  }

  /** Deliveries given up after their last attempt or refused by the receiver. */
  public long failed() {
    return failed.get();
  }

  /** Deliveries never attempted because {@code notifications.maxQueued} were pending. */
  public long dropped() {
    return dropped.get();
  }

  public Future<Void> close() {
    return client.close();
  }

  /** {@code sha256=} and the lowercase hex HMAC-SHA256 of the body under the secret. */
  public static String signature(String secret, Buffer body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /**
   * Wait before the attempt after {@code failedAttempts} failures: {@code retryMinMs} doubled per earlier failure,
   * capped at {@code retryMaxMs}, of which a random half is taken off so that many nodes do not retry in step.
   *
   * @param random a number in [0, 1)
   */
  static long retryDelay(int failedAttempts, long retryMinMs, long retryMaxMs, double random) {
    long doubled = retryMinMs << Math.min(failedAttempts - 1, 30);
    long capped = doubled <= 0 ? retryMaxMs : Math.min(doubled, retryMaxMs);
    return capped - (long) (capped / 2.0 * random);
  }

  private void attempt(Delivery delivery, int number) {
    RequestOptions request = new RequestOptions()
        .setMethod(HttpMethod.POST)
        .setAbsoluteURI(delivery.url)
        .setConnectTimeout(config.timeoutMs())
        .setIdleTimeout(config.timeoutMs())
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(SIGNATURE_HEADER, delivery.signature)
        .putHeader(TIMESTAMP_HEADER, Long.toString(System.currentTimeMillis()))
        .putHeader(DELIVERY_HEADER, delivery.id);
    client.request(request)
        .compose(req -> req.send(delivery.body))
        .compose(response -> response.body().map(ignored -> response))
        .onSuccess(response -> answered(delivery, number, response))
        .onFailure(failure -> retryOrGiveUp(delivery, number, failure.getMessage()));
  }

  private void answered(Delivery delivery, int number, HttpClientResponse response) {
    int status = response.statusCode();
    if (status / 100 == 2) {
      pending--;
      delivered.incrementAndGet();
      LOG.debug("webhook delivered [url: {}, alert: {}, attempt: {}]", delivery.url, delivery.alert, number);
    } else if (status / 100 == 5 || status == 408 || status == 429) {
      retryOrGiveUp(delivery, number, "status " + status);
    } else {
      giveUp(delivery, number, "refused with status " + status);
    }
  }

  private void retryOrGiveUp(Delivery delivery, int number, String reason) {
    if (number >= config.maxAttempts()) {
      giveUp(delivery, number, reason);
      return;
    }
    long wait = retryDelay(number, config.retryMinMs(), config.retryMaxMs(), ThreadLocalRandom.current().nextDouble());
    LOG.debug("webhook attempt failed [url: {}, alert: {}, attempt: {}, reason: {}, retry in: {} ms]",
        delivery.url, delivery.alert, number, reason, wait);
    vertx.setTimer(wait, id -> attempt(delivery, number + 1));
  }

  private void giveUp(Delivery delivery, int number, String reason) {
    pending--;
    failed.incrementAndGet();
    LOG.warn("webhook delivery failed [url: {}, alert: {}, attempts: {}, reason: {}]",
        delivery.url, delivery.alert, number, reason);
  }

  /** One change to one URL; the same body, signature and id on every attempt. */
  private record Delivery(String url, String id, String alert, Buffer body, String signature) {
  }
}
