package io.footfall.evaluate;

import io.footfall.bus.OnContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/** footfall's own REST API, as the evaluation reads it: JSON answers, with 404 meaning "not served (yet)". */
final class FootfallApi {

  /** A request that gets no bytes for this long fails instead of stalling the evaluation. */
  private static final long REQUEST_IDLE_TIMEOUT_MS = 30_000;

  private final Vertx vertx;
  private final HttpClientAgent client;
  private final URI base;
  private final String site;
  private final String authorization;

  /** @param login {@code name:password} sent as HTTP Basic with every request */
  FootfallApi(Vertx vertx, URI base, String site, String login) {
    this.vertx = vertx;
    this.client = vertx.createHttpClient();
    this.base = base;
    this.site = site;
    this.authorization = "Basic " + Base64.getEncoder().encodeToString(login.getBytes(StandardCharsets.UTF_8));
  }

  String sitePath() {
    return "/api/sites/" + site;
  }

  static String range(long fromMs, long toMs) {
    return "from=" + Instant.ofEpochMilli(fromMs) + "&to=" + Instant.ofEpochMilli(toMs);
  }

  /** GET a JSON answer (object or array); empty on 404, failed on any other non-2xx status. */
  Future<Optional<Object>> get(String pathAndQuery) {
    return send(HttpMethod.GET, pathAndQuery, null);
  }

  /** POST a JSON body; empty on 404, failed on any other non-2xx status. */
  Future<Optional<Object>> post(String path, JsonObject body) {
    return send(HttpMethod.POST, path, body.toBuffer());
  }

  private Future<Optional<Object>> send(HttpMethod method, String uri, Buffer body) {
    RequestOptions request = new RequestOptions()
        .setMethod(method)
        .setHost(base.getHost())
        .setPort(base.getPort() < 0 ? 80 : base.getPort())
        .setSsl("https".equals(base.getScheme()))
        .setURI(uri)
        .setIdleTimeout(REQUEST_IDLE_TIMEOUT_MS)
        .putHeader(HttpHeaders.ACCEPT, "application/json")
        .putHeader(HttpHeaders.AUTHORIZATION, authorization);
    if (body != null) {
      request.putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
    }
    // the evaluation calls from the command line's thread
    return OnContext.run(vertx, () -> client.request(request)
        .compose(req -> body == null ? req.send() : req.send(body))
        .compose(response -> response.body().map(payload -> answer(response, payload))));
  }

  private static Optional<Object> answer(HttpClientResponse response, Buffer body) {
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException("footfall answered " + response.statusCode() + ": " + body);
    }
    return Optional.of(body == null || body.length() == 0 ? new JsonObject() : Json.decodeValue(body));
  }

  void close() {
    client.close();
  }
}
