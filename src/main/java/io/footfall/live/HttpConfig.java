package io.footfall.live;

/**
 * The web server: REST API, WebSocket live stream and dashboards.
 *
 * @param port           0 picks a free port (the bound one is logged)
 * @param pushIntervalMs how often, at most, live updates go out to a browser
 * @param metricsToken   the bearer token {@code GET /metrics} requires ({@code Authorization: Bearer <token>});
 *                       empty leaves it open to anyone who can reach the port
 */
public record HttpConfig(String host, int port, long pushIntervalMs, String metricsToken) {

  /** An open {@code /metrics}. */
  public HttpConfig(String host, int port, long pushIntervalMs) {
    this(host, port, pushIntervalMs, "");
  }

  public HttpConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("http.port must be 0-65535, got " + port);
    }
    if (pushIntervalMs < 50) {
      throw new IllegalArgumentException("http.pushIntervalMs must be at least 50, got " + pushIntervalMs);
    }
    metricsToken = metricsToken == null ? "" : metricsToken.strip();
  }

  /** The token is masked: configurations get logged. */
  @Override
  public String toString() {
    return "HttpConfig[host=" + host + ", port=" + port + ", pushIntervalMs=" + pushIntervalMs + ", metricsToken="
        + (metricsToken.isEmpty() ? "none" : "***") + "]";
  }
}
