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
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.ToLongFunction;
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
 * each other, so receivers order by the alert's times (docs/integrations.md). Outcomes are counted per target in
 * {@link NotifyCounters}; logs name the target (host and port), never the full URL, which may hold a token.
 */
public final class Webhooks {

  public static final String SIGNATURE_HEADER = "X-Footfall-Signature";
  public static final String TIMESTAMP_HEADER = "X-Footfall-Timestamp";
  public static final String DELIVERY_HEADER = "X-Footfall-Delivery";

  private static final Logger LOG = LoggerFactory.getLogger(Webhooks.class);

  private final Vertx vertx;
  private final NotifyConfig config;
  private final HttpClientAgent client;
  private final NotifyCounters counters;
  private final List<String> targets;
  private int pending;

  /** @param counters where outcomes are counted; made from the same {@code config} */
  public Webhooks(Vertx vertx, NotifyConfig config, NotifyCounters counters) {
    this.vertx = vertx;
    this.config = config;
    this.counters = counters;
    this.targets = counters.webhookTargets();
    this.client = vertx.createHttpClient();
  }

  /** Queues the change for every webhook; never waits. */
  public void deliver(JsonObject alert) {
    Buffer body = alert.toBuffer();
    String signature = signature(config.secret(), body);
    for (int i = 0; i < targets.size(); i++) {
      String target = targets.get(i);
      if (pending >= config.maxQueued()) {
        long total = counters.webhook(target).droppedOne();
        LOG.warn("dropping webhook delivery [target: {}, alert: {}, reason: queue full, dropped: {}]",
            target, alert.getString("id"), total);
        continue;
      }
      pending++;
      attempt(new Delivery(config.webhooks().get(i), target, UUID.randomUUID().toString(), alert.getString("id"),
          body, signature), 1);
    }
  }

  /** Deliveries that got a 2xx answer, all targets. */
  public long delivered() {
    return total(NotifyCounters.Webhook::delivered);
  }

  /** Deliveries given up after their last attempt or refused by the receiver, all targets. */
  public long failed() {
    return total(NotifyCounters.Webhook::failed);
  }

  /** Deliveries never attempted because {@code notifications.maxQueued} were pending, all targets. */
  public long dropped() {
    return total(NotifyCounters.Webhook::dropped);
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

  private long total(ToLongFunction<NotifyCounters.Webhook> count) {
    return targets.stream().map(counters::webhook).mapToLong(count).sum();
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
      counters.webhook(delivery.target).deliveredOne();
      LOG.debug("webhook delivered [target: {}, alert: {}, attempt: {}]", delivery.target, delivery.alert, number);
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
    LOG.debug("webhook attempt failed [target: {}, alert: {}, attempt: {}, reason: {}, retry in: {} ms]",
        delivery.target, delivery.alert, number, reason, wait);
    vertx.setTimer(wait, id -> {
      counters.webhook(delivery.target).retriedOne();
      attempt(delivery, number + 1);
    });
  }

  private void giveUp(Delivery delivery, int number, String reason) {
    pending--;
    counters.webhook(delivery.target).failedOne();
    LOG.warn("webhook delivery failed [target: {}, alert: {}, attempts: {}, reason: {}]",
        delivery.target, delivery.alert, number, reason);
  }

  /** One change to one URL; the same body, signature and id on every attempt. */
  private record Delivery(String url, String target, String id, String alert, Buffer body, String signature) {
  }
}
