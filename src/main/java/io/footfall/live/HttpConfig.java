package io.footfall.live;

import io.footfall.auth.TrustedProxies;
import java.util.ArrayList;
import java.util.List;

/**
 * The web server: REST API, WebSocket live stream and dashboards.
 *
 * @param port           0 picks a free port (the bound one is logged)
 * @param pushIntervalMs how often, at most, live updates go out to a browser
 * @param metricsToken   the bearer token {@code GET /metrics} requires ({@code Authorization: Bearer <token>});
 *                       empty leaves it open to anyone who can reach the port
 * @param trustedProxies reverse proxies (addresses or CIDR ranges) whose {@code X-Forwarded-For} and
 *                       {@code X-Forwarded-Proto} are believed; a comma-separated string works too
 * @param tlsCertPath    PEM certificate chain; with {@code tlsKeyPath} the server speaks HTTPS only
 * @param tlsKeyPath     PEM private key (PKCS#8 or PKCS#1)
 */
public record HttpConfig(String host, int port, long pushIntervalMs, String metricsToken, List<String> trustedProxies,
                         String tlsCertPath, String tlsKeyPath) {

  /** An open {@code /metrics}, no proxies, no TLS. */
  public HttpConfig(String host, int port, long pushIntervalMs) {
    this(host, port, pushIntervalMs, "", List.of(), "", "");
  }

  public HttpConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("http.port must be 0-65535, got " + port);
    }
    if (pushIntervalMs < 10) {
      throw new IllegalArgumentException("http.pushIntervalMs must be at least 10, got " + pushIntervalMs);
    }
    metricsToken = metricsToken == null ? "" : metricsToken.strip();
    List<String> split = new ArrayList<>();
    for (String entry : trustedProxies == null ? List.<String>of() : trustedProxies) {
      for (String proxy : entry.split(",")) {
        if (!proxy.isBlank()) {
          split.add(proxy.strip());
        }
      }
    }
    trustedProxies = List.copyOf(split);
    new TrustedProxies(trustedProxies);
    tlsCertPath = tlsCertPath == null ? "" : tlsCertPath.strip();
    tlsKeyPath = tlsKeyPath == null ? "" : tlsKeyPath.strip();
    if (tlsCertPath.isEmpty() != tlsKeyPath.isEmpty()) {
      throw new IllegalArgumentException("http.tlsCertPath and http.tlsKeyPath must be given together");
    }
  }

  /** A copy that believes the forwarding headers of these proxies. */
  public HttpConfig withTrustedProxies(List<String> proxies) {
    return new HttpConfig(host, port, pushIntervalMs, metricsToken, proxies, tlsCertPath, tlsKeyPath);
  }

  /** A copy speaking HTTPS with these PEM files. */
  public HttpConfig withTls(String certPath, String keyPath) {
    return new HttpConfig(host, port, pushIntervalMs, metricsToken, trustedProxies, certPath, keyPath);
  }

  public boolean tls() {
    return !tlsCertPath.isEmpty();
  }

  public TrustedProxies proxies() {
    return new TrustedProxies(trustedProxies);
  }

  /** The token is masked: configurations get logged. */
  @Override
  public String toString() {
    return "HttpConfig[host=" + host + ", port=" + port + ", pushIntervalMs=" + pushIntervalMs + ", metricsToken="
        + (metricsToken.isEmpty() ? "none" : "***") + ", trustedProxies=" + trustedProxies + ", tls=" + tls() + "]";
  }
}
