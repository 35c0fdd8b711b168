package io.footfall.live;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Serves the hand-written OpenAPI 3 description of the REST API, classpath {@code openapi.yaml}, at
 * {@code GET /api/openapi.yaml}. {@code OpenApiConformanceTest} keeps it true to the router's routes.
 */
final class OpenApiDocument {

  static final String RESOURCE = "openapi.yaml";
  static final String PATH = "/api/openapi.yaml";

  private OpenApiDocument() {
  }

  static void mount(Router router) {
    Buffer document = read();
    router.get(PATH).handler(ctx -> ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/yaml; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
        .end(document));
  }

  private static Buffer read() {
    try (InputStream in = OpenApiDocument.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " missing from the classpath");
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
