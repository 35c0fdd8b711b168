package io.footfall.notify;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Where alerts go besides the dashboards ({@code docs/integrations.md}): webhooks and the external MQTT broker.
 * Defaults are in {@code footfall-defaults.yaml}.
 *
 * @param webhooks     URLs every alert change is POSTed to (a comma-separated string works in
 *                     {@code FOOTFALL_NOTIFICATIONS_WEBHOOKS}); empty: no webhooks
 * @param secret       shared secret of the {@code X-Footfall-Signature} HMAC; required with webhooks
 * @param timeoutMs    a delivery attempt that gets no answer for this long fails
 * @param maxAttempts  attempts per delivery, the first included, before it is given up and counted
 * @param retryMinMs   wait before the first retry; doubles after every failed attempt, with jitter
 * @param retryMaxMs   longest wait between attempts
 * @param maxQueued    deliveries waiting or under way at once; beyond it new ones are dropped and counted
 * @param mqtt         publish alerts to {@code footfall/v1/{site}/alerts} on the broker of the {@code broker.*}
 *                     settings (host, port, TLS, credentials), QoS 1
 * @param mqttClientId client id of that publishing connection (1-23 characters), distinct from
 *                     {@code broker.clientId}
 */
public record NotifyConfig(List<String> webhooks, String secret, long timeoutMs, int maxAttempts, long retryMinMs,
                           long retryMaxMs, int maxQueued, boolean mqtt, String mqttClientId) {

  public NotifyConfig {
    List<String> split = new ArrayList<>();
    for (String entry : webhooks == null ? List.<String>of() : webhooks) {
      for (String url : entry.split(",")) {
        if (!url.isBlank()) {
          split.add(url.trim());
        }
      }
    }
    webhooks = List.copyOf(split);
    secret = secret == null ? "" : secret;
    for (String url : webhooks) {
      require(isHttpUrl(url), "notifications.webhooks must be absolute http(s) URLs, got '" + url + "'");
    }
    require(webhooks.isEmpty() || !secret.isEmpty(),
        "notifications.secret is required when notifications.webhooks are set");
    require(timeoutMs >= 100, "notifications.timeoutMs must be at least 100");
    require(maxAttempts >= 1, "notifications.maxAttempts must be at least 1");
    require(retryMinMs >= 10 && retryMaxMs >= retryMinMs,
        "notifications.retryMinMs must be at least 10 and at most notifications.retryMaxMs");
    require(maxQueued >= 1, "notifications.maxQueued must be at least 1");
    require(mqttClientId != null && !mqttClientId.isBlank() && mqttClientId.length() <= 23,
        "notifications.mqttClientId must be 1-23 characters (MQTT 3.1.1), got '" + mqttClientId + "'");
  }

  /** Nothing to deliver anywhere: the notifier is not deployed. */
  public boolean idle() {
    return webhooks.isEmpty() && !mqtt;
  }

  private static boolean isHttpUrl(String url) {
    try {
      URI uri = URI.create(url);
      return uri.getHost() != null && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
